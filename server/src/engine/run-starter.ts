import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from './clock';
import { scheduleRun } from './queue/run-jobs';
import { insertRun } from './run-store';
import { emitEvent, type BusinessEvent } from './events';
import { storable } from './executor/storable';
import { FlowVersionGraphs } from './flow-version-graphs';
import { isGated, releaseSweepSql } from './concurrency';

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

export interface StartedRun {
  runId: string;
  /** true when the dedupe key matched an earlier run: nothing new was started. */
  duplicate: boolean;
}

/**
 * Durably accepts a run: the run row, its trigger step and the job that will drive it commit in
 * one transaction, so an accepted webhook is never lost and never half-started.
 */
@Injectable()
export class RunStarter {
  constructor(private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock, private readonly graphs: FlowVersionGraphs) {}

  /** With `manager`, the run commits with the caller's transaction (a schedule advancing its next fire time). */
  async start(input: StartRunInput, manager?: EntityManager): Promise<StartedRun> {
    const now = this.clock.now();
    // Made storable but never truncated: the delivery is the run's input (request bodies are capped already).
    const trigger = { pending: input.pending === true, json: storable(input.triggerOutput ?? {}, Infinity).json ?? '{}' };
    // Versions are cached: on the intake path this is a map lookup.
    const { graph, isTest } = await this.graphs.describe(input.flowVersionId, manager);
    const gated = isGated(graph.settings);
    const triggerType = graph.nodes.find((n) => n.id === input.triggerNodeId)?.type ?? null;
    const accept = async (manager: EntityManager): Promise<StartedRun> => {
      const runId = await insertRun(manager, {
        flowId: input.flowId, flowVersionId: input.flowVersionId, triggerNodeId: input.triggerNodeId, businessKey: input.businessKey ?? null,
        dedupeKey: input.dedupeKey ?? null, gated, parent: input.parent ?? null, trigger, isTest, triggerType, retryOf: input.retryOf ?? null,
      }, now);
      if (runId) return { runId, duplicate: false };
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
