import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from './clock';
import { addRunJobSql, scheduleRun } from './queue/run-jobs';
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
    const triggerOutput = storable(input.triggerOutput ?? {}, Infinity).json;
    // status, port, input, output, wake_at, finished_at
    const triggerStep = input.pending ? ['waiting', null, triggerOutput, null, now, null] : ['succeeded', 'out', null, triggerOutput, null, now];
    // Versions are cached: on the intake path this is a map lookup.
    const gated = isGated((await this.graphs.get(input.flowVersionId, manager)).settings);
    const accept = async (manager: EntityManager): Promise<StartedRun> => {
      // One statement: run, trigger step and job, so intake costs a single round trip.
      const [inserted]: { id: string }[] = await manager.query(
        `with run as (
           insert into runs (flow_id, flow_version_id, status, trigger_node_id, business_key, dedupe_key, created_at, gated, parent_run_id, parent_node_id)
           values ($1, $2, 'queued', $3, $4, $5, $6, $13, $14, $15)
           on conflict (flow_id, dedupe_key) where dedupe_key is not null do nothing
           returning id
         ), step as (
           insert into steps (run_id, node_id, iteration, attempt, status, port, input, output, wake_at, started_at, finished_at)
           select id, $3, 0, 1, $7::text, $8::text, $9::jsonb, $10::jsonb, $11::timestamptz, $6, $12::timestamptz from run
         ), job as (
           select ${addRunJobSql('run.id')} from run
         )
         select run.id, (select count(*) from job) as jobs from run`,
        [input.flowId, input.flowVersionId, input.triggerNodeId, input.businessKey ?? null, input.dedupeKey ?? null, now, ...triggerStep, gated, input.parent?.runId ?? null, input.parent?.nodeId ?? null],
      );
      if (inserted) return { runId: inserted.id, duplicate: false };
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
