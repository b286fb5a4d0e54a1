import { defineNode, f } from '@flowbridge/nodes/sdk';
import { startTestApp, waitForRun, type TestApp } from '../support/test-app';

/** One node type in two versions: v2 answers differently, as a changed connector action would. */
const greetV1 = defineNode({ type: 'test.greet', kind: 'action', title: 'Greet', category: 'Data', params: { who: f.text({ label: 'Who', required: true }) }, run: (_ctx, p) => ({ greeting: `hello ${p.who}` }) });
const greetV2 = defineNode({ type: 'test.greet', version: 2, kind: 'action', title: 'Greet', category: 'Data', params: { who: f.text({ label: 'Who', required: true }) }, run: (_ctx, p) => ({ greeting: `HI ${p.who.toUpperCase()}`, v: 2 }) });

const graph = { nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'greet', type: 'test.greet', params: { who: 'ann' } }], edges: [{ from: 'start', to: 'greet' }] };

describe('node versions', () => {
  let before: TestApp;
  let after: TestApp;
  afterAll(async () => {
    await after?.stop();
    await before?.close();
  });

  async function runOnce(app: TestApp, flowId: string) {
    const { runId } = (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: {} }).expect(202)).body;
    const run = await waitForRun(app, runId);
    return run.steps.find((s: { nodeId: string }) => s.nodeId === 'greet').output;
  }

  it('keeps a published flow on the version it was drawn with when a newer version ships', async () => {
    before = await startTestApp({ extraNodes: [greetV1] });
    const flow = await before.http().post('/api/flows').send({ name: 'Greeter', graph }).expect(201);
    expect(flow.body.graph.nodes.map((n: { version: number }) => n.version)).toEqual([1, 1]);
    await before.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
    expect(await runOnce(before, flow.body.id)).toEqual({ greeting: 'hello ann' });
    await before.stop();

    // The same database after an upgrade that brings version 2 of the node.
    after = await startTestApp({ db: before.db, extraNodes: [greetV1, greetV2] });
    expect(await runOnce(after, flow.body.id)).toEqual({ greeting: 'hello ann' });
    const draft = (await after.http().get(`/api/flows/${flow.body.id}`)).body.graph;
    await after.http().put(`/api/flows/${flow.body.id}`).send({ graph: draft }).expect(200);
    expect((await after.http().get(`/api/flows/${flow.body.id}`)).body.graph.nodes[1].version).toBe(1);

    const fresh = await after.http().post('/api/flows').send({ name: 'New greeter', graph }).expect(201);
    expect(fresh.body.graph.nodes[1].version).toBe(2);
    await after.http().post(`/api/flows/${fresh.body.id}/publish`).expect(200);
    expect(await runOnce(after, fresh.body.id)).toEqual({ greeting: 'HI ANN', v: 2 });

    // Upgrading is the analyst's choice: the diff shows it, and the flow then runs the new version.
    const upgraded = { ...draft, nodes: draft.nodes.map((n: { id: string }) => (n.id === 'greet' ? { ...n, version: 2 } : n)) };
    await after.http().put(`/api/flows/${flow.body.id}`).send({ graph: upgraded }).expect(200);
    const diff = (await after.http().get(`/api/flows/${flow.body.id}/versions/1/diff/draft`)).body;
    expect(diff.changed).toEqual([{ nodeId: 'greet', changes: [{ path: 'version', before: 1, after: 2 }] }]);
    await after.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
    expect(await runOnce(after, flow.body.id)).toEqual({ greeting: 'HI ANN', v: 2 });

    const unknown = await after.http().put(`/api/flows/${flow.body.id}`).send({ graph: { ...draft, nodes: draft.nodes.map((n: { id: string }) => (n.id === 'greet' ? { ...n, version: 7 } : n)) } }).expect(400);
    expect(unknown.body.message).toContain(`Node type 'test.greet' has no version 7`);
  });
});
