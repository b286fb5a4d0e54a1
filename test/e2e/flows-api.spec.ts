import { startTestApp, type TestApp } from '../support/test-app';

const webhookFlow = (path: string) => ({
  schema: 1,
  nodes: [
    { id: 'hook', type: 'core.webhook', params: { path } },
    { id: 'shape', type: 'core.map', params: { fields: { amount: '{{ $trigger.body.amount }}' } } },
  ],
  edges: [{ from: 'hook', to: 'shape' }],
});

describe('flows API', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await app.close();
  });

  it('reports health of the database and the queue', async () => {
    const res = await app.http().get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok', queue: 'ok' });
  });

  it('lists the node catalogue with JSON Schemas and ports', async () => {
    const res = await app.http().get('/api/nodes').expect(200);
    const types = res.body.map((n: { type: string }) => n.type);
    expect(types).toEqual(expect.arrayContaining(['core.webhook', 'core.manual', 'core.if', 'core.switch', 'core.map', 'core.code', 'core.http', 'core.delay', 'core.fail']));
    const ifNode = res.body.find((n: { type: string }) => n.type === 'core.if');
    expect(ifNode).toMatchObject({ kind: 'condition', ports: ['true', 'false'] });
    const http = res.body.find((n: { type: string }) => n.type === 'core.http');
    expect(http.inputSchema.properties.url).toMatchObject({ type: 'string', title: 'URL' });
    expect(http.inputSchema.required).toEqual(['url']);
    expect(http.errorPort).toBe(true);
  });

  it('serves an OpenAPI document that lists the routes', async () => {
    const res = await app.http().get('/api/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/flows', '/api/flows/{id}/publish', '/api/runs', '/api/runs/{id}/retry', '/hooks/{path}']));
  });

  it('creates, reads, updates, publishes, exports, imports and deletes a flow', async () => {
    const created = await app.http().post('/api/flows').send({ name: 'Orders', graph: webhookFlow('orders') }).expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Orders', publishedVersion: null, problems: [] });
    const id = created.body.id;

    const renamed = await app.http().put(`/api/flows/${id}`).send({ name: 'Orders v2' }).expect(200);
    expect(renamed.body.name).toBe('Orders v2');
    expect((await app.http().get(`/api/flows/${id}`).expect(200)).body.graph.nodes).toHaveLength(2);

    expect((await app.http().post(`/api/flows/${id}/publish`).expect(200)).body).toMatchObject({ version: 1 });
    await app.http().post(`/api/flows/${id}/publish`).expect(409);
    const edited = (await app.http().get(`/api/flows/${id}`)).body.graph;
    edited.nodes[1].params.fields.amount = '{{ $trigger.body.total }}';
    await app.http().put(`/api/flows/${id}`).send({ graph: edited }).expect(200);
    expect((await app.http().post(`/api/flows/${id}/publish`).expect(200)).body).toMatchObject({ version: 2 });
    expect((await app.http().get(`/api/flows/${id}/versions`).expect(200)).body.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const exported = (await app.http().get(`/api/flows/${id}/export`).expect(200)).body;
    expect(exported).toMatchObject({ schema: 1, name: 'Orders v2', nodes: [{ id: 'hook' }, { id: 'shape' }] });
    const imported = await app.http().post('/api/flows/import').send({ ...exported, name: 'Copy' }).expect(201);
    expect(imported.body.graph.edges).toEqual(exported.edges);

    await app.http().delete(`/api/flows/${id}`).expect(204);
    await app.http().get(`/api/flows/${id}`).expect(404);
    // Its hook stops answering with the flow.
    await app.http().post('/hooks/orders').send({}).expect(404);
  });

  it('refuses an invalid graph with one problem per node, and writes nothing', async () => {
    const before = (await app.http().get('/api/flows').expect(200)).body.length;
    const res = await app.http().post('/api/flows').send({
      name: 'Broken',
      graph: {
        nodes: [
          { id: 'hook', type: 'core.webhook', params: { path: 'broken' } },
          { id: 'ghost', type: 'core.nope', params: {} },
          { id: 'check', type: 'core.if', params: { condition: '{{ $trigger.body.amount > }}' } },
          { id: 'a', type: 'core.map', params: { fields: {} } },
          { id: 'b', type: 'core.map', params: { fields: {} } },
        ],
        edges: [
          { from: 'hook', to: 'check' },
          { from: 'check', port: 'maybe', to: 'a' },
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
          { from: 'a', to: 'nowhere' },
        ],
      },
    }).expect(400);
    expect(res.body.error).toBe('invalid_graph');
    // What the editor could never draw is refused; a bad expression being typed is listed as what a draft may still lack.
    const all = [...res.body.problems, ...res.body.incomplete];
    const byNode = (id: string) => all.filter((p: { nodeId?: string }) => p.nodeId === id).map((p: { message: string }) => p.message).join(' | ');
    expect(byNode('ghost')).toMatch(/Unknown node type 'core.nope'/);
    expect(byNode('check')).toMatch(/Bad expression in 'check.condition'/);
    expect(res.body.incomplete.find((p: { nodeId?: string }) => p.nodeId === 'check')).toMatchObject({ code: 'badExpression', params: { where: 'check.condition' } });
    expect(byNode('check')).toMatch(/Unknown port 'maybe'/);
    expect(byNode('nowhere')).toMatch(/unknown node 'nowhere'/);
    expect(res.body.problems.some((p: { message: string }) => /Cycle: /.test(p.message))).toBe(true);
    expect((await app.http().get('/api/flows').expect(200)).body.length).toBe(before);
  });

  it('saves a draft whose values the schema refuses, as coded problems on their fields, and refuses to publish it', async () => {
    const created = await app.http().post('/api/flows').send({
      name: 'Typed wrong',
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', params: {} },
          { id: 'wait', type: 'core.delay', params: { amount: 'abc', unit: 'hours' } },
          { id: 'call', type: 'core.http', params: { url: 'https://example.com/{{ $trigger.id' } },
        ],
        edges: [{ from: 'start', to: 'wait' }, { from: 'wait', to: 'call' }],
      },
    }).expect(201);
    expect(created.body.graph.nodes.find((n: { id: string }) => n.id === 'wait').params.amount).toBe('abc');
    expect(created.body.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ nodeId: 'wait', field: 'amount', code: 'invalidValue', params: expect.objectContaining({ label: 'Amount', param: 'amount' }) }),
      expect.objectContaining({ nodeId: 'call', field: 'url', code: 'unclosedExpression' }),
    ]));
    const refused = await app.http().post(`/api/flows/${created.body.id}/publish`).expect(400);
    expect(refused.body.problems.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(['invalidValue', 'unclosedExpression']));
  });

  it('saves an incomplete draft but refuses to publish it, naming the node and param', async () => {
    const created = await app.http().post('/api/flows').send({
      name: 'Half drawn',
      graph: { nodes: [{ id: 'call', type: 'core.http', params: {} }], edges: [] },
    }).expect(201);
    expect(created.body.problems.map((p: { message: string }) => p.message)).toEqual(expect.arrayContaining([
      expect.stringMatching(/Missing required param 'URL' \(url\)/),
      expect.stringMatching(/no trigger/),
    ]));
    const res = await app.http().post(`/api/flows/${created.body.id}/publish`).expect(400);
    expect(res.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ nodeId: 'call', field: 'url' })]));
  });

  it('refuses a second flow on a hook path that is taken', async () => {
    const first = await app.http().post('/api/flows').send({ name: 'A', graph: webhookFlow('shared-path') }).expect(201);
    await app.http().post(`/api/flows/${first.body.id}/publish`).expect(200);
    const second = await app.http().post('/api/flows').send({ name: 'B', graph: webhookFlow('shared-path') }).expect(201);
    const res = await app.http().post(`/api/flows/${second.body.id}/publish`).expect(400);
    expect(res.body.problems[0]).toMatchObject({ nodeId: 'hook', field: 'path', message: expect.stringMatching(/already used/) });
  });

  it('answers 404 for an unknown hook, 413 for an oversized body, 400 for malformed JSON', async () => {
    await app.http().post('/hooks/no-such-hook').send({ a: 1 }).expect(404);
    const flow = await app.http().post('/api/flows').send({ name: 'Limits', graph: webhookFlow('limits') }).expect(201);
    await app.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
    const big = { blob: 'x'.repeat(1024 * 1024 + 10) };
    const tooBig = await app.http().post('/hooks/limits').send(big).expect(413);
    expect(tooBig.body.error).toBe('payload_too_large');
    const malformed = await app.http().post('/hooks/limits').set('content-type', 'application/json').send('{"amount": 1,').expect(400);
    expect(malformed.body.error).toBe('malformed_body');
    const runs = await app.http().get(`/api/runs?flowId=${flow.body.id}`).expect(200);
    expect(runs.body.items).toHaveLength(0);
  });

  it('names the offending field of a bad request body or query', async () => {
    const res = await app.http().post('/api/flows').send({ graph: webhookFlow('x') }).expect(400);
    expect(res.body.message).toMatch(/'name'/);
    const q = await app.http().get('/api/runs?limit=5000').expect(400);
    expect(q.body.message).toMatch(/'limit'/);
    await app.http().get('/api/runs?cursor=garbage').expect(400);
  });

  it('previews an expression against sample data, and explains a bad one', async () => {
    const ok = await app.http().post('/api/expressions/preview').send({ template: 'Deal {{ $trigger.lead.id }}: {{ $steps.invoice.total * 2 }}', scope: { $trigger: { lead: { id: 7 } }, $steps: { invoice: { total: 21 } } } }).expect(200);
    expect(ok.body).toEqual({ value: 'Deal 7: 42' });
    const typed = await app.http().post('/api/expressions/preview').send({ template: '{{ $trigger.items.length }}', scope: { $trigger: { items: [1, 2, 3] } } }).expect(200);
    expect(typed.body).toEqual({ value: 3 });
    const bad = await app.http().post('/api/expressions/preview').send({ template: '{{ nope.x }}' }).expect(200);
    expect(bad.body.error).toMatch(/nope is not defined/);
    const inLoop = await app.http().post('/api/expressions/preview').send({ template: '{{ $index }}: {{ $item.sku }}', scope: { $item: { sku: 'A-1' }, $index: 2 } }).expect(200);
    expect(inLoop.body).toEqual({ value: '2: A-1' });
    const badIndex = await app.http().post('/api/expressions/preview').send({ template: '{{ $index }}', scope: { $item: {}, $index: -1 } }).expect(400);
    expect(badIndex.body.message).toMatch(/scope\.\$index/);
  });

  it('restores a published version into the draft and lists stats and samples per flow', async () => {
    const created = await app.http().post('/api/flows').send({ name: 'Restorable', graph: webhookFlow('restorable') }).expect(201);
    const id = created.body.id;
    await app.http().post(`/api/flows/${id}/publish`).expect(200);
    const edited = { ...webhookFlow('restorable'), nodes: [webhookFlow('restorable').nodes[0]], edges: [] };
    await app.http().put(`/api/flows/${id}`).send({ graph: edited }).expect(200);
    const restored = await app.http().post(`/api/flows/${id}/versions/1/restore`).expect(200);
    expect(restored.body.graph.nodes.map((n: { id: string }) => n.id)).toEqual(['hook', 'shape']);
    await app.http().post(`/api/flows/${id}/versions/9/restore`).expect(404);

    const list = await app.http().get('/api/flows').expect(200);
    expect(list.body.find((f: { id: string }) => f.id === id).stats).toEqual({ lastRunStatus: null, lastRunAt: null, runsToday: 0, failureRate: null });
    expect((await app.http().get(`/api/flows/${id}/samples`).expect(200)).body).toEqual({});
  });
});
