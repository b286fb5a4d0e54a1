import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { run, type Runner } from 'graphile-worker';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { logger } from '../../common/logger';
import { RunExecutor } from '../executor/run-executor';
import { RunStarter } from '../run-starter';
import { queueLogger } from './queue-logger';
import { ADVANCE_RUN_TASK } from './run-jobs';

/**
 * The worker side: graphile-worker picks jobs (LISTEN/NOTIFY, so pickup is immediate) and hands
 * runs to the executor. graphile-worker keeps a crashed worker's jobs locked for hours, so every
 * process beats a heartbeat and unlocks the jobs of workers that stopped beating.
 */
@Injectable()
export class QueueWorker implements OnApplicationShutdown {
  private runner?: Runner;
  private pool?: Pool;
  private timers: NodeJS.Timeout[] = [];
  private readonly workerIds = new Set<string>();
  private readonly processId = randomUUID();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly executor: RunExecutor,
    private readonly starter: RunStarter,
  ) {}

  async start(): Promise<void> {
    this.pool = new Pool({ connectionString: this.config.databaseUrl, max: this.config.worker.concurrency + 2 });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', (err) => logger.warn({ err }, 'queue database connection lost'));
    this.pool.on('connect', (client) => client.on('error', (err) => logger.warn({ err }, 'queue database client failed')));
    const events = new EventEmitter();
    events.on('worker:create', ({ worker }: { worker: { workerId: string } }) => this.workerIds.add(worker.workerId));
    events.on('pool:create', ({ workerPool }: { workerPool: { id: string } }) => this.workerIds.add(workerPool.id));
    this.runner = await run({
      pgPool: this.pool,
      concurrency: this.config.worker.concurrency,
      pollInterval: this.config.worker.pollIntervalMs,
      noHandleSignals: true,
      logger: queueLogger,
      events: events as never,
      preset: {
        worker: {
          // Under load, fetch a few jobs per query and acknowledge finished ones in batches:
          // two fewer round trips per run; a crash leaves them locked, and the sweep below frees them.
          localQueue: { size: this.config.worker.concurrency + 1 },
          completeJobBatchDelay: 0,
          failJobBatchDelay: 0,
        },
      },
      taskList: {
        [ADVANCE_RUN_TASK]: async (payload, helpers) => {
          await this.executor.advance((payload as { runId: string }).runId, helpers.abortSignal);
        },
      },
    });
    await this.beat();
    this.every(this.config.worker.heartbeatMs, () => this.beat());
    this.every(this.config.worker.heartbeatMs, () => this.unlockDeadWorkers());
    this.every(this.config.worker.sweepMs, () => this.starter.wakeDue());
  }

  private every(ms: number, task: () => Promise<unknown>): void {
    const timer = setInterval(() => task().catch((err) => logger.warn({ err }, 'worker housekeeping failed')), ms);
    timer.unref();
    this.timers.push(timer);
  }

  private async beat(): Promise<void> {
    if (!this.pool || !this.workerIds.size) return;
    await this.pool.query(
      `insert into worker_heartbeats (worker_id, process_id, seen_at) select id, $2, now() from unnest($1::text[]) as id
       on conflict (worker_id) do update set seen_at = now()`,
      [[...this.workerIds], this.processId],
    );
  }

  private async unlockDeadWorkers(): Promise<void> {
    if (!this.pool) return;
    const { rows } = await this.pool.query<{ worker_id: string }>(
      `delete from worker_heartbeats where seen_at < now() - make_interval(secs => $1::float / 1000) returning worker_id`,
      [this.config.worker.deadAfterMs],
    );
    if (!rows.length) return;
    const ids = rows.map((r) => r.worker_id);
    await this.pool.query(`select graphile_worker.force_unlock_workers($1::text[])`, [ids]);
    logger.warn({ workers: ids }, 'unlocked the jobs of workers that stopped beating');
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.runner?.stop();
    this.runner = undefined;
    if (this.pool && this.workerIds.size) {
      await this.pool.query(`delete from worker_heartbeats where process_id = $1`, [this.processId]).catch(() => undefined);
    }
    await this.pool?.end();
    this.pool = undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
