import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { run, type Runner } from 'graphile-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { logger } from '../../common/logger';
import { RunExecutor } from '../executor/run-executor';
import { RunStarter } from '../run-starter';
import { queueLogger } from './queue-logger';
import { ADVANCE_RUN_TASK, addRunJobSql } from './run-jobs';
import { LocalDrives } from './local-drives';
import { isDatabaseUnavailable } from '../../database/unavailable';
import { QUEUE_POOL_SIZE } from '../../database/data-source-options';
import { ReadyPool } from '../../database/ready-pool';
import { Schedules } from '../schedules/schedules';
import { TriggerPolls } from '../polls/trigger-polls';
import { Alerts } from '../alerts/alerts';
import { Retention } from '../retention/retention';
import { GroupCommit } from '../executor/group-commit';
import { DataSource } from 'typeorm';
import { Metrics } from '../../observability/metrics';

/** One graphile-worker runner and the worker ids (its pool's and its workers') that lock jobs for it. */
interface Generation {
  runner: Runner;
  ids: Set<string>;
  /** When its local queue last finished a fetch (or the runner started): an idle runner fetches every poll interval. */
  fetched: { at: number };
}

/** Why a runner was replaced, as the `cause` label of flowbridge_queue_runner_replacements_total. */
type ReplaceCause = 'ended' | 'shutting_down' | 'failed' | 'connection' | 'jobs_waiting' | 'stranded' | 'not_fetching';

/**
 * The worker side: graphile-worker picks jobs (LISTEN/NOTIFY, so pickup is immediate) and hands
 * runs to the executor. graphile-worker keeps a crashed worker's jobs locked for hours, so every
 * process beats a heartbeat and unlocks the jobs of workers that stopped beating, or that hold
 * jobs without beating at all (a process that stopped while the database was away).
 *
 * A lost database connection makes graphile-worker shut its runner down (it cannot complete or
 * fail a job), and a runner can also stop picking jobs without ending. So the runner is
 * supervised: when it ends, when its local queue stops fetching jobs, or when jobs sit ready
 * while this process has room and starts none, it is replaced (with backoff while the database is away)
 * and the old runner's jobs are unlocked.
 */
@Injectable()
export class QueueWorker implements OnApplicationShutdown {
  private current?: Generation;
  private pool?: ReadyPool;
  private timers: NodeJS.Timeout[] = [];
  /** Job ids our task handler is running right now: a job locked by us but not here is stranded. */
  private readonly running = new Set<string>();
  private lastProgressAt = Date.now();
  /** When our task handler last started or ended a job: jobs handed out prove a runner alive. */
  private lastJobAt = 0;
  private replacing?: Promise<void>;
  /** Replaced runners still stopping. */
  private readonly retiring = new Set<Promise<void>>();
  private stopping = false;
  /** Fresh runs this process drives straight from intake, without the queue. */
  private local?: LocalDrives;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly executor: RunExecutor,
    private readonly starter: RunStarter,
    private readonly schedules: Schedules,
    private readonly polls: TriggerPolls,
    private readonly alerts: Alerts,
    private readonly retention: Retention,
    private readonly commit: GroupCommit,
    private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
  ) {}

  /** The process beats under the id it drives runs with: its runs stay its own while it beats. */
  private get processId(): string {
    return this.commit.driverId;
  }

  async start(): Promise<void> {
    this.stopping = false;
    // Waits out Postgres's "starting up" answers itself: graphile-worker would sleep seconds on each.
    this.pool = new ReadyPool({ connectionString: this.config.databaseUrl, max: QUEUE_POOL_SIZE });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', (err) => logger.warn({ err }, 'queue database connection lost'));
    this.pool.on('connect', (client) => client.on('error', (err) => logger.warn({ err }, 'queue database client failed')));
    process.on('unhandledRejection', this.onUnhandledRejection);
    // Beaten before the first job: a run this process claims is never seen with a driver that does not beat.
    await this.beat();
    this.current = await this.startRunner();
    await this.beat();
    this.local = new LocalDrives(this.processId, this.config.worker.concurrency, this.executor, this.dataSource, this.metrics);
    this.starter.attachHandoff(this.local);
    this.every(this.config.worker.heartbeatMs, () => this.beat());
    this.every(this.config.worker.heartbeatMs, () => this.unlockDeadWorkers());
    this.every(this.config.worker.heartbeatMs, () => this.recoverOrphans());
    this.every(this.config.worker.heartbeatMs, () => this.executor.releaseStale());
    this.every(this.config.worker.heartbeatMs, () => this.watch());
    this.every(this.config.worker.sweepMs, () => this.starter.wakeDue());
    this.every(this.config.worker.scheduleTickMs, () => this.schedules.fireDue());
    this.every(this.config.worker.scheduleTickMs, () => this.polls.pollDue());
    this.every(this.config.worker.alertTickMs, () => this.alerts.dispatchDue());
    this.every(this.config.worker.retentionTickMs, () => this.retention.pruneDue());
  }

  private async startRunner(): Promise<Generation> {
    const ids = new Set<string>();
    const events = new EventEmitter();
    const fetched = { at: Date.now() };
    let self: Generation | undefined;
    events.on('worker:create', ({ worker }: { worker: { workerId: string } }) => ids.add(worker.workerId));
    events.on('pool:create', ({ workerPool }: { workerPool: { id: string } }) => ids.add(workerPool.id));
    events.on('localQueue:getJobs:complete', () => (fetched.at = Date.now()));
    // graphile-worker shuts its pool down when it cannot record a job's end (Postgres went away
    // while a job ran), and the pool fetches nothing more while it waits for its jobs.
    events.on('pool:gracefulShutdown', ({ message }: { message?: string }) => {
      if (self && this.current === self) void this.replace(self, 'shutting_down', `the queue runner is shutting down: ${message ?? 'no reason given'}`);
    });
    const runner = await run({
      pgPool: this.pool,
      concurrency: this.config.worker.concurrency,
      pollInterval: this.config.worker.pollIntervalMs,
      noHandleSignals: true,
      logger: queueLogger,
      events: events as never,
      preset: {
        worker: {
          // Under load, fetch a few jobs per query and acknowledge finished ones in batches (those
          // finished within a few milliseconds of each other): fewer round trips per run. A crash
          // leaves them locked, the sweep below frees them, and a job run again for a run that
          // already moved on finds nothing to do.
          localQueue: { size: this.config.worker.concurrency + 1 },
          completeJobBatchDelay: 5,
          failJobBatchDelay: 0,
        },
      },
      taskList: {
        [ADVANCE_RUN_TASK]: async (payload, helpers) => {
          this.running.add(helpers.job.id);
          this.lastProgressAt = this.lastJobAt = Date.now();
          try {
            await this.executor.advance((payload as { runId: string }).runId, helpers.abortSignal);
          } finally {
            this.running.delete(helpers.job.id);
            this.lastProgressAt = this.lastJobAt = Date.now();
          }
        },
      },
    });
    const generation = (self = { runner, ids, fetched });
    // Left unobserved, a runner that ends with an error (a lost connection) would end the process.
    runner.promise.then(
      () => this.replace(generation, 'ended', 'the queue runner stopped'),
      (err: unknown) => this.replace(generation, 'failed', `the queue runner failed: ${(err as Error)?.message ?? err}`),
    );
    return generation;
  }

  /** Swaps a runner that ended or stalled for a new one; the old one's jobs go back to the queue. */
  private replace(old: Generation, cause: ReplaceCause, reason: string): Promise<void> {
    if (this.stopping || this.current !== old) return this.replacing ?? Promise.resolve();
    this.replacing ??= (async () => {
      this.metrics.queueRunnerReplaced.inc({ cause });
      const pool = this.pool && { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
      logger.warn({ reason, cause, workers: [...old.ids], pool }, 'replacing the queue runner');
      this.current = undefined;
      // A runner shutting itself down still finishes the jobs it holds, which takes as long as
      // Postgres is away: the next runner starts meanwhile, and the old one's jobs are freed once it ends.
      const meanwhile = cause === 'shutting_down';
      const retired = this.retire(old, meanwhile);
      if (!meanwhile) await retired;
      for (let attempt = 0; !this.stopping; attempt++) {
        try {
          if (!meanwhile) await this.releaseJobs(old.ids);
          this.current = await this.startRunner();
          this.lastProgressAt = Date.now();
          logger.warn({ workers: [...this.current.ids] }, 'queue runner replaced');
          return;
        } catch (err) {
          logger.warn({ err, attempt }, 'queue runner could not start yet');
          // Short: the pool itself waits out a starting Postgres, so this mostly waits for one that is down.
          await sleep(Math.min(250 * 2 ** attempt, 1000));
        }
      }
    })().finally(() => {
      this.replacing = undefined;
    });
    return this.replacing;
  }

  /** Stops a replaced runner; `release`: frees its jobs once it has ended (else the caller does). */
  private retire(old: Generation, release: boolean): Promise<void> {
    const retired = withTimeout(old.runner.stop(), this.config.worker.deadAfterMs).catch(() => undefined).then(async () => {
      // If Postgres is still away this fails, and another process's sweep frees them once their heartbeat is old.
      if (release) await this.releaseJobs(old.ids).catch((err) => logger.warn({ err }, 'could not release the jobs of a replaced queue runner'));
    }).finally(() => this.retiring.delete(retired));
    this.retiring.add(retired);
    return retired;
  }

  /**
   * Replaces the runner when this process has room, yet its local queue has neither finished a
   * fetch nor handed out a job for `stallMs` past the poll interval, or ready jobs have waited
   * longer than `stallMs` and nothing ran meanwhile, or jobs locked by our runner are not running here.
   */
  private async watch(): Promise<void> {
    const generation = this.current;
    if (!this.pool || !generation || this.replacing) return;
    const { stallMs, concurrency, pollIntervalMs } = this.config.worker;
    if (this.running.size >= concurrency) return;
    // A local queue that stops fetching (a fetch that never returns, or one graphile-worker keeps
    // retrying with growing sleeps on an error it counts as passing) leaves the runner alive and idle:
    // no error ends it, and with other processes taking the jobs none waits, so the database cannot show it.
    // Jobs held in the local queue while every worker was busy are not fetched again: a job's start
    // or end counts too.
    if (Date.now() - Math.max(generation.fetched.at, this.lastJobAt) > stallMs + pollIntervalMs) {
      await this.replace(generation, 'not_fetching', 'the queue runner stopped fetching jobs');
      return;
    }
    if (Date.now() - this.lastProgressAt < stallMs) return;
    const checkedAt = Date.now();
    const [{ waiting, stranded }] = (await this.pool.query<{ waiting: boolean; stranded: boolean }>(
      `select exists (select 1 from graphile_worker.jobs where locked_at is null and attempts < max_attempts
                        and run_at < now() - make_interval(secs => $1::float / 1000)) as waiting,
              exists (select 1 from graphile_worker.jobs where locked_by = any($2::text[]) and not (id::text = any($3::text[]))
                        and locked_at < now() - make_interval(secs => $1::float / 1000)) as stranded`,
      [stallMs, [...generation.ids], [...this.running]],
    )).rows;
    if (this.current !== generation || this.lastProgressAt > checkedAt) return;
    if (waiting || stranded) {
      await this.replace(generation, stranded ? 'stranded' : 'jobs_waiting', stranded ? 'jobs locked by the queue runner are not running' : 'the queue runner stopped picking up jobs');
      return;
    }
    // Nothing to do counts as healthy: look again only after another stallMs.
    this.lastProgressAt = checkedAt;
  }

  /**
   * graphile-worker lets some connection failures escape as unhandled rejections (returning a
   * local queue's jobs while its runner shuts down), which would end the process. A lost database
   * is survivable: replace the runner instead. Anything else still ends the process.
   */
  private readonly onUnhandledRejection = (reason: unknown): void => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    logger.warn({ err: reason }, 'queue lost its database connection');
    if (this.current) void this.replace(this.current, 'connection', `lost the database connection: ${(reason as Error).message}`);
  };

  private every(ms: number, task: () => Promise<unknown>): void {
    // A tick that outlasts its interval (pruning a backlog, a slow SMTP server) is not started twice.
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      task().catch((err) => logger.warn({ err }, 'worker housekeeping failed')).finally(() => (busy = false));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  private async beat(): Promise<void> {
    if (!this.pool) return;
    // The process's own row holds its runs' claims while a runner is being replaced (no worker ids then).
    const ids = [`process:${this.processId}`, ...(this.current?.ids ?? [])];
    await this.pool.query(
      `insert into worker_heartbeats (worker_id, process_id, seen_at) select id, $2, now() from unnest($1::text[]) as id
       on conflict (worker_id) do update set seen_at = now()`,
      [ids, this.processId],
    );
  }

  /**
   * Unlocks the jobs of workers that stopped beating, and of workers that hold jobs with no
   * heartbeat at all (a process stopped while the database was away could not unlock its own).
   * Both wait `deadAfterMs`, so a worker that has just started and not yet beaten keeps its jobs.
   */
  private async unlockDeadWorkers(): Promise<void> {
    if (!this.pool) return;
    const { rows } = await this.pool.query<{ worker_id: string }>(
      `with dead as (
         delete from worker_heartbeats where seen_at < now() - make_interval(secs => $1::float / 1000) returning worker_id
       )
       select worker_id from dead
       union
       select distinct j.locked_by from graphile_worker.jobs j
       where j.locked_by is not null and j.locked_at < now() - make_interval(secs => $1::float / 1000)
         and not exists (select 1 from worker_heartbeats h where h.worker_id = j.locked_by)`,
      [this.config.worker.deadAfterMs],
    );
    if (!rows.length) return;
    const ids = rows.map((r) => r.worker_id);
    await this.pool.query(`select graphile_worker.force_unlock_workers($1::text[])`, [ids]);
    logger.warn({ workers: ids }, 'unlocked the jobs of workers that stopped beating');
  }

  /**
   * A run taken at intake has no job while its driver drives it. If that process stopped beating
   * before the run ended (killed, or lost), the run is live, driven by no one and has no job: it is
   * given one here, and the worker that picks it up takes it over like any dead driver's run.
   */
  private async recoverOrphans(): Promise<void> {
    await this.local?.retry();
    if (!this.pool) return;
    const { rows } = await this.pool.query<{ id: string }>(
      `with orphan as (
         select r.id from runs r
         where r.status in ('queued', 'running') and r.driver is not null
           and not exists (select 1 from worker_heartbeats h where h.process_id = r.driver
                             and h.seen_at > now() - make_interval(secs => $1::float / 1000))
           and not exists (select 1 from graphile_worker.jobs j where j.key = 'run:' || r.id::text)
         for update of r skip locked
       )
       select orphan.id, ${addRunJobSql('orphan.id')} is not null as queued from orphan`,
      [this.config.worker.deadAfterMs],
    );
    if (!rows.length) return;
    this.metrics.runsRecovered.inc(rows.length);
    logger.warn({ runs: rows.map((r) => r.id) }, 'queued the runs of a process that stopped beating');
  }

  /** After its runner stopped, our worker ids hold nothing that runs: hand their jobs back at once. */
  private async releaseJobs(ids: ReadonlySet<string>): Promise<void> {
    if (!this.pool || !ids.size) return;
    await this.pool.query(`select graphile_worker.force_unlock_workers($1::text[])`, [[...ids]]);
    await this.pool.query(`delete from worker_heartbeats where worker_id = any($1::text[])`, [[...ids]]);
  }

  /** Started and not stopping: what readiness reports for a process that runs flows. */
  isRunning(): boolean {
    return !!this.current && !this.stopping;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    process.off('unhandledRejection', this.onUnhandledRejection);
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.starter.attachHandoff(undefined);
    await this.local?.stop();
    this.local = undefined;
    await this.replacing;
    await Promise.all(this.retiring);
    const generation = this.current;
    this.current = undefined;
    await generation?.runner.stop().catch((err) => logger.warn({ err }, 'queue runner did not stop cleanly'));
    // Jobs a stopped runner still holds (its local queue could not return them) are freed here, or
    // by another process's sweep once it sees they name no heartbeat.
    if (generation) await this.releaseJobs(generation.ids).catch(() => undefined);
    await this.pool?.query(`delete from worker_heartbeats where process_id = $1`, [this.processId]).catch(() => undefined);
    await this.pool?.end();
    this.pool = undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
