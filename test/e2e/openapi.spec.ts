import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/test-app';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>; requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> }; parameters?: { name: string; in: string; schema?: unknown }[] };

/** The API document a typed client is generated from: request schemas come from the zod schemas the handlers parse with. */
describe('OpenAPI document', () => {
  let app: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    paths = (await app.http().get('/api/openapi.json').expect(200)).body.paths;
  });
  afterAll(() => app.close());

  const body = (path: string, method: string) => paths[path]?.[method]?.requestBody?.content['application/json']?.schema;

  it('describes request bodies by the schemas their handlers parse', () => {
    expect(body('/api/flows', 'post')).toMatchObject({ properties: { name: expect.objectContaining({ type: 'string' }), graph: expect.anything() }, required: ['name', 'graph'] });
    expect(body('/api/settings/retention', 'put')).toMatchObject({ properties: { stepPayloadDays: { type: 'integer', minimum: 1, maximum: 3650 }, runDays: expect.objectContaining({ type: 'integer' }) } });
    expect(body('/api/runs/bulk', 'post')?.properties).toEqual(expect.objectContaining({ action: expect.objectContaining({ enum: ['retry', 'cancel'] }) }));
    expect(body('/api/connections', 'post')?.required).toEqual(expect.arrayContaining(['connector', 'name']));
  });

  it('describes query parameters the same way', () => {
    const waiting = paths['/api/stats/waiting']?.get?.parameters ?? [];
    expect(waiting.map((p) => [p.name, p.in])).toEqual(expect.arrayContaining([['flowId', 'query'], ['connector', 'query']]));
  });

  /** What answers something other than a JSON body: pages, files, streams and empty 204s. */
  const NOT_JSON = new Set([
    'get /api/runs/stream', 'get /api/tables/{id}/export', 'get /metrics',
    'get /forms/{runId}/{nodeId}', 'get /approve/{runId}/{nodeId}', 'post /approve/{runId}/{nodeId}',
  ]);

  it('describes what every route answers, so a typed client can be generated from it', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const key = `${method} ${path}`;
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        if (NOT_JSON.has(key) || success.some(([status]) => status === '204')) continue;
        if (!success.some(([, response]) => response.content?.['application/json']?.schema)) missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every route the one error shape clients branch on', () => {
    const error = (path: string, method: string) => paths[path]?.[method]?.responses?.['4XX']?.content?.['application/json']?.schema;
    expect(error('/api/flows/{id}', 'put')).toEqual({ $ref: '#/components/schemas/ApiError' });
    expect(error('/hooks/{path}', 'post')).toEqual({ $ref: '#/components/schemas/ApiError' });
  });

  it('describes answers by the schemas the server holds them to', () => {
    const answer = (path: string, method: string, status: string) => paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema;
    expect(answer('/api/flows/{id}', 'get', '200')).toMatchObject({ properties: { revision: { type: 'integer' }, graph: expect.objectContaining({ type: 'object' }) }, required: expect.arrayContaining(['id', 'revision', 'problems']) });
    expect(answer('/api/runs', 'get', '200')).toMatchObject({ properties: { items: { type: 'array' }, nextCursor: { type: 'string', nullable: true } } });
    expect(answer('/api/runs/{id}', 'get', '200')).toMatchObject({ properties: { status: { enum: ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] } } });
  });

  it('refuses, in the test suites, an answer that drifts from its documented schema', async () => {
    // Every e2e test runs with the check on: this one proves the check is there and bites.
    const db = app.app.get(DataSource);
    const [{ id }] = await db.query(`insert into flows (name, draft, problems) values ('drifted', '{"nodes": [], "edges": []}', '[{"no message": true}]') returning id`);
    try {
      const res = await app.http().get('/api/flows').expect(500);
      expect(res.body).toMatchObject({ error: 'response_schema', message: expect.stringContaining('problems') });
    } finally {
      await db.query(`delete from flows where id = $1`, [id]);
    }
  });
});
