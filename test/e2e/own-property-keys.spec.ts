import { KommoSimulator } from '../../nodes/connectors/kommo/simulator';
import { startTestApp, type TestApp } from '../support/test-app';

/** Names every plain object answers through its prototype; none of them may reach a lookup. */
const BUILT_IN = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
  'toLocaleString', '__defineGetter__', '__lookupGetter__', 'prototype'];

describe('keys from requests are looked up in own properties only', () => {
  const kommo = new KommoSimulator({ accessToken: 'kommo-secret-token-own-keys' });
  let app: TestApp;
  let connectionId: string;
  beforeAll(async () => {
    await kommo.start();
    app = await startTestApp({ worker: false });
    const conn = await app.http().post('/api/connections').send({ connector: 'kommo', name: 'Kommo', credentials: { baseUrl: kommo.url, accessToken: 'kommo-secret-token-own-keys' } }).expect(201);
    connectionId = conn.body.id;
  });
  afterAll(async () => {
    await app.close();
    await kommo.stop();
  });

  it.each(BUILT_IN)('answers 404 or 400 for "%s" on every route that takes a key, and never shows a secret', async (name) => {
    const key = encodeURIComponent(name);
    const answers = [
      await app.as('analyst').get(`/api/connections/${connectionId}/options/${key}`),
      await app.http().post(`/api/connectors/${key}/enable`),
      await app.http().post(`/api/connectors/${key}/disable`),
      await app.http().get(`/api/connectors/${key}/nodes`),
      await app.http().post(`/api/templates/${key}/instantiate`).send({}),
      await app.http().post(`/hooks/${key}`).send({}),
      await app.http().get(`/api/flows/${key}`),
      await app.http().get(`/api/runs/${key}`),
      await app.http().get(`/api/connections/${key}`),
      await app.http().post(`/api/flows/${key}/versions/${key}/restore`),
      await app.http().get(`/api/runs?status=${key}`),
      await app.http().post('/api/connections').send({ connector: name, name: 'x', credentials: {} }),
      await app.http().post('/api/connections').send({ connector: 'kommo', name: 'x', credentials: { baseUrl: kommo.url, accessToken: 't', [name]: 'x' } }),
      await app.http().post('/api/flows').send({ name: 'x', graph: { nodes: [{ id: 'start', type: name, params: {} }], edges: [] } }),
      await app.http().post('/api/flows').send({ name: 'x', graph: { nodes: [{ id: 'start', type: 'core.manual', params: { [name]: 'x' } }], edges: [] } }),
      await app.http().post('/api/flows').send({ name: 'x', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [{ from: 'start', port: name, to: 'start' }] } }),
    ];
    for (const res of answers) {
      expect([400, 404]).toContain(res.status);
      expect(res.text).not.toContain('kommo-secret-token-own-keys');
    }
  });

  it('a template param named like a built-in member is not read from the prototype', async () => {
    const res = await app.http().post('/api/templates/kommo-easycount-invoice/instantiate').send({ params: { constructor: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/params\./);
  });
});
