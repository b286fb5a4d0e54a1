import { Client } from 'pg';
import { queryOnce } from '../support/test-database';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';
import { freePort } from '../support/free-port';
import { PostgresGate } from '../support/postgres-gate';
import { RecordingServer } from '../support/recording-server';
import { spawnWorker, stopProcess } from '../support/worker-process';

/**
 * A worker's fetch of jobs that never returns (its connection dropped by the network without a
 * reset) leaves graphile-worker's runner alive and idle: no error ends it, and while other processes
 * take the jobs none waits long enough for the database to show it. The soak once left a process
 * beating and driving its intake runs while its runner took no job for ten minutes.
 */
describe('a worker whose queue runner hangs on a fetch', () => {
  let app: TestApp;
  let worker: ReturnType<typeof spawnWorker>;
  let healthPort: number;
  let stopped: number | undefined;

  beforeAll(async () => {
    // The API alone: only the worker process below takes jobs.
    app = await startTestApp({ worker: false });
    healthPort = await freePort();
    worker = spawnWorker(app.db.url, { FLOWBRIDGE_WORKER_HEALTH_PORT: String(healthPort) });
  });
  afterAll(async () => {
    if (stopped) {
      process.kill(stopped, 'SIGCONT');
      await queryOnce(app.db.url, 'select pg_terminate_backend($1)', [stopped]).catch(() => undefined);
    }
    await stopProcess(worker, 'SIGKILL');
    await app.close();
  });

  const replacements = () => fetch(`http://127.0.0.1:${healthPort}/metrics`).then((r) => r.text(), () => '')
    .then((text) => text.split('\n').filter((line) => line.startsWith('flowbridge_queue_runner_replacements_total')).join('\n'));

  it('replaces the runner while nothing waits, and the next run is driven', async () => {
    await eventually(() => fetch(`http://127.0.0.1:${healthPort}/api/health/ready`).then((r) => r.status, () => 0), (status) => status === 200, 30_000);

    // Holds the jobs table so the runner's next fetch waits on it, then freezes the backend serving
    // that fetch: the runner's connection stays open and silent, like one a network dropped.
    const locker = new Client({ connectionString: app.db.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table graphile_worker._private_jobs in access exclusive mode');
      const [{ pid }] = await eventually(
        () => queryOnce<{ pid: number }>(app.db.url,
          `select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'
             and query like '%skip locked%' and query like '%locked_by = $1::text%'`),
        (rows) => rows.length > 0,
      );
      process.kill(pid, 'SIGSTOP');
      stopped = pid;
      await locker.query('commit');
    } finally {
      await locker.end();
    }

    const replaced = await eventually(replacements, (lines) => lines.includes('{cause="not_fetching"} 1'), 20_000);
    expect(replaced).toBe('flowbridge_queue_runner_replacements_total{cause="not_fetching"} 1');
    expect(worker.output.join('')).toContain('the queue runner stopped fetching jobs');

    const flowId = await publishFlow(app, 'after a hung fetch', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'map', type: 'core.map', params: { fields: { deal: '{{ $prev.deal }}' } } }],
      edges: [{ from: 'start', to: 'map' }],
    });
    const { body } = await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { deal: 7 } }).expect(202);
    const run = await waitForRun(app, body.runId, ['succeeded', 'failed'], 30_000);
    expect(run.status).toBe('succeeded');
    expect(worker.exitCode).toBeNull();
  });
});

/**
 * While Postgres restarts it answers new connections with 57P03 ("the database system is starting
 * up"), and graphile-worker sleeps 1.5–4.5 s before trying that again, with its local queue
 * fetching nothing meanwhile. The soak saw workers take no job for 3–7 s after a 2 s restart.
 */
describe('a worker across the "starting up" answers of a Postgres restart', () => {
  let app: TestApp;
  let gate: PostgresGate;
  let worker: ReturnType<typeof spawnWorker>;
  let healthPort: number;
  let flowId: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    const direct = new URL(app.db.url);
    gate = new PostgresGate({ host: direct.hostname, port: Number(direct.port || 5432) });
    healthPort = await freePort();
    worker = spawnWorker(await gate.start(app.db.url), { FLOWBRIDGE_WORKER_HEALTH_PORT: String(healthPort), FLOWBRIDGE_WORKER_POLL_MS: '50' });
    flowId = await publishFlow(app, 'across a restart', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'map', type: 'core.map', params: { fields: { deal: '{{ $prev.deal }}' } } }],
      edges: [{ from: 'start', to: 'map' }],
    });
  });
  afterAll(async () => {
    await stopProcess(worker, 'SIGKILL');
    await gate.stop();
    await app.close();
    await remote.stop();
  });
  const remote = new RecordingServer();
  const replacements = () => fetch(`http://127.0.0.1:${healthPort}/metrics`).then((r) => r.text(), () => '')
    .then((text) => text.split('\n').filter((line) => line.startsWith('flowbridge_queue_runner_replacements_total')).join('\n'));

  const runOnce = async (deal: number) => {
    const { body } = await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { deal } }).expect(202);
    return waitForRun(app, body.runId, ['succeeded', 'failed'], 30_000);
  };

  it('takes the next job as soon as Postgres accepts connections again', async () => {
    await eventually(() => fetch(`http://127.0.0.1:${healthPort}/api/health/ready`).then((r) => r.status, () => 0), (status) => status === 200, 30_000);
    expect((await runOnce(1)).status).toBe('succeeded');

    // Shorter than graphile-worker's shortest sleep after a 57P03 (1.5 s): had the worker's fetch
    // met one and slept, the run below could not finish within a second of the gate opening.
    await gate.restart(300);
    const opened = Date.now();
    const run = await runOnce(2);
    const tookMs = Date.now() - opened;
    expect(gate.refused).toBeGreaterThan(0);
    expect(run.status).toBe('succeeded');
    expect(tookMs).toBeLessThan(1000);
    expect(worker.exitCode).toBeNull();
  });

  it('replaces a runner the moment it shuts itself down, while its job still waits for Postgres', async () => {
    // A job that fails while Postgres is away cannot be recorded as failed, and graphile-worker then
    // shuts its whole pool down: it fetches nothing more while it waits for the jobs it holds.
    const base = await remote.start();
    remote.setReply(() => ({ status: 200, body: { ok: true }, delayMs: 600 }));
    const charged = await publishFlow(app, 'charge across an outage', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'charge', type: 'core.http', params: { method: 'POST', url: `${base}/charge`, body: { deal: '{{ $prev.deal }}' } } },
      ],
      edges: [{ from: 'start', to: 'charge' }],
    });
    const before = await replacements();
    const { body } = await app.http().post(`/api/flows/${charged}/run`).send({ payload: { deal: 3 } }).expect(202);
    await eventually(async () => remote.requests.length, (n) => n > 0);
    await gate.restart(1500, { down: true });

    const shutDowns = (lines: string) => Number(/cause="shutting_down"\} (\d+)/.exec(lines)?.[1] ?? 0);
    const replaced = await eventually(replacements, (lines) => shutDowns(lines) > shutDowns(before), 15_000);
    expect(replaced).not.toContain('not_fetching');
    expect((await runOnce(4)).status).toBe('succeeded');
    const charge = await waitForRun(app, body.runId, ['succeeded', 'failed'], 30_000);
    expect(charge.status).toBe('succeeded');
    // Sent again after the outage under the key its step owns, so a remote applies it once.
    expect(new Set(remote.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    expect(worker.exitCode).toBeNull();
  });
});
