import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { claimRuns, finishRuns, recordStepsOfRuns, type Claim, type FinishedRun, type StepRecord } from '../run-store';

/** Statements of one kind in flight at once; calls made meanwhile wait and go together in the next. */
const IN_FLIGHT = 1;
/** Calls one statement takes at most, so a burst never builds a statement Postgres chokes on. */
const MAX_BATCH = 64;

/**
 * Gathers concurrent calls into one statement: a call made while `IN_FLIGHT` statements of its
 * kind are running waits for one of them and goes with every other call that waited. An idle
 * engine sends each call at once; a busy one pays one round trip for many runs. A statement that
 * fails is tried again call by call, so one run's bad row fails that run alone.
 */
export class Batcher<I, O> {
  private readonly waiting: { input: I; resolve: (out: O) => void; reject: (err: unknown) => void }[] = [];
  private running = 0;

  constructor(private readonly execute: (inputs: I[]) => Promise<O[]>) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < IN_FLIGHT && this.waiting.length) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.running++;
      this.send(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async send(batch: typeof this.waiting): Promise<void> {
    try {
      const outputs = await this.execute(batch.map((b) => b.input));
      batch.forEach((b, i) => b.resolve(outputs[i]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // The statement rolled back as a whole: each call alone learns whether it was the cause.
      await Promise.all(batch.map((b) => this.execute([b.input]).then(([out]) => b.resolve(out), b.reject)));
    }
  }
}

/**
 * Group commit for the hot path of every run: claiming it, storing the results its job held back
 * before the next side effect, and finishing it. Each is a statement shared by the runs that
 * reached the same point together; every caller still waits for its own rows to be committed, so
 * a side effect never starts before the one before it is on record.
 */
@Injectable()
export class GroupCommit {
  /** This process as a run's driver; worker_heartbeats carries it while the process beats. */
  readonly driverId = randomUUID();
  private readonly claims: Batcher<{ runId: string; now: Date }, Claim>;
  private readonly records: Batcher<StepRecord[], boolean>;
  private readonly finishes: Batcher<FinishedRun, boolean>;

  constructor(dataSource: DataSource, @Inject(APP_CONFIG) config: AppConfig) {
    const manager = dataSource.manager;
    this.claims = new Batcher((inputs) => {
      // One clock reading per statement: the latest, so no run is marked started before it was claimed.
      const now = new Date(Math.max(...inputs.map((i) => i.now.getTime())));
      return claimRuns(manager, inputs.map((i) => i.runId), this.driverId, now, config.worker.deadAfterMs);
    });
    this.records = new Batcher((groups) => recordStepsOfRuns(manager, groups));
    this.finishes = new Batcher((runs) => finishRuns(manager, runs));
  }

  claim(runId: string, now: Date): Promise<Claim> {
    return this.claims.call({ runId, now });
  }

  /** Stores one run's held-back results; false when the run is no longer live. */
  record(records: StepRecord[]): Promise<boolean> {
    return records.length ? this.records.call(records) : Promise.resolve(true);
  }

  /** false when the run had ended already, or another process took it over. */
  finish(run: Omit<FinishedRun, 'driver'>): Promise<boolean> {
    return this.finishes.call({ ...run, driver: this.driverId });
  }
}
