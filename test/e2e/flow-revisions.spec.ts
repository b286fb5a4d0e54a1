import { startTestApp, waitForRun, type TestApp } from '../support/test-app';

type TestNode = { id: string; type: string; params: Record<string, unknown>; position?: { x: number; y: number } };

const graph = (message: string): { nodes: TestNode[]; edges: { from: string; to: string }[] } => ({
  nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'shape', type: 'core.map', params: { fields: { message } }, position: { x: 100, y: 0 } }],
  edges: [{ from: 'start', to: 'shape' }],
});

describe('drafts with revisions, versions with notes and diffs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('refuses a save against an older revision with 409 naming the revision that won and who saved it', async () => {
    const created = await app.as('analyst').post('/api/flows').send({ name: 'Two tabs', graph: graph('a') }).expect(201);
    expect(created.body.revision).toBe(1);
    const first = await app.as('analyst').put(`/api/flows/${created.body.id}`).send({ graph: graph('tab one'), revision: 1 }).expect(200);
    expect(first.body.revision).toBe(2);
    const stale = await app.as('admin').put(`/api/flows/${created.body.id}`).send({ graph: graph('tab two'), revision: 1 }).expect(409);
    expect(stale.body).toMatchObject({ error: 'stale_revision', revision: 2, savedBy: app.users.analyst.email });
    expect((await app.http().get(`/api/flows/${created.body.id}`)).body.graph.nodes[1].params.fields.message).toBe('tab one');
    // Overwrite after confirmation: save again naming the revision that won.
    const overwritten = await app.as('admin').put(`/api/flows/${created.body.id}`).send({ graph: graph('tab two'), revision: 2 }).expect(200);
    expect(overwritten.body.revision).toBe(3);
    await app.as('analyst').put(`/api/flows/${created.body.id}`).send({ graph: graph('x'), revision: 0 }).expect(400);
  });

  it('refuses to publish a draft that runs exactly like the latest version, keeps notes and lists a diff', async () => {
    const created = await app.http().post('/api/flows').send({ name: 'Versions', graph: graph('one') }).expect(201);
    const id = created.body.id;
    await app.http().post(`/api/flows/${id}/publish`).send({ note: 'first cut' }).expect(200);
    const moved = graph('one');
    moved.nodes[1].position = { x: 400, y: 300 };
    await app.http().put(`/api/flows/${id}`).send({ graph: moved }).expect(200);
    const same = await app.http().post(`/api/flows/${id}/publish`).expect(409);
    expect(same.body).toMatchObject({ error: 'no_changes', version: 1 });

    const changed = graph('two');
    changed.nodes.push({ id: 'extra', type: 'core.map', params: { fields: { a: 'b' } }, position: { x: 0, y: 0 } });
    changed.edges.push({ from: 'shape', to: 'extra' });
    await app.http().put(`/api/flows/${id}`).send({ graph: changed }).expect(200);
    await app.http().post(`/api/flows/${id}/publish`).send({ note: 'adds extra' }).expect(200);
    const versions = (await app.as('manager').get(`/api/flows/${id}/versions`).expect(200)).body;
    expect(versions.map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([[2, 'adds extra'], [1, 'first cut']]);
    const diff = (await app.as('manager').get(`/api/flows/${id}/versions/1/diff/2`).expect(200)).body;
    expect(diff).toMatchObject({
      added: ['extra'], removed: [],
      changed: [{ nodeId: 'shape', changes: [{ path: 'params.fields.message', before: 'one', after: 'two' }] }],
      edgesAdded: [{ from: 'shape', to: 'extra' }], edgesRemoved: [],
    });
    expect((await app.as('manager').get(`/api/flows/${id}/versions/2/diff/draft`).expect(200)).body.changed).toEqual([]);
    await app.as('manager').get(`/api/flows/${id}/versions/1/diff/9`).expect(404);
    await app.as('manager').get(`/api/flows/${id}/versions/x/diff/2`).expect(400);
  });

  it('leaves test runs out of the flow figures', async () => {
    const created = await app.http().post('/api/flows').send({ name: 'Figures', graph: graph('live') }).expect(201);
    const id = created.body.id;
    const test = await app.http().post(`/api/flows/${id}/run`).send({ payload: {}, draft: true }).expect(202);
    await waitForRun(app, test.body.runId);
    let listed = (await app.http().get('/api/flows')).body.find((f: { id: string }) => f.id === id);
    expect(listed.stats).toMatchObject({ runsToday: 0, lastRunStatus: null });
    await app.http().post(`/api/flows/${id}/publish`).expect(200);
    const live = await app.http().post(`/api/flows/${id}/run`).send({ payload: {} }).expect(202);
    await waitForRun(app, live.body.runId);
    listed = (await app.http().get('/api/flows')).body.find((f: { id: string }) => f.id === id);
    expect(listed.stats).toMatchObject({ runsToday: 1, lastRunStatus: 'succeeded' });
  });
});
