import { RecordingServer } from '../support/recording-server';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';
import { spawnWorker, stopProcess } from '../support/worker-process';

describe('a worker killed mid-run', () => {
  const remote = new RecordingServer();
  let baseUrl: string;
  let app: TestApp;
  const workers: ReturnType<typeof spawnWorker>[] = [];

  beforeAll(async () => {
    baseUrl = await remote.start();
    // The API alone: runs are driven only by the worker processes spawned below.
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await app.close();
    await remote.stop();
  });

  it('is resumed by another worker, and no step that succeeded runs again', async () => {
    let holdPayment = true;
    remote.setReply((req) => (req.path === '/payment-link' && holdPayment ? 'hang' : { status: 200, body: { path: req.path } }));
    const flow = await app.http().post('/api/flows').send({
      name: 'Crash test',
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', params: {} },
          { id: 'invoice', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/invoice` } },
          { id: 'link', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/payment-link`, timeoutMs: 120_000 } },
          { id: 'deal', type: 'core.http', params: { method: 'PATCH', url: `${baseUrl}/deal` } },
        ],
        edges: [{ from: 'start', to: 'invoice' }, { from: 'invoice', to: 'link' }, { from: 'link', to: 'deal' }],
      },
    }).expect(201);
    await app.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
    const { body } = await app.http().post(`/api/flows/${flow.body.id}/run`).send({ payload: { deal: 1 } }).expect(202);

    const first = spawnWorker(app.db.url);
    workers.push(first);
    await eventually(async () => remote.requests.filter((r) => r.path === '/payment-link').length, (n) => n === 1, 30_000);
    await stopProcess(first, 'SIGKILL');

    holdPayment = false;
    const second = spawnWorker(app.db.url);
    workers.push(second);
    const run = await waitForRun(app, body.runId, ['succeeded', 'failed'], 30_000);

    expect(run.status).toBe('succeeded');
    const calls = (path: string) => remote.requests.filter((r) => r.path === path);
    expect(calls('/invoice')).toHaveLength(1);
    expect(calls('/deal')).toHaveLength(1);
    // The step in flight when the worker died runs again, with the same idempotency key.
    expect(calls('/payment-link')).toHaveLength(2);
    expect(new Set(calls('/payment-link').map((r) => r.headers['idempotency-key'])).size).toBe(1);
    const succeeded = run.steps.filter((s: { status: string }) => s.status === 'succeeded').map((s: { nodeId: string }) => s.nodeId);
    expect(succeeded.sort()).toEqual(['deal', 'invoice', 'link', 'start']);
  });

  it('resumes a loop inside the item in flight: finished items are not sent again, each item keeps its own key', async () => {
    // Only the workers of this test may drive the run.
    await Promise.all(workers.splice(0).map((w) => stopProcess(w, 'SIGKILL')));
    let holdSecond = true;
    remote.setReply((req) => (req.path === '/row' && JSON.parse(req.body).index === 1 && holdSecond ? 'hang' : { status: 200, body: { path: req.path } }));
    const flowId = await publishFlow(app, 'Crash in a loop', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'rows', type: 'core.forEach', params: { items: '{{ $trigger.rows }}' } },
        { id: 'row', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/row`, body: { index: '{{ $index }}', sku: '{{ $item }}' }, timeoutMs: 120_000 } },
        { id: 'after', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/after`, body: { count: '{{ $steps.rows.count }}' } } },
      ],
      edges: [{ from: 'start', to: 'rows' }, { from: 'rows', port: 'item', to: 'row' }, { from: 'rows', port: 'done', to: 'after' }],
    });
    const { body } = await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { rows: ['A', 'B', 'C'] } }).expect(202);

    const first = spawnWorker(app.db.url);
    workers.push(first);
    await eventually(async () => remote.requests.filter((r) => r.path === '/row').length, (n) => n === 2, 30_000);
    await stopProcess(first, 'SIGKILL');

    holdSecond = false;
    const second = spawnWorker(app.db.url);
    workers.push(second);
    const run = await waitForRun(app, body.runId, ['succeeded', 'failed'], 30_000);

    expect(run.status).toBe('succeeded');
    const rows = remote.requests.filter((r) => r.path === '/row').map((r) => ({ index: JSON.parse(r.body).index, key: r.headers['idempotency-key'] }));
    // Item 0 ended before the kill and is not sent again; item 1, in flight, is sent again with its own key.
    expect(rows).toEqual([
      { index: 0, key: `${body.runId}:row:0.0` },
      { index: 1, key: `${body.runId}:row:0.1` },
      { index: 1, key: `${body.runId}:row:0.1` },
      { index: 2, key: `${body.runId}:row:0.2` },
    ]);
    expect(remote.requests.filter((r) => r.path === '/after').map((r) => JSON.parse(r.body))).toEqual([{ count: 3 }]);
  });
});
