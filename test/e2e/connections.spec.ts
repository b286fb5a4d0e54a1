import { DataSource } from 'typeorm';
import { KommoSimulator } from '../../nodes/connectors/kommo/simulator';
import { startTestApp, type TestApp } from '../support/test-app';

describe('connections', () => {
  const kommo = new KommoSimulator({ accessToken: 'kommo-token-right-123' });
  let app: TestApp;
  beforeAll(async () => {
    await kommo.start();
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await app.close();
    await kommo.stop();
  });

  it('stores credentials encrypted, never returns them, and tests them against the remote system', async () => {
    const good = await app.http().post('/api/connections').send({ connector: 'kommo', name: 'Kommo', credentials: { baseUrl: kommo.url, accessToken: 'kommo-token-right-123' } }).expect(201);
    expect(good.body).toMatchObject({ connector: 'kommo', name: 'Kommo', config: { baseUrl: kommo.url }, secretFields: expect.arrayContaining(['accessToken']) });
    expect(JSON.stringify(good.body)).not.toContain('kommo-token-right-123');
    const [row] = await app.app.get(DataSource).query(`select secrets from connections where id = $1`, [good.body.id]);
    expect(row.secrets).toMatch(/^v1\./);
    expect(row.secrets).not.toContain('kommo-token-right-123');

    expect((await app.http().post(`/api/connections/${good.body.id}/test`).expect(200)).body).toEqual({ ok: true, message: 'Connection works' });

    const bad = await app.http().post('/api/connections').send({ connector: 'kommo', name: 'Wrong', credentials: { baseUrl: kommo.url, accessToken: 'kommo-token-wrong-456' } }).expect(201);
    const tested = await app.http().post(`/api/connections/${bad.body.id}/test`).expect(200);
    expect(tested.body.ok).toBe(false);
    expect(tested.body.message).toMatch(/Credentials refused/);
    expect(tested.body.message).not.toContain('kommo-token-wrong-456');

    await app.http().delete(`/api/connections/${bad.body.id}`).expect(204);
    await app.http().get(`/api/connections/${bad.body.id}`).expect(404);
  });

  it('loads dynamic select options through the connection', async () => {
    const conn = await app.http().post('/api/connections').send({ connector: 'kommo', name: 'Options', credentials: { baseUrl: kommo.url, accessToken: 'kommo-token-right-123' } }).expect(201);
    const pipelines = await app.as('analyst').get(`/api/connections/${conn.body.id}/options/kommo.pipelines`).expect(200);
    expect(pipelines.body).toEqual(expect.arrayContaining([{ value: '7001', label: 'Travel sales' }]));
    const stages = await app.as('analyst').get(`/api/connections/${conn.body.id}/options/kommo.statuses?params=${encodeURIComponent(JSON.stringify({ pipelineId: 7001 }))}`).expect(200);
    expect(stages.body).toEqual(expect.arrayContaining([{ value: '70010001', label: 'To invoice' }]));
    await app.as('analyst').get(`/api/connections/${conn.body.id}/options/nope`).expect(404);
  });

  it('names the missing or unknown credential field', async () => {
    const missing = await app.http().post('/api/connections').send({ connector: 'kommo', name: 'x', credentials: { baseUrl: kommo.url } }).expect(400);
    expect(missing.body.message).toMatch(/credentials\.accessToken/);
    const unknown = await app.http().post('/api/connections').send({ connector: 'kommo', name: 'x', credentials: { baseUrl: kommo.url, accessToken: 't', password: 'p' } }).expect(400);
    expect(unknown.body.message).toMatch(/password/);
    await app.http().post('/api/connections').send({ connector: 'nope', name: 'x', credentials: {} }).expect(400);
  });
});
