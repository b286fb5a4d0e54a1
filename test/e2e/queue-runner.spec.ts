import { Client } from 'pg';
import { queryOnce } from '../support/test-database';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';
import { freePort } from '../support/free-port';
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
