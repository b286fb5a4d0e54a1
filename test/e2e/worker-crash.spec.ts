import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingServer } from '../support/recording-server';
import { queryOnce } from '../support/test-database';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';
import { freePort } from '../support/free-port';
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

describe('a process killed while driving the runs it took at intake', () => {
  const remote = new RecordingServer();
  let remoteUrl: string;
  let app: TestApp;
  const processes: ReturnType<typeof spawnWorker>[] = [];
  beforeAll(async () => {
    remoteUrl = await remote.start();
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => stopProcess(p, 'SIGKILL')));
    await app.close();
    await remote.stop();
  });

  it('leaves them to another process, which ends each once; only the call in flight is sent again, with its key', async () => {
    let hold = true;
    remote.setReply((req) => (req.path === '/charge' && hold ? 'hang' : { status: 200, body: { ok: true } }));
    await publishFlow(app, 'Taken at intake', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'taken' } },
        { id: 'charge', type: 'core.http', params: { method: 'POST', url: `${remoteUrl}/charge`, body: { n: '{{ $trigger.body.n }}' }, timeoutMs: 120_000 } },
        { id: 'notify', type: 'core.http', params: { method: 'POST', url: `${remoteUrl}/notify`, body: { n: '{{ $trigger.body.n }}' } } },
      ],
      edges: [{ from: 'hook', to: 'charge' }, { from: 'charge', to: 'notify' }],
    });
    // API and worker in one process, as `npm start` runs: it drives what it accepts itself.
    const port = await freePort();
    const all = spawnWorker(app.db.url, { PORT: String(port), FLOWBRIDGE_DATA_DIR: mkdtempSync(join(tmpdir(), 'fb-handoff-')) }, 'all');
    processes.push(all);
    const base = `http://127.0.0.1:${port}`;
    await eventually(() => fetch(`${base}/api/health/ready`).then((r) => r.status, () => 0), (status) => status === 200, 60_000);
    const runIds: string[] = [];
    for (let n = 0; n < 3; n++) {
      const res = await fetch(`${base}/hooks/taken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n }) });
      expect(res.status).toBe(202);
      runIds.push(((await res.json()) as { runId: string }).runId);
    }
    await eventually(async () => remote.requests.filter((r) => r.path === '/charge').length, (n) => n === 3, 30_000);
    // Handed off, not queued: the runs wait on the process that took them.
    expect(await queryOnce(app.db.url, `select count(*)::int as n from graphile_worker.jobs`)).toEqual([{ n: 0 }]);
    await stopProcess(all, 'SIGKILL');

    hold = false;
    processes.push(spawnWorker(app.db.url));
    const runs = await Promise.all(runIds.map((id) => waitForRun(app, id, ['succeeded', 'failed'], 30_000)));
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const calls = (path: string) => remote.requests.filter((r) => r.path === path);
    const of = (path: string, n: number) => calls(path).filter((r) => (JSON.parse(r.body) as { n: unknown }).n === n);
    for (let n = 0; n < 3; n++) {
      // The charge in flight at the kill is sent again under its first key; the notify, once.
      expect(of('/charge', n)).toHaveLength(2);
      expect(new Set(of('/charge', n).map((r) => r.headers['idempotency-key'])).size).toBe(1);
      expect(of('/charge', n)[0].headers['idempotency-key']).toContain(runIds[n]);
      expect(of('/notify', n)).toHaveLength(1);
    }
  });
});
