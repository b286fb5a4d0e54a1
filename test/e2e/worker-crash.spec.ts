import { RecordingServer } from '../support/recording-server';
import { eventually, startTestApp, waitForRun, type TestApp } from '../support/test-app';
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
});
