import type { DataSource } from 'typeorm';
import { logger } from '../../common/logger';
import type { RunExecutor } from '../executor/run-executor';
import type { RunHandoff } from '../run-starter';
import type { ClaimedRun, LoadedNodeState } from '../run-store';
import type { Metrics } from '../../observability/metrics';
import { scheduleRun } from './run-jobs';

/** How long a run whose hand-off failed waits before its job: the failure was most likely the database's. */
const HAND_BACK_DELAY_MS = 1000;

/**
 * The runs this process's worker took straight from intake (RunStarter's hand-off), at most `limit`
 * at once. A run that cannot be driven here goes to the queue like any other; one whose job could
 * not even be written (the database is away) is kept and written on the next heartbeat.
 */
export class LocalDrives implements RunHandoff {
  private places = 0;
  private stopped = false;
  private readonly driving = new Set<Promise<void>>();
  private readonly unqueued = new Set<string>();
  private readonly abort = new AbortController();

  constructor(
    readonly driverId: string,
    private readonly limit: number,
    private readonly executor: RunExecutor,
    private readonly dataSource: DataSource,
    private readonly metrics: Metrics,
  ) {}

  reserve(): boolean {
    if (this.stopped || this.places >= this.limit) return false;
    this.places++;
    return true;
  }

  cancel(): void {
    this.places--;
  }

  drive(run: ClaimedRun, states: Map<string, LoadedNodeState>): void {
    const runId = run.id;
    this.metrics.runsHandedOff.inc();
    const done: Promise<void> = this.executor
      .adopt(run, states, this.abort.signal)
      .catch((err: unknown) => {
        logger.warn({ err, runId }, 'a run taken at intake failed here; it goes to the queue');
        return this.queue(runId);
      })
      .finally(() => {
        this.places--;
        this.driving.delete(done);
      });
    this.driving.add(done);
  }

  /** Jobs for the runs whose job could not be written before. */
  async retry(): Promise<void> {
    for (const runId of [...this.unqueued]) {
      this.unqueued.delete(runId);
      await this.queue(runId);
    }
  }

  /** Takes no more runs; those being driven stop at their next step and go to the queue. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await Promise.allSettled([...this.driving]);
    await this.retry();
  }

  private async queue(runId: string): Promise<void> {
    try {
      await scheduleRun(this.dataSource.manager, runId, new Date(Date.now() + HAND_BACK_DELAY_MS));
    } catch (err) {
      this.unqueued.add(runId);
      logger.warn({ err, runId }, 'could not queue a run taken at intake; trying again');
    }
  }
}
