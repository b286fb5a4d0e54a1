import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from './clock';
import { scheduleRun } from './queue/run-jobs';
import { insertRun, insertRuns, type ClaimedRun, type LoadedNodeState, type NewRun } from './run-store';
import { emitEvent, type BusinessEvent } from './events';
import { storable } from './executor/storable';
import { stateKey } from './executor/plan-next-step';
import { ROOT_PATH } from '@flowbridge/nodes/sdk/loops';
import { FlowVersionGraphs } from './flow-version-graphs';
import { isGated, releaseSweepSql } from './concurrency';
import { Metrics } from '../observability/metrics';

export interface StartRunInput {
  flowId: string;
  flowVersionId: string;
  triggerNodeId: string;
  triggerOutput: unknown;
  businessKey?: string | null;
  dedupeKey?: string | null;
  /**
   * The trigger still has its second phase (`load`) to run: its step is stored waiting and due now,
   * with the delivery as its input, and the run's first job completes it.
   */
  pending?: boolean;
  /** A business event the delivery represents; emitted only when the run is new (not a duplicate). */
  event?: BusinessEvent;
  /** The run and core.subflow step that started this one. */
  parent?: { runId: string; nodeId: string };
  /** The run this one repeats with an edited trigger payload. */
  retryOf?: string;
}

/**
 * This process's worker, taking fresh runs straight from intake while it has room: the run is
 * stored with the worker as its driver and no job, and driven as soon as it commits. That spares
 * every run the queue's notification, its fetch and its acknowledgement.
 */
export interface RunHandoff {
  readonly driverId: string;
  /** A place for one more run, or false when the worker is full (the run then gets a job). */
  reserve(): boolean;
  /** The reserved place was not used (a duplicate, a failed insert). */
  cancel(): void;
  /**
   * Drives the committed run from what intake stored (the run is running and this driver's
   * already, so no claim); the place is freed when that ends.
   */
  drive(run: ClaimedRun, states: Map<string, LoadedNodeState>): void;
}

export interface StartedRun {
  runId: string;
  /** true when the dedupe key matched an earlier run: nothing new was started. */
  duplicate: boolean;
}

/**
 * Durably accepts a run: the run row, its trigger step and the job that will drive it commit in
 * one transaction, so an accepted webhook is never lost and never half-started.
 */
/** Runs accepted together at most; past it a second statement takes the rest. */
const MAX_BATCH = 200;
/** Statements of accepted runs in flight at once: what arrives meanwhile waits and goes in the next, together. */
const MAX_IN_FLIGHT = 2;

interface Pending {
  run: NewRun & { createdAt: Date };
  resolve(id: string | undefined): void;
  reject(error: unknown): void;
}

@Injectable()
export class RunStarter {
  /** Intake's group commit: runs accepted by concurrent requests go in one statement and one commit. */
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** The last statement holding runs that wait their turn: the next such statement commits after it. */
  private gatedTail: Promise<void> = Promise.resolve();
  private handoff?: RunHandoff;

  constructor(private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock, private readonly graphs: FlowVersionGraphs, private readonly metrics: Metrics) {}

  /** Set by the worker of this process while it runs; unset, every run goes through the queue. */
  attachHandoff(handoff: RunHandoff | undefined): void {
    this.handoff = handoff;
  }

  /** Resolves once the run is durable (or its dedupe key matched: undefined); each caller still waits for its own commit. */
  private insertGrouped(run: NewRun, createdAt: Date): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ run: { ...run, createdAt }, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // Requests parsed in this turn of the event loop join the same statement.
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.queue.length && this.inFlight < MAX_IN_FLIGHT) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      this.store(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private async store(batch: Pending[]): Promise<void> {
    // Runs that wait their turn are admitted in `seq` order, and two statements in flight may
    // commit in the other order than they drew their seq: one commits while the other's earlier
    // seq is still invisible, and a later delivery overtakes an earlier one for the same deal.
    // Batches holding such runs therefore commit one after another, in the order they were formed.
    if (!batch.some((p) => p.run.gated)) return this.insert(batch, false);
    const previous = this.gatedTail;
    let done!: () => void;
    this.gatedTail = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      await this.insert(batch, true);
    } finally {
      done();
    }
  }

  private async insert(batch: Pending[], inOrder: boolean): Promise<void> {
    try {
      const ids = await insertRuns(this.dataSource.manager, batch.map((p) => p.run));
      batch.forEach((p, i) => p.resolve(ids[i]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error);
      // One delivery Postgres refuses must not fail the others: each goes again on its own.
      const one = (p: Pending) => insertRuns(this.dataSource.manager, [p.run]).then(([id]) => p.resolve(id), p.reject);
      if (inOrder) for (const p of batch) await one(p);
      else await Promise.all(batch.map(one));
    }
  }

  /** With `manager`, the run commits with the caller's transaction (a schedule advancing its next fire time). */
  async start(input: StartRunInput, manager?: EntityManager): Promise<StartedRun> {
    const now = this.clock.now();
    // Made storable but never truncated: the delivery is the run's input (request bodies are capped already).
    const trigger = { pending: input.pending === true, json: storable(input.triggerOutput ?? {}, Infinity).json ?? '{}' };
    // Versions are cached: on the intake path this is a map lookup.
    const { graph, isTest } = await this.graphs.describe(input.flowVersionId, manager);
    const gated = isGated(graph.settings);
    const triggerType = graph.nodes.find((n) => n.id === input.triggerNodeId)?.type ?? null;
    const run: NewRun = {
      flowId: input.flowId, flowVersionId: input.flowVersionId, triggerNodeId: input.triggerNodeId, businessKey: input.businessKey ?? null,
      dedupeKey: input.dedupeKey ?? null, gated, parent: input.parent ?? null, trigger, isTest, triggerType, retryOf: input.retryOf ?? null,
    };
    // Alone (no caller's transaction, no event to emit with it), a run joins the group commit.
    const grouped = !manager && !input.event;
    const accept = async (manager: EntityManager): Promise<StartedRun> => {
      let runId: string | undefined;
      if (grouped) {
        // Runs that wait for their turn, or whose trigger still loads, keep the queue's path.
        const handoff = !gated && !trigger.pending && this.handoff?.reserve() ? this.handoff : undefined;
        try {
          runId = await this.insertGrouped(handoff ? { ...run, driver: handoff.driverId } : run, now);
        } catch (error) {
          handoff?.cancel();
          throw error;
        }
        if (handoff) {
          if (runId) handoff.drive(...handedOff(runId, run, now));
          else handoff.cancel();
        }
      } else runId = await insertRun(manager, run, now);
      if (runId) {
        this.metrics.runsStarted.inc({ flow_id: input.flowId });
        return { runId, duplicate: false };
      }
      const [first] = await manager.query(`select id from runs where flow_id = $1 and dedupe_key = $2`, [input.flowId, input.dedupeKey]);
      return { runId: first.id, duplicate: true };
    };
    if (manager) {
      const started = await accept(manager);
      if (input.event && !started.duplicate) await emitEvent(manager, { ...input.event, source: `run:${started.runId}` }, now);
      return started;
    }
    if (!input.event) return accept(this.dataSource.manager);
    return this.dataSource.transaction(async (tx) => {
      const started = await accept(tx);
      if (!started.duplicate) await emitEvent(tx, { ...input.event!, source: `run:${started.runId}` }, now);
      return started;
    });
  }

  /** Enqueues every run whose wait or retry is due by the engine clock (safety net behind run_at). */
  async wakeDue(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const due: { id: string }[] = await tx.query(
        `select id from runs where status in ('running', 'waiting') and wake_at <= $1 for update skip locked`,
        [this.clock.now()],
      );
      for (const { id } of due) await scheduleRun(tx, id);
      // Runs waiting for their turn whose release was lost (a worker died between finishing and committing) look again.
      const waiting: { id: string }[] = await tx.query(releaseSweepSql);
      for (const { id } of waiting) await scheduleRun(tx, id);
      return due.length + waiting.length;
    });
  }
}

/** The run as the hand-off's driver starts it: what a claim would read back, from what intake just stored. */
function handedOff(id: string, run: NewRun, createdAt: Date): [ClaimedRun, Map<string, LoadedNodeState>] {
  const trigger: LoadedNodeState = { status: 'succeeded', port: 'out', attempt: 1, output: JSON.parse(run.trigger.json), wakeAt: null, retryAt: null, eventType: null, eventData: null };
  return [
    { id, flowId: run.flowId, flowVersionId: run.flowVersionId, triggerNodeId: run.triggerNodeId, businessKey: run.businessKey, createdAt, gated: run.gated, parentRunId: run.parent?.runId ?? null },
    new Map([[stateKey(run.triggerNodeId, ROOT_PATH), trigger]]),
  ];
}
