/**
 * The fault suite (`npm run soak`): thousands of runs of a payment-like flow while worker processes
 * are SIGKILLed at random and Postgres is restarted twice. Half the deliveries go to a process that
 * takes webhooks and runs flows (role all, as `npm start` runs): it drives what it accepts itself,
 * without a job, and it is killed too (every other kill), with those runs in its hands. Every run must finish exactly once, every
 * side effect must reach the remote under the one idempotency key its step owns (the remote applies
 * a key once, as Stripe or YooKassa do), and no run may be left stuck. Writes
 * test/artifacts/soak-results.txt with the recovery time after each fault, and every process's log to
 * test/artifacts/soak-output.log.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PostgresProcess } from '../support/postgres-process';
import { RecordingServer } from '../support/recording-server';
import { queryOnce as query } from '../support/test-database';
import { startTestApp, type TestApp } from '../support/test-app';
import { freePort } from '../support/free-port';
import { spawnWorker, stopProcess } from '../support/worker-process';

const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const RUNS = num('SOAK_RUNS', 10_000);
const WORKERS = num('SOAK_WORKERS', 3);
const CONCURRENCY = num('SOAK_CONCURRENCY', 8);
const KILLS = num('SOAK_KILLS', 5);
const ARTIFACTS = path.resolve(__dirname, '../artifacts');

describe('soak: runs through worker kills and Postgres restarts', () => {
  const remote = new RecordingServer();
  let dir: string;
  let postgres: PostgresProcess;
  let app: TestApp;
  const workers: ReturnType<typeof spawnWorker>[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fb-soak-'));
    postgres = new PostgresProcess(path.join(dir, 'postgres'));
    await postgres.start();
    app = await startTestApp({ worker: false, adminDatabaseUrl: postgres.url });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w, 'SIGKILL')));
    await app?.close().catch(() => undefined);
    await postgres?.stop();
    await remote.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it(`finishes ${RUNS} runs exactly once through ${KILLS} worker kills and two Postgres restarts`, async () => {
    const deliveries = new Map<string, number>();
    remote.setReply((req) => {
      const key = String(req.headers['idempotency-key']);
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      return { status: 200, body: { ok: true }, delayMs: 10 };
    });
    const baseUrl = await remote.start();
    const flow = await app.http().post('/api/flows').send({
      name: 'Charge and notify (soak)',
      graph: {
        nodes: [
          { id: 'hook', type: 'core.webhook', params: { path: 'soak', dedupeKey: '{{ $trigger.body.order }}' } },
          { id: 'charge', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/charge`, body: { order: '{{ $trigger.body.order }}' } } },
          { id: 'big', type: 'core.if', params: { condition: '{{ $trigger.body.order % 2 === 0 }}' } },
          { id: 'notify', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/notify`, body: { order: '{{ $trigger.body.order }}' } } },
        ],
        edges: [{ from: 'hook', to: 'charge' }, { from: 'charge', to: 'big' }, { from: 'big', port: 'true', to: 'notify' }],
      },
    }).expect(201);
    await app.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);

    // A process that ends without being killed here crashed (at a Postgres restart, say): the suite
    // stops with its last output instead of waiting for deliveries nobody takes.
    const killed = new Set<ReturnType<typeof spawnWorker>>();
    let crash: string | undefined;
    const watchCrash = (child: ReturnType<typeof spawnWorker>, role: string) => {
      child.once('exit', (code, signal) => {
        if (!killed.has(child)) crash ??= `a ${role} process ended by itself (${signal ?? `exit ${code}`}):\n${child.output.join('').slice(-4000)}`;
      });
      return child;
    };
    const assertNoCrash = () => {
      if (crash) throw new Error(crash);
    };
    const spawn = () => {
      const worker = watchCrash(spawnWorker(app.db.url, { FLOWBRIDGE_WORKER_CONCURRENCY: String(CONCURRENCY) }), 'worker');
      workers.push(worker);
      return worker;
    };
    let live = Array.from({ length: WORKERS }, spawn);
    // The front comes back on its port after a kill; deliveries refused meanwhile are sent again.
    const frontPort = await freePort();
    const frontDir = path.join(dir, 'front');
    await mkdir(frontDir);
    const spawnFront = () => {
      const front = watchCrash(spawnWorker(app.db.url, { PORT: String(frontPort), FLOWBRIDGE_DATA_DIR: frontDir, FLOWBRIDGE_WORKER_CONCURRENCY: String(CONCURRENCY) }, 'all'), 'role-all');
      workers.push(front);
      return front;
    };
    let front = spawnFront();
    const post = async (order: number): Promise<{ status: number; runId: string } | undefined> => {
      if (order % 2 === 0) {
        const res = await app.http().post('/hooks/soak').send({ order }).then((r) => r, () => undefined);
        return res && { status: res.status, runId: res.body.runId as string };
      }
      try {
        const res = await fetch(`http://127.0.0.1:${frontPort}/hooks/soak`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order }) });
        return { status: res.status, runId: ((await res.json()) as { runId: string }).runId };
      } catch {
        return undefined;
      }
    };
    const started = Date.now();
    const done = async () => Number((await query<{ n: number }>(app.db.url, `select count(*)::int as n from runs where status in ('succeeded', 'failed', 'cancelled')`).catch(() => [{ n: -1 }]))[0].n);

    // Intake keeps going through the faults: a refused delivery (the database is away) is sent again, as a CRM would;
    // the order number is the dedupe key, so a batch sent again starts no run twice.
    const runIds: string[] = [];
    const intake = (async () => {
      for (let i = 0; i < RUNS; i += 50) {
        const batch = Array.from({ length: Math.min(50, RUNS - i) }, (_, j) => i + j);
        for (;;) {
          const answers = await Promise.all(batch.map(post));
          const ok = answers.filter((r) => r && (r.status === 202 || r.status === 200));
          if (ok.length === batch.length) {
            for (const [j, r] of ok.entries()) runIds[batch[j]] = r!.runId;
            break;
          }
          assertNoCrash();
          await sleep(500);
        }
      }
    })();

    // Faults spread over the run: kills at random moments, restarts at a third and two thirds.
    const faults: { kind: string; at: number; doneBefore: number; handedOff?: number; recoveredMs?: number }[] = [];
    const progressAfter = async (fault: (typeof faults)[number]) => {
      const before = fault.doneBefore;
      for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(100)) {
        assertNoCrash();
        if ((await done()) > before) {
          fault.recoveredMs = Date.now() - fault.at;
          return;
        }
      }
    };
    const plan = [
      ...Array.from({ length: KILLS }, (_, k) => ({ kind: 'kill', share: (k + 0.5 + Math.random() * 0.5) / (KILLS + 1) })),
      { kind: 'restart', share: 1 / 3 },
      { kind: 'restart', share: 2 / 3 },
    ].sort((a, b) => a.share - b.share);
    let kills = 0;
    for (const step of plan) {
      while ((await done()) < step.share * RUNS) {
        assertNoCrash();
        await sleep(200);
      }
      const fault: (typeof faults)[number] = { kind: step.kind, at: Date.now(), doneBefore: await done() };
      if (step.kind === 'kill' && kills++ % 2 === 1) {
        fault.kind = 'kill (front, role all)';
        // Live runs with a driver and no job are the ones the front took at intake (a queued run's driver holds its job).
        const inHand = async () => (await query<{ id: string }>(app.db.url, `select id from runs r where status in ('queued', 'running') and driver is not null
          and not exists (select 1 from graphile_worker.jobs j where j.key = 'run:' || r.id::text)`).catch(() => [])).map((r) => r.id);
        // Killed while it holds some, so the sweep has something to find.
        let held: string[] = [];
        for (const deadline = Date.now() + 10_000; Date.now() < deadline && !held.length;) held = await inHand();
        killed.add(front);
        await stopProcess(front, 'SIGKILL');
        fault.at = Date.now();
        fault.handedOff = (await query<{ n: number }>(app.db.url, `select count(*)::int as n from runs where id = any($1) and status in ('queued', 'running')`, [held]))[0].n;
        front = spawnFront();
      } else if (step.kind === 'kill') {
        const victim = live[Math.floor(Math.random() * live.length)];
        killed.add(victim);
        await stopProcess(victim, 'SIGKILL');
        live = [...live.filter((w) => w !== victim), spawn()];
      } else {
        await postgres.stop();
        await sleep(1500);
        await postgres.start();
      }
      faults.push(fault);
      await progressAfter(fault);
    }
    await intake;

    const finishedAt = await (async () => {
      for (const deadline = Date.now() + 10 * 60_000; Date.now() < deadline; await sleep(500)) {
        const [row] = await query<{ live: number }>(app.db.url, `select count(*)::int as live from runs where status not in ('succeeded', 'failed', 'cancelled')`).catch(() => [{ live: -1 }]);
        if (row.live === 0 && (await done()) === RUNS) return Date.now();
        assertNoCrash();
      }
      return undefined;
    })();

    const statuses = await query<{ status: string; n: number }>(app.db.url, `select status, count(*)::int as n from runs group by status order by status`);
    const steps = await query<{ node_id: string; n: number }>(app.db.url, `select node_id, count(*)::int as n from steps where status = 'succeeded' group by node_id order by node_id`);
    const evens = Math.ceil(RUNS / 2);
    const expectedKeys = new Set(runIds.flatMap((id, order) => [`${id}:charge:0`, ...(order % 2 === 0 ? [`${id}:notify:0`] : [])]));
    const duplicates = [...deliveries.values()].reduce((sum, n) => sum + n - 1, 0);
    // Handed-off runs start running at intake (started_at = created_at); a queued run starts at its pickup.
    const [{ n: handedOff }] = await query<{ n: number }>(app.db.url, `select count(*)::int as n from runs where started_at = created_at`);
    const seconds = ((finishedAt ?? Date.now()) - started) / 1000;
    // Each process logs why it replaced its queue runner (a warning, one JSON line per replacement);
    // a replacement for another cause than a runner that ended is placed after the fault before it.
    const replaced = new Map<string, number>();
    const unusual: string[] = [];
    for (const line of workers.flatMap((w) => w.output.join('').split('\n'))) {
      if (!line.includes('"replacing the queue runner"')) continue;
      const { cause, time, pool } = JSON.parse(line) as { cause: string; time: number; pool?: { total: number; idle: number; waiting: number } };
      replaced.set(cause, (replaced.get(cause) ?? 0) + 1);
      const before = faults.filter((f) => f.at <= time).at(-1);
      const connections = pool ? `, queue connections ${pool.total} (${pool.idle} idle, ${pool.waiting} asked for)` : '';
      if (cause !== 'ended') unusual.push(`${cause} ${before ? `${((time - before.at) / 1000).toFixed(1)} s after the ${before.kind} at ${before.doneBefore} runs` : `${((time - started) / 1000).toFixed(1)} s in, before any fault`}${connections}`);
    }
    const report = [
      `Soak: ${RUNS} runs (webhook → charge → if → notify), ${WORKERS} worker processes × ${CONCURRENCY} and one role-all process taking half the deliveries, ${KILLS} SIGKILLs, 2 Postgres restarts`,
      `finished: ${finishedAt ? 'all' : 'NOT all'} in ${seconds.toFixed(1)} s (${(RUNS / seconds).toFixed(1)} runs/s through the faults)`,
      `runs by status: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}`,
      `idempotency keys at the remote: ${deliveries.size} (expected ${expectedKeys.size}); deliveries repeated under the same key (applied once by the remote): ${duplicates}`,
      `runs driven by the process that took them at intake: ${handedOff}`,
      `queue runners replaced: ${[...replaced].map(([cause, n]) => `${cause} ${n}`).join(', ') || 'none'}${unusual.length ? ` (${unusual.join('; ')})` : ''}`,
      ...faults.map((f) => `fault ${f.kind} at ${f.doneBefore} runs done${f.handedOff === undefined ? '' : ` (${f.handedOff} runs it took at intake left without a job)`}: progress again after ${f.recoveredMs === undefined ? 'NEVER' : `${f.recoveredMs} ms`}`),
    ].join('\n');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'soak-results.txt'), `${report}\n`);
    // What every process logged (warnings and worse), fault times first, for reading a replacement in context.
    const faultLines = faults.map((f) => JSON.stringify({ time: f.at, fault: f.kind, doneBefore: f.doneBefore, recoveredMs: f.recoveredMs }));
    writeFileSync(path.join(ARTIFACTS, 'soak-output.log'), [...faultLines, ...workers.map((w, i) => `--- process ${i} (pid ${w.pid})\n${w.output.join('')}`)].join('\n'));
    console.log(report);

    expect(statuses).toEqual([{ status: 'succeeded', n: RUNS }]);
    expect(new Set(deliveries.keys())).toEqual(expectedKeys);
    expect(steps).toEqual([{ node_id: 'big', n: RUNS }, { node_id: 'charge', n: RUNS }, { node_id: 'hook', n: RUNS }, { node_id: 'notify', n: evens }]);
    for (const fault of faults) expect(fault.recoveredMs).toBeDefined();
    expect(handedOff).toBeGreaterThan(0);
  });
});
