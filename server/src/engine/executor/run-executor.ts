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
import { discardRun, finishRun, releaseRun, sleepRun, type ClaimedRun, type LoadedNodeState, type StepRecord } from '../run-store';
import { logger } from '../../common/logger';
import { GroupCommit } from './group-commit';
import { newPlanMemo, planNextStep, stateKey } from './plan-next-step';
import { Metrics } from '../../observability/metrics';
import { Tracing } from '../../observability/tracing';
import { RESPOND_CHANNEL, StepRunner, storePending, type DrivenRun } from './step-runner';

export { RESPOND_CHANNEL } from './step-runner';

/** Steps one job takes before it hands the run to a fresh job, so a long loop never holds a worker for good. */
const MAX_STEPS_PER_JOB = 10_000;

/**
 * Drives one run forward, one job at a time: plans the next step from the state the run store
 * holds, has the step runner execute and store it, and repeats until the run finishes, fails, or
 * has to wait. Claiming a run makes this process its driver (runs.driver) until the job ends, so
 * two workers never drive the same run; a killed worker stops beating and its runs are free again
 * when its jobs are. Within the process, one job per run is in flight. The claim, the records
 * before each side effect and the finish go through group commit, shared with concurrent runs.
 */
@Injectable()
export class RunExecutor {
  /** Runs a job of this process is driving: a second job for one of them waits its turn. */
  private readonly driving = new Set<string>();
  /** Runs this process stopped driving but could not let go of (the database was away). */
  private readonly unreleased = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly graphs: FlowVersionGraphs,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalog: NodeCatalog,
    private readonly steps: StepRunner,
    private readonly metrics: Metrics,
    private readonly tracing: Tracing,
    private readonly commit: GroupCommit,
  ) {}

  async advance(runId: string, signal: AbortSignal = new AbortController().signal): Promise<void> {
    const manager = this.dataSource.manager;
    if (this.driving.has(runId)) return scheduleRun(manager, runId, new Date(Date.now() + 500));
    this.driving.add(runId);
    try {
      let { busy, run, states, unadmitted } = await this.commit.claim(runId, this.clock.now());
      // Another worker is driving this run right now; look again shortly.
      if (busy) return await scheduleRun(manager, runId, new Date(Date.now() + 500));
      if (unadmitted) {
        const { concurrency } = (await this.graphs.get(unadmitted.flowVersionId, manager)).settings ?? {};
        const admitted = concurrency ? await admitRun(manager, unadmitted, concurrency, this.clock.now()) : true;
        // Not its turn: it stays queued and holds nothing; the run ahead of it that ends gives it a new job.
        if (!admitted) return;
        // Claimed afresh now that it counts as started.
        ({ busy, run, states } = await this.commit.claim(runId, this.clock.now()));
        if (busy) return await scheduleRun(manager, runId, new Date(Date.now() + 500));
      }
      if (!run) return;
      await this.driveClaimed(manager, run, states, signal);
    } finally {
      this.driving.delete(runId);
    }
  }

  /** Drives a run intake stored with this process as its driver (RunStarter's hand-off): it is ours without a claim. */
  async adopt(run: ClaimedRun, states: Map<string, LoadedNodeState>, signal: AbortSignal): Promise<void> {
    // Fresh from intake, no job of this process can know the run yet.
    this.driving.add(run.id);
    try {
      await this.driveClaimed(this.dataSource.manager, run, states, signal);
    } finally {
      this.driving.delete(run.id);
    }
  }

  private async driveClaimed(manager: EntityManager, run: ClaimedRun, states: Map<string, LoadedNodeState>, signal: AbortSignal): Promise<void> {
    let released = false;
    try {
      released = await this.drive(manager, run, states, signal);
    } finally {
      if (!released) {
        await releaseRun(manager, run.id, this.commit.driverId).catch((err: unknown) => {
          this.unreleased.add(run.id);
          logger.warn({ err, runId: run.id }, 'could not let go of a run; trying again');
        });
      }
    }
  }

  /**
   * Lets go of the runs whose release failed. While this process beats, no other may claim them,
   * and its own jobs for them may keep landing elsewhere: left marked, they would wait forever.
   */
  async releaseStale(): Promise<void> {
    for (const runId of [...this.unreleased]) {
      // Driven here again: that job's end lets go of it.
      if (this.driving.has(runId)) {
        this.unreleased.delete(runId);
        continue;
      }
      // Held as driven meanwhile, so no job of this process claims the run while its mark is dropped.
      this.driving.add(runId);
      try {
        await releaseRun(this.dataSource.manager, runId, this.commit.driverId);
        this.unreleased.delete(runId);
      } finally {
        this.driving.delete(runId);
      }
    }
  }

  /** Returns true when the job's last write already let the run go (finish, sleep and discard do). */
  private async drive(manager: EntityManager, run: ClaimedRun, states: Map<string, LoadedNodeState>, signal: AbortSignal): Promise<boolean> {
    const graph = await this.graphs.get(run.flowVersionId, manager);
    const lookup = (type: string) => this.catalog.get(type);
    const memo = newPlanMemo();
    const job: DrivenRun = { manager, run, graph, states, signal, pending: [], mustStore: false, driver: this.commit.driverId, record: (records) => this.commit.record(records) };

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
          return true;
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
      // Cancelled meanwhile, or taken over by another process: no job of ours is wanted.
      if (await storePending(job, tx)) await scheduleRun(tx, run.id);
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
      await discardRun(manager, run.id, now);
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
    return true;
  }

  private async finish(manager: EntityManager, run: ClaimedRun, graph: FlowGraph, now: Date, pending: StepRecord[]): Promise<boolean> {
    // A webhook caller still waiting for core.respond learns the run ended without an answer (sent on commit).
    const mayAnswer = graph.nodes.some((n) => n.type === RESPOND_NODE_TYPE);
    const finished = () => {
      this.metrics.runsFinished.inc({ flow_id: run.flowId, status: 'succeeded' });
      this.tracing.runEnded(run, 'succeeded');
    };
    if (!run.gated && !mayAnswer && !run.parentRunId) {
      if (await this.commit.finish({ runId: run.id, at: now, steps: pending })) finished();
      return true;
    }
    const ours = await manager.transaction(async (tx) => {
      if (!(await finishRun(tx, run.id, now, pending, this.commit.driverId))) return false;
      if (run.gated) await releaseNext(tx, run.id);
      if (run.parentRunId) await notifyParent(tx, run.id, 'succeeded', now);
      if (mayAnswer) await tx.query(`select pg_notify($1, $2)`, [RESPOND_CHANNEL, run.id]);
      return true;
    });
    if (ours) finished();
    return true;
  }
}
