import { DataSource } from 'typeorm';
import { RecordingServer } from '../support/recording-server';
import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';
import { claimRuns, finishRuns, recordStep, recordStepsOfRuns, releaseRun, type StepRecord } from '../../server/src/engine/run-store';
import { GroupCommit } from '../../server/src/engine/executor/group-commit';
import { RunExecutor } from '../../server/src/engine/executor/run-executor';
import { APP_CONFIG, type AppConfig } from '../../server/src/config/app-config';
import { databasePoolSize, QUEUE_POOL_SIZE } from '../../server/src/database/data-source-options';

/**
 * Who drives a run is in its row (runs.driver), so the hot path of many runs can share statements
 * (group commit). These hold the promises that came with the advisory lock it replaced: one driver
 * at a time, a dead worker's runs taken over, nothing left claimed when runs end.
 */
describe('run drivers and group commit', () => {
  const DEAD_AFTER_MS = 30_000;
  let app: TestApp;
  let db: DataSource;

  const beat = (driver: string, agoMs = 0) =>
    db.query(`insert into worker_heartbeats (worker_id, process_id, seen_at) values ($1, $1, now() - make_interval(secs => $2::float / 1000))
              on conflict (worker_id) do update set seen_at = excluded.seen_at`, [driver, agoMs]);
  const driverOf = async (runId: string) => (await db.query(`select driver from runs where id = $1`, [runId]))[0].driver as string | null;
  const newRuns = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await app.http().post('/hooks/drivers').send({ i }).expect(202)).body.runId);
    return ids;
  };

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    db = app.app.get(DataSource);
    await publishFlow(app, 'Drivers', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'drivers' } },
        { id: 'shape', type: 'core.map', params: { fields: { i: '{{ $trigger.body.i }}' } } },
      ],
      edges: [{ from: 'hook', to: 'shape' }],
    });
  });
  afterAll(() => app.close());

  it('claims many runs in one statement, each with the state of its own steps', async () => {
    const ids = await newRuns(3);
    const claims = await claimRuns(db.manager, ids, 'worker-a', new Date(), DEAD_AFTER_MS);
    expect(claims.map((c) => c.run?.id)).toEqual(ids);
    for (const claim of claims) expect([...claim.states.keys()]).toEqual([expect.stringContaining('hook')]);
    expect(await Promise.all(ids.map(driverOf))).toEqual(['worker-a', 'worker-a', 'worker-a']);
    const statuses = await db.query(`select status from runs where id = any($1::uuid[])`, [ids]);
    expect(statuses.map((r: { status: string }) => r.status)).toEqual(['running', 'running', 'running']);
  });

  it('leaves a run to the worker driving it while that worker beats, and takes it over once it stops', async () => {
    const [runId] = await newRuns(1);
    await beat('worker-live');
    expect((await claimRuns(db.manager, [runId], 'worker-live', new Date(), DEAD_AFTER_MS))[0].run?.id).toBe(runId);

    const refused = (await claimRuns(db.manager, [runId], 'worker-b', new Date(), DEAD_AFTER_MS))[0];
    expect(refused).toMatchObject({ busy: true, run: undefined });
    expect(await driverOf(runId)).toBe('worker-live');

    await beat('worker-live', DEAD_AFTER_MS + 5_000);
    const taken = (await claimRuns(db.manager, [runId], 'worker-b', new Date(), DEAD_AFTER_MS))[0];
    expect(taken).toMatchObject({ busy: false, run: { id: runId } });
    expect(await driverOf(runId)).toBe('worker-b');
  });

  it('lets a driver take back its own mark, and a release lets go of its own runs only', async () => {
    const [runId] = await newRuns(1);
    await beat('worker-c');
    await claimRuns(db.manager, [runId], 'worker-c', new Date(), DEAD_AFTER_MS);
    // A release that never happened (the database was away): the same process picks the run again.
    expect((await claimRuns(db.manager, [runId], 'worker-c', new Date(), DEAD_AFTER_MS))[0].run?.id).toBe(runId);

    await releaseRun(db.manager, runId, 'worker-other');
    expect(await driverOf(runId)).toBe('worker-c');
    await releaseRun(db.manager, runId, 'worker-c');
    expect(await driverOf(runId)).toBeNull();
  });

  it('lets go later of a run it could not let go of when its drive ended, so a live process holds no run it does not drive', async () => {
    const [runId] = await newRuns(1);
    const executor = app.app.get(RunExecutor);
    const driver = app.app.get(GroupCommit).driverId;
    await beat(driver);
    const query = db.manager.query.bind(db.manager);
    // The database goes away just as the drive ends: its release fails.
    const failing = jest.spyOn(db.manager, 'query').mockImplementation((sql: string, params?: Parameters<typeof query>[1]) =>
      sql.startsWith('update runs set driver = null') ? Promise.reject(new Error('Connection terminated unexpectedly')) : query(sql, params));
    try {
      const stopping = new AbortController();
      stopping.abort();
      await executor.advance(runId, stopping.signal);
    } finally {
      failing.mockRestore();
    }
    expect(await driverOf(runId)).toBe(driver);
    // Its jobs may land on other processes, which must not take the run from a driver that beats.
    expect((await claimRuns(db.manager, [runId], 'worker-elsewhere', new Date(), DEAD_AFTER_MS))[0]).toMatchObject({ busy: true });

    await executor.releaseStale();
    expect(await driverOf(runId)).toBeNull();
    expect((await claimRuns(db.manager, [runId], 'worker-elsewhere', new Date(), DEAD_AFTER_MS))[0].run?.id).toBe(runId);
  });

  it('stores the held-back steps of many runs in one statement, and a run cancelled meanwhile stores nothing', async () => {
    const [live, cancelled] = await newRuns(2);
    await claimRuns(db.manager, [live, cancelled], 'worker-d', new Date(), DEAD_AFTER_MS);
    await app.http().post(`/api/runs/${cancelled}/cancel`).expect(200);
    const step = (runId: string): StepRecord => ({ runId, nodeId: 'shape', path: '0', attempt: 1, status: 'succeeded', port: 'out', startedAt: new Date(), finishedAt: new Date() });

    expect(await recordStepsOfRuns(db.manager, [[step(live)], [step(cancelled)]])).toEqual([true, false]);
    const stored = await db.query(`select run_id from steps where node_id = 'shape' and run_id = any($1::uuid[])`, [[live, cancelled]]);
    expect(stored).toEqual([{ run_id: live }]);

    await finishRuns(db.manager, [{ runId: live, at: new Date(), steps: [] }, { runId: cancelled, at: new Date(), steps: [step(cancelled)] }]);
    const rows = await db.query(`select id, status, driver from runs where id = any($1::uuid[]) order by status`, [[live, cancelled]]);
    expect(rows).toEqual([{ id: cancelled, status: 'cancelled', driver: 'worker-d' }, { id: live, status: 'succeeded', driver: null }]);
    expect(await db.query(`select count(*)::int as n from steps where run_id = $1 and node_id = 'shape'`, [cancelled])).toEqual([{ n: 0 }]);
  });

  it('refuses what a process that lost its run to another still stores, so it stops before its next side effect', async () => {
    const [runId] = await newRuns(1);
    await beat('worker-slow', DEAD_AFTER_MS + 5_000);
    await claimRuns(db.manager, [runId], 'worker-slow', new Date(), DEAD_AFTER_MS);
    // worker-slow lives but has not beaten for longer than deadAfter: worker-new takes the run over.
    await beat('worker-new');
    expect((await claimRuns(db.manager, [runId], 'worker-new', new Date(), DEAD_AFTER_MS))[0].run?.id).toBe(runId);
    const step = (driver: string, nodeId: string): StepRecord => ({ runId, nodeId, path: '0', attempt: 1, status: 'succeeded', port: 'out', startedAt: new Date(), finishedAt: new Date(), driver });

    expect(await recordStepsOfRuns(db.manager, [[step('worker-slow', 'shape')]])).toEqual([false]);
    expect(await recordStep(db.manager, step('worker-slow', 'shape'))).toBe(false);
    expect(await finishRuns(db.manager, [{ runId, at: new Date(), steps: [step('worker-slow', 'shape')], driver: 'worker-slow' }])).toEqual([false]);
    expect(await db.query(`select count(*)::int as n from steps where run_id = $1 and node_id = 'shape'`, [runId])).toEqual([{ n: 0 }]);
    expect(await db.query(`select status, driver from runs where id = $1`, [runId])).toEqual([{ status: 'running', driver: 'worker-new' }]);

    // The new driver's own records and finish go through.
    expect(await recordStepsOfRuns(db.manager, [[step('worker-new', 'shape')]])).toEqual([true]);
    expect(await finishRuns(db.manager, [{ runId, at: new Date(), steps: [], driver: 'worker-new' }])).toEqual([true]);
    expect(await db.query(`select status, driver from runs where id = $1`, [runId])).toEqual([{ status: 'succeeded', driver: null }]);
  });
});

describe('group commit under a real worker', () => {
  const remote = new RecordingServer();
  let app: TestApp;

  beforeAll(async () => {
    const url = await remote.start();
    remote.setReply(() => ({ status: 200, body: { ok: true } }));
    app = await startTestApp();
    await publishFlow(app, 'Burst', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'burst' } },
        { id: 'charge', type: 'core.http', params: { method: 'POST', url: `${url}/charge`, body: { n: '{{ $trigger.body.n }}' } } },
        { id: 'notify', type: 'core.http', params: { method: 'POST', url: `${url}/notify`, body: { n: '{{ $trigger.body.n }}' } } },
      ],
      edges: [{ from: 'hook', to: 'charge' }, { from: 'charge', to: 'notify' }],
    });
  });
  afterAll(async () => {
    await app.close();
    await remote.stop();
  });

  it('runs a burst to the end with every step stored, each side effect once, and no run left claimed', async () => {
    const ids = await Promise.all(Array.from({ length: 40 }, (_, n) => app.http().post('/hooks/burst').send({ n }).expect(202).then((r) => r.body.runId as string)));
    const runs = await Promise.all(ids.map((id) => waitForRun(app, id)));
    expect(runs.map((r) => r.status)).toEqual(ids.map(() => 'succeeded'));
    for (const run of runs) expect(run.steps.map((s: { nodeId: string; status: string }) => `${s.nodeId}:${s.status}`)).toEqual(['hook:succeeded', 'charge:succeeded', 'notify:succeeded']);
    for (const path of ['/charge', '/notify']) {
      const sent = remote.requests.filter((r) => r.path === path).map((r) => Number((JSON.parse(r.body) as { n: unknown }).n)).sort((a, b) => a - b);
      expect(sent).toEqual(Array.from({ length: 40 }, (_, n) => n));
    }
    const db = app.app.get(DataSource);
    expect(await db.query(`select count(*)::int as n from runs where driver is not null`)).toEqual([{ n: 0 }]);
    // The process drives under the id it beats with.
    const [{ beating }] = await db.query(`select count(*)::int as beating from worker_heartbeats where process_id = $1`, [app.app.get(GroupCommit).driverId]);
    expect(beating).toBeGreaterThan(0);
  });

  it('stops driving a run another process took over while a call was out, before the next side effect', async () => {
    const db = app.app.get(DataSource);
    const executor = app.app.get(RunExecutor);
    const drives: Promise<void>[] = [];
    const adopt = jest.spyOn(executor, 'adopt').mockImplementation(function (this: RunExecutor, ...args) {
      const drive = RunExecutor.prototype.adopt.apply(this, args);
      drives.push(drive);
      return drive;
    });
    remote.setReply((req) => (req.path === '/charge' ? { status: 200, body: { ok: true }, delayMs: 300 } : { status: 200, body: { ok: true } }));
    try {
      const { runId } = (await app.http().post('/hooks/burst').send({ n: 7000 }).expect(202)).body as { runId: string };
      while (!remote.requests.some((r) => r.path === '/charge' && r.body.includes('7000'))) await new Promise((r) => setTimeout(r, 10));
      // This process stopped beating for a while (a stall), and a live one took the run over meanwhile.
      await db.query(`insert into worker_heartbeats (worker_id, process_id, seen_at) values ('process:other', 'other', now())`);
      await db.query(`update runs set driver = 'other' where id = $1`, [runId]);
      expect(drives).toHaveLength(1);
      await drives[0];
      expect(remote.requests.filter((r) => r.body.includes('7000')).map((r) => r.path)).toEqual(['/charge']);
      expect(await db.query(`select status, driver from runs where id = $1`, [runId])).toEqual([{ status: 'running', driver: 'other' }]);
      expect(await db.query(`select node_id from steps where run_id = $1 order by id`, [runId])).toEqual([{ node_id: 'hook' }]);
      await db.query(`update runs set status = 'cancelled', driver = null where id = $1`, [runId]);
    } finally {
      adopt.mockRestore();
      remote.setReply(() => ({ status: 200, body: { ok: true } }));
      await db.query(`delete from worker_heartbeats where worker_id = 'process:other'`);
    }
  });

  it('drives more runs at once than it holds connections: concurrent runs share their statements', async () => {
    const db = app.app.get(DataSource);
    const config = app.app.get<AppConfig>(APP_CONFIG);
    const ids = await Promise.all(Array.from({ length: 150 }, (_, n) => app.http().post('/hooks/burst').send({ n: 1000 + n }).expect(202).then((r) => r.body.runId as string)));
    const runs = await Promise.all(ids.map((id) => waitForRun(app, id)));
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    // The default drives more runs at once than the app's pool has connections.
    expect(config.worker.concurrency).toBeGreaterThan(databasePoolSize(config));
    // Idle connections stay open for a while, so what the burst opened is still there to count.
    const [{ open }] = await db.query(`select count(*)::int as open from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`);
    expect(open).toBeLessThanOrEqual(databasePoolSize(config) + QUEUE_POOL_SIZE);
  });
});
