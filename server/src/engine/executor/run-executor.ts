import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FlowGraph } from '@flowbridge/nodes/sdk';
import { RESPOND_NODE_TYPE } from '@flowbridge/nodes/core/respond';
import { CLOCK, type Clock } from '../clock';
import { NodeCatalog } from '../node-catalog';
import { scheduleRun } from '../queue/run-jobs';
import { FlowVersionGraphs } from '../flow-version-graphs';
import { notifyParent } from '../subflows';
import { admitRun, releaseNext } from '../concurrency';
import { claimRun, discardRun, finishRun, sleepRun, type ClaimedRun, type LoadedNodeState, type StepRecord } from '../run-store';
import { newPlanMemo, planNextStep, stateKey } from './plan-next-step';
import { Metrics } from '../../observability/metrics';
import { Tracing } from '../../observability/tracing';
import { RESPOND_CHANNEL, StepRunner, storePending, type DrivenRun } from './step-runner';

export { RESPOND_CHANNEL } from './step-runner';

/** Advisory-lock namespace for "this run is being driven"; held on the driving connection only. */
const RUN_LOCK_NAMESPACE = 7301;
/** Steps one job takes before it hands the run to a fresh job, so a long loop never holds a worker for good. */
const MAX_STEPS_PER_JOB = 10_000;

/**
 * Drives one run forward, one job at a time: plans the next step from the state the run store
 * holds, has the step runner execute and store it, and repeats until the run finishes, fails, or
 * has to wait. Holding a session advisory lock per run keeps two workers from driving the same
 * run; the lock dies with the connection, so a killed worker frees the run at once.
 */
@Injectable()
export class RunExecutor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly graphs: FlowVersionGraphs,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalog: NodeCatalog,
    private readonly steps: StepRunner,
    private readonly metrics: Metrics,
    private readonly tracing: Tracing,
  ) {}

  async advance(runId: string, signal: AbortSignal = new AbortController().signal): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      let { locked, run, states, unadmitted } = await claimRun(runner.manager, runId, RUN_LOCK_NAMESPACE, this.clock.now());
      if (!locked) {
        // Another worker is driving this run right now; look again shortly. A run waiting for its
        // turn is only being checked (and likely refused just before the run ahead of it ended): sooner.
        await scheduleRun(runner.manager, runId, new Date(Date.now() + (unadmitted ? 50 : 500)));
        return;
      }
      if (unadmitted) {
        const { concurrency } = (await this.graphs.get(unadmitted.flowVersionId, runner.manager)).settings ?? {};
        const admitted = concurrency ? await admitRun(runner.manager, unadmitted, concurrency, this.clock.now()) : true;
        // Not its turn: it stays queued and holds nothing; the run ahead of it that ends gives it a new job.
        if (admitted) {
          // Claimed afresh now that it counts as started; the lock is taken again, so it is let go first.
          await runner.query(`select pg_advisory_unlock($1, hashtext($2::text))`, [RUN_LOCK_NAMESPACE, runId]);
          ({ locked, run, states } = await claimRun(runner.manager, runId, RUN_LOCK_NAMESPACE, this.clock.now()));
          if (!locked) {
            await scheduleRun(runner.manager, runId, new Date(Date.now() + 500));
            return;
          }
        } else {
          run = undefined;
        }
      }
      let unlocked = false;
      try {
        unlocked = run ? await this.drive(runner.manager, run, states, signal) : false;
      } finally {
        // A runner the data source already released (the app is shutting down) took its lock with its connection.
        if (!unlocked && !runner.isReleased) await runner.query(`select pg_advisory_unlock($1, hashtext($2::text))`, [RUN_LOCK_NAMESPACE, runId]);
      }
    } finally {
      if (!runner.isReleased) await runner.release();
    }
  }

  /** Returns true when it already released the run's lock (finishing a run does both at once). */
  private async drive(manager: EntityManager, run: ClaimedRun, states: Map<string, LoadedNodeState>, signal: AbortSignal): Promise<boolean> {
    const graph = await this.graphs.get(run.flowVersionId, manager);
    const lookup = (type: string) => this.catalog.get(type);
    const memo = newPlanMemo();
    const job: DrivenRun = { manager, run, graph, states, signal, pending: [], mustStore: false };

    for (let i = 0; i < MAX_STEPS_PER_JOB; i++) {
      if (signal.aborted) break;
      const now = this.clock.now();
      const plan = planNextStep(graph, states, run.triggerNodeId, lookup, now, memo);
      switch (plan.kind) {
        case 'done':
          return this.finish(manager, run, graph, now, job.pending.splice(0));
        case 'failed':
          await storePending(job);
          return false;
        case 'sleep':
          await manager.transaction(async (tx) => {
            await storePending(job, tx);
            await sleepRun(tx, run.id, plan.until, plan.reason);
          });
          return false;
        case 'skip':
          // Dead paths follow from the states alone: held back like any pure step.
          for (const { nodeId, path } of plan.steps) {
            job.pending.push({ runId: run.id, nodeId, path, attempt: 0, status: 'skipped', startedAt: now, finishedAt: now });
            states.set(stateKey(nodeId, path), { status: 'skipped', port: null, attempt: 0, output: null, wakeAt: null, retryAt: null });
          }
          continue;
        case 'loop':
          if (!(await this.steps.endLoop(job, plan))) return storePending(job).then(() => false);
          continue;
        case 'run':
          if (!(await this.steps.run(job, plan.nodeId, plan.path, plan.attempt, plan.resumed))) {
            return job.discarded !== undefined ? this.discard(manager, run, graph, now) : storePending(job).then(() => false);
          }
      }
    }
    // Out of step budget, or the worker is stopping: a fresh job picks the run up where it is.
    await manager.transaction(async (tx) => {
      await storePending(job, tx);
      await scheduleRun(tx, run.id);
    });
    return false;
  }

  /**
   * The trigger found the delivery was no event for the flow: the run goes (see discardRun), and
   * what would have followed its end still does. A sub-flow's run never gets here: its trigger has
   * no second phase.
   */
  private async discard(manager: EntityManager, run: ClaimedRun, graph: FlowGraph, now: Date): Promise<boolean> {
    const mayAnswer = graph.nodes.some((n) => n.type === RESPOND_NODE_TYPE);
    if (!run.gated && !mayAnswer) {
      await discardRun(manager, run.id, now, RUN_LOCK_NAMESPACE);
      this.metrics.runsFinished.inc({ flow_id: run.flowId, status: 'discarded' });
      return true;
    }
    await manager.transaction(async (tx) => {
      // The runs in line behind it are found through its row, so before it goes.
      if (run.gated) await releaseNext(tx, run.id);
      await discardRun(tx, run.id, now);
      if (mayAnswer) await tx.query(`select pg_notify($1, $2)`, [RESPOND_CHANNEL, run.id]);
    });
    this.metrics.runsFinished.inc({ flow_id: run.flowId, status: 'discarded' });
    return false;
  }

  private async finish(manager: EntityManager, run: ClaimedRun, graph: FlowGraph, now: Date, pending: StepRecord[]): Promise<boolean> {
    // A webhook caller still waiting for core.respond learns the run ended without an answer (sent on commit).
    const mayAnswer = graph.nodes.some((n) => n.type === RESPOND_NODE_TYPE);
    const finished = () => {
      this.metrics.runsFinished.inc({ flow_id: run.flowId, status: 'succeeded' });
      this.tracing.runEnded(run, 'succeeded');
    };
    if (!run.gated && !mayAnswer && !run.parentRunId) {
      await finishRun(manager, run.id, now, RUN_LOCK_NAMESPACE, pending);
      finished();
      return true;
    }
    await manager.transaction(async (tx) => {
      await finishRun(tx, run.id, now, undefined, pending);
      if (run.gated) await releaseNext(tx, run.id);
      if (run.parentRunId) await notifyParent(tx, run.id, 'succeeded', now);
      if (mayAnswer) await tx.query(`select pg_notify($1, $2)`, [RESPOND_CHANNEL, run.id]);
    });
    finished();
    return false;
  }
}
