import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Run = { id: string; status: string; parentRunId: string | null; parentNodeId: string | null; children: { id: string; parentNodeId: string }[]; steps: { nodeId: string; status: string; port: string | null; output: Record<string, unknown> }[] };
const last = (run: Run, id: string) => run.steps.filter((s) => s.nodeId === id).at(-1);

describe('sub-flows', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const publish = (name: string, graph: object) => publishFlow(app, name, graph);

  const parentOf = (childId: string) => ({
    nodes: [
      { id: 'start', type: 'core.manual', params: {} },
      { id: 'notify', type: 'core.subflow', params: { flowId: childId, input: { deal: '{{ $trigger.deal }}' } } },
      { id: 'after', type: 'core.map', params: { fields: { told: '{{ $steps.notify.outputs.compose.text }}' } } },
      { id: 'handled', type: 'core.map', params: { fields: { why: '{{ $steps.notify.error.message }}' } } },
    ],
    edges: [{ from: 'start', to: 'notify' }, { from: 'notify', to: 'after' }, { from: 'notify', port: 'error', to: 'handled' }],
  });

  it('runs a published flow as a child, hands its outputs back, and links parent and child both ways', async () => {
    const childId = await publish('Notify head of department', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'compose', type: 'core.map', params: { fields: { text: 'Deal {{ $trigger.deal }} needs you' } } }],
      edges: [{ from: 'start', to: 'compose' }],
    });
    const parentFlow = await publish('Deal won', parentOf(childId));
    const { runId } = (await app.http().post(`/api/flows/${parentFlow}/run`).send({ payload: { deal: 4711 } }).expect(202)).body;
    const parent: Run = await waitForRun(app, runId);
    expect(parent.status).toBe('succeeded');
    expect(last(parent, 'after')!.output).toEqual({ told: 'Deal 4711 needs you' });
    expect(last(parent, 'handled')!.status).toBe('skipped');
    expect(parent.children).toEqual([expect.objectContaining({ parentNodeId: 'notify' })]);
    const child: Run = (await app.http().get(`/api/runs/${parent.children[0].id}`).expect(200)).body;
    expect(child).toMatchObject({ status: 'succeeded', parentRunId: runId, parentNodeId: 'notify' });
    expect(last(child, 'start')!.output).toEqual({ deal: 4711 });
  });

  it("sends a child's failure to the parent's error port", async () => {
    const childId = await publish('Always fails', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'stop', type: 'core.fail', params: { message: 'head of department unknown' } }],
      edges: [{ from: 'start', to: 'stop' }],
    });
    const parentFlow = await publish('Deal lost', parentOf(childId));
    const { runId } = (await app.http().post(`/api/flows/${parentFlow}/run`).send({ payload: { deal: 7 } }).expect(202)).body;
    const parent: Run = await waitForRun(app, runId);
    expect(parent.status).toBe('succeeded');
    expect(last(parent, 'notify')).toMatchObject({ status: 'failed', port: 'error' });
    expect(last(parent, 'handled')!.output.why).toMatch(/^Sub-flow run [0-9a-f-]{36} failed: head of department unknown$/);
    expect(last(parent, 'after')!.status).toBe('skipped');
  });

  it('refuses a flow that calls itself beyond the nesting limit', async () => {
    const created = await app.http().post('/api/flows').send({ name: 'Recursive', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] } }).expect(201);
    const id = created.body.id;
    await app.http().put(`/api/flows/${id}`).send({ graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'again', type: 'core.subflow', params: { flowId: id } }], edges: [{ from: 'start', to: 'again' }] } }).expect(200);
    await app.http().post(`/api/flows/${id}/publish`).expect(200);
    const { runId } = (await app.http().post(`/api/flows/${id}/run`).send({ payload: {} }).expect(202)).body;
    const top: Run = await waitForRun(app, runId, undefined, 30_000);
    expect(top.status).toBe('failed');
    let deepest: Run = top;
    for (let depth = 0; depth < 12 && deepest.children.length; depth++) deepest = (await app.http().get(`/api/runs/${deepest.children[0].id}`)).body;
    expect(JSON.stringify(deepest.steps)).toContain('nest deeper than 10');
  });
});
