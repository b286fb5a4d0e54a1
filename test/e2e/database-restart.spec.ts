import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresProcess } from '../support/postgres-process';
import { RecordingServer } from '../support/recording-server';
import { queryOnce as query } from '../support/test-database';
import { eventually, startTestApp, type TestApp } from '../support/test-app';
import { spawnWorker, stopProcess } from '../support/worker-process';

const RUNS = 300;
const WORKERS = 2;
const CONCURRENCY = 8;

describe('workers across a Postgres restart', () => {
  const remote = new RecordingServer();
  let dir: string;
  let postgres: PostgresProcess;
  let baseUrl: string;
  let app: TestApp;
  const workers: ReturnType<typeof spawnWorker>[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fb-restart-'));
    postgres = new PostgresProcess(join(dir, 'postgres'));
    await postgres.start();
    baseUrl = await remote.start();
    // The API alone, on the spec's own Postgres: runs are driven only by the worker processes below.
    app = await startTestApp({ worker: false, adminDatabaseUrl: postgres.url });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await app?.close();
    await postgres?.stop();
    await remote.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('finishes every run after a restart in the middle of a few hundred, each side effect once per idempotency key', async () => {
    const deliveries = new Map<string, number>();
    remote.setReply((req) => {
      const key = String(req.headers['idempotency-key']);
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      // Slow enough that runs are in flight, at every step, when the database goes away.
      return { status: 200, body: { ok: true }, delayMs: 40 };
    });
    const flow = await app.http().post('/api/flows').send({
      name: 'Charge and notify',
      graph: {
        nodes: [
          { id: 'hook', type: 'core.webhook', params: { path: 'restart' } },
          { id: 'charge', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/charge`, body: { order: '{{ $trigger.body.order }}' } } },
          { id: 'notify', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/notify`, body: { order: '{{ $trigger.body.order }}' } } },
        ],
        edges: [{ from: 'hook', to: 'charge' }, { from: 'charge', to: 'notify' }],
      },
    }).expect(201);
    await app.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i += 25) {
      const batch = await Promise.all(Array.from({ length: Math.min(25, RUNS - i) }, (_, j) => app.http().post('/hooks/restart').send({ order: i + j }).expect(202)));
      runIds.push(...batch.map((r) => r.body.runId as string));
    }

    for (let i = 0; i < WORKERS; i++) workers.push(spawnWorker(app.db.url, { FLOWBRIDGE_WORKER_CONCURRENCY: String(CONCURRENCY) }));
    await eventually(async () => deliveries.size, (n) => n >= RUNS / 2, 30_000);

    const downAt = Date.now();
    await postgres.stop();
    const inFlight = deliveries.size;
    // A supervisor restarts one worker while the database is away: its graceful stop cannot unlock
    // its jobs, and its heartbeat row goes with it, so only the sweep of the others can free them.
    const [stopped, ...survivors] = workers;
    await Promise.all([stopProcess(stopped, 'SIGTERM'), sleep(1000)]);
    await postgres.start();
    const downMs = Date.now() - downAt;
    const replacement = spawnWorker(app.db.url, { FLOWBRIDGE_WORKER_CONCURRENCY: String(CONCURRENCY) });
    workers.push(replacement);
    survivors.push(replacement);

    const statuses = await eventually(
      () => query<{ status: string; n: number }>(app.db.url, `select status, count(*)::int as n from runs group by status`).catch(() => []),
      (rows) => rows.length === 1 && rows[0].status === 'succeeded',
      45_000,
    );
    const recoveredMs = Date.now() - downAt;
    const duplicates = [...deliveries.values()].reduce((sum, n) => sum + n - 1, 0);
    const expectedKeys = runIds.flatMap((id) => [`${id}:charge:0`, `${id}:notify:0`]);
    console.log(
      `${RUNS} runs, ${WORKERS} worker processes × ${CONCURRENCY} (one stopped and replaced while it was down): Postgres down ${downMs} ms with ${inFlight} side effects done; ` +
      `all runs succeeded ${recoveredMs} ms after it went down; ${deliveries.size} idempotency keys, ` +
      `${[...deliveries.values()].filter((n) => n === 1).length} delivered once, ${duplicates} duplicate deliveries ` +
      `(${[...deliveries.entries()].filter(([, n]) => n > 1).map(([k, n]) => `${k.split(':')[1]}×${n}`).join(', ') || 'none'})`,
    );

    expect(statuses).toEqual([{ status: 'succeeded', n: RUNS }]);
    // Every side effect happened, under the one key its step owns: none lost, none under a second key.
    expect(new Set(deliveries.keys())).toEqual(new Set(expectedKeys));
    // A repeat is only possible for a call that was in flight when the database went away.
    expect(duplicates).toBeLessThanOrEqual(WORKERS * CONCURRENCY);
    const steps = await query<{ node_id: string; n: number }>(app.db.url,
      `select node_id, count(*)::int as n from steps where status = 'succeeded' group by node_id order by node_id`);
    expect(steps).toEqual([{ node_id: 'charge', n: RUNS }, { node_id: 'hook', n: RUNS }, { node_id: 'notify', n: RUNS }]);
    // No worker process gave up on the lost connection.
    for (const worker of survivors) if (worker.exitCode !== null) console.log(`worker exited ${worker.exitCode}:\n${worker.output.join('').slice(-4000)}`);
    for (const worker of survivors) expect({ exitCode: worker.exitCode, signal: worker.signalCode }).toEqual({ exitCode: null, signal: null });
  }, 90_000);

  it('starts a process while Postgres is away: it waits and comes up once Postgres is back', async () => {
    await postgres.stop();
    const late = spawnWorker(app.db.url, { FLOWBRIDGE_LOG_LEVEL: 'warn' });
    workers.push(late);
    await eventually(async () => late.output.join(''), (out) => out.includes('the database is not reachable; trying again') || late.exitCode !== null, 30_000);
    await postgres.start();
    const out = await eventually(async () => late.output.join(''), (o) => o.includes('Flowbridge worker started') || late.exitCode !== null, 30_000);
    expect({ exitCode: late.exitCode, started: out.includes('Flowbridge worker started') }).toEqual({ exitCode: null, started: true });
    // It beats like any worker: the runs it claims are safe from being taken over.
    await eventually(() => query<{ n: number }>(app.db.url, `select count(*)::int as n from worker_heartbeats`), (rows) => rows[0].n > 0);
  }, 90_000);
});
