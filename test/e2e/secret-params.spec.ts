import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FakeClock } from '../../server/src/engine/clock';
import { startTestApp, waitForRun, type TestApp } from '../support/test-app';

const SECRET = 'webhook-secret-value-91f3';

const flowWithSecret = (path: string, secret: unknown) => ({
  nodes: [{ id: 'hook', type: 'core.webhook', params: { path, secret } }, { id: 'shape', type: 'core.map', params: { fields: { deal: '{{ $trigger.body.deal }}' } } }],
  edges: [{ from: 'hook', to: 'shape' }],
});

const sign = (body: string, at: Date, secret = SECRET) => {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
};

describe('secret params and signed webhooks', () => {
  const clock = new FakeClock();
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ clock });
  });
  afterAll(async () => {
    await app.close();
  });

  it('stores a webhook secret encrypted, shows it to every role only as set, keeps it on save and leaves it out of exports', async () => {
    const created = await app.as('analyst').post('/api/flows').send({ name: 'Signed', graph: flowWithSecret('signed-a', SECRET) }).expect(201);
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    const [row] = await app.app.get(DataSource).query(`select draft::text as draft from flows where id = $1`, [created.body.id]);
    expect(row.draft).not.toContain(SECRET);
    expect(row.draft).toMatch(/"\$secret": "v1\./);

    for (const role of ['admin', 'analyst', 'manager'] as const) {
      const seen = await app.as(role).get(`/api/flows/${created.body.id}`).expect(200);
      expect(seen.body.graph.nodes[0].params.secret).toEqual({ $secret: 'set' });
      expect(JSON.stringify(seen.body)).not.toContain('v1.');
    }
    const exported = await app.as('manager').get(`/api/flows/${created.body.id}/export`).expect(200);
    expect(exported.body.nodes[0].params).not.toHaveProperty('secret');

    // The editor sends back what it was shown: the saved secret stays, and still opens the hook.
    const shown = (await app.as('analyst').get(`/api/flows/${created.body.id}`)).body.graph;
    await app.as('analyst').put(`/api/flows/${created.body.id}`).send({ graph: shown }).expect(200);
    await app.as('analyst').post(`/api/flows/${created.body.id}/publish`).expect(200);
    await app.as('anonymous').post('/hooks/signed-a').set('x-flowbridge-secret', 'wrong').send({ deal: 1 }).expect(401);
    const accepted = await app.as('anonymous').post('/hooks/signed-a').set('x-flowbridge-secret', SECRET).send({ deal: 7 }).expect(202);
    const run = await waitForRun(app, accepted.body.runId);
    expect(run.status).toBe('succeeded');
    expect(JSON.stringify(run)).not.toContain(SECRET);

    const forged = await app.as('analyst').put(`/api/flows/${created.body.id}`).send({ graph: flowWithSecret('signed-a', { $secret: 'v1.forged.value.here' }) });
    expect(forged.status).toBe(400);
  });

  it('accepts a signed delivery once, answers a replay with the first run, and refuses a stale timestamp', async () => {
    const created = await app.http().post('/api/flows').send({ name: 'HMAC', graph: flowWithSecret('signed-b', SECRET) }).expect(201);
    await app.http().post(`/api/flows/${created.body.id}/publish`).expect(200);
    const body = JSON.stringify({ deal: 4711 });
    const signature = sign(body, clock.now());
    const first = await app.as('anonymous').post('/hooks/signed-b').set('content-type', 'application/json').set('x-flowbridge-signature', signature).send(body).expect(202);
    const replay = await app.as('anonymous').post('/hooks/signed-b').set('content-type', 'application/json').set('x-flowbridge-signature', signature).send(body).expect(200);
    expect(replay.body).toEqual({ runId: first.body.runId, duplicate: true });

    clock.advance(10 * 60_000);
    const stale = await app.as('anonymous').post('/hooks/signed-b').set('content-type', 'application/json').set('x-flowbridge-signature', signature).send(body).expect(401);
    expect(stale.body.message).toMatch(/replay/);
    const forged = await app.as('anonymous').post('/hooks/signed-b').set('content-type', 'application/json').set('x-flowbridge-signature', sign(body, clock.now(), 'other-secret')).send(body);
    expect(forged.status).toBe(401);
  });

  it('keeps the caller’s Authorization and Cookie headers out of the stored delivery', async () => {
    const created = await app.http().post('/api/flows').send({ name: 'Open', graph: { nodes: [{ id: 'hook', type: 'core.webhook', params: { path: 'open-c' } }], edges: [] } }).expect(201);
    await app.http().post(`/api/flows/${created.body.id}/publish`).expect(200);
    const accepted = await app.as('anonymous').post('/hooks/open-c').set('authorization', 'Bearer caller-token-77').set('cookie', 'sid=caller-cookie-77').send({ a: 1 }).expect(202);
    const run = await waitForRun(app, accepted.body.runId);
    expect(JSON.stringify(run)).not.toMatch(/caller-token-77|caller-cookie-77/);
    const [row] = await app.app.get(DataSource).query(`select string_agg(output::text, '') as t from steps where run_id = $1`, [run.id]);
    expect(row.t).not.toMatch(/caller-token-77|caller-cookie-77/);
  });
});
