import { startTestApp, type TestApp } from '../support/test-app';

type Operation = { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> }; parameters?: { name: string; in: string; schema?: unknown }[] };

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
});
