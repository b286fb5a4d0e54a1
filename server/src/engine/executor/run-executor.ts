import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ConfigError, createHttpClient, dictionary, ExpressionError, flowCalendar, InputError, isTrigger, NodeError, normaliseResult, secretParamNames, serializeError,
  type WorkingCalendar,
  type ActionDefinition, type AnyNode, type FieldMap, type FlowGraph, type FlowNode, type NodeContext, type SerializedNodeError,
  type TriggerContext, type TriggerDefinition, type TriggerLoadResult,
} from '@flowbridge/nodes/sdk';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CLOCK, type Clock } from '../clock';
import { CREDENTIALS_RESOLVER, trackingCredentials, type CredentialsResolver } from '../credentials';
import { redactSecrets } from '../secrets/redact';
import { NodeCatalog } from '../node-catalog';
import { Sandbox } from '../sandbox/sandbox';
import { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { resolveParams } from '../expressions/resolve-params';
import { scheduleRun } from '../queue/run-jobs';
import { backoffDelay, DEFAULT_ACTION_RETRY, NO_RETRY, TRIGGER_LOAD_RETRY } from './backoff';
import { triggerKeys } from '../trigger-keys';
import { planNextStep } from './plan-next-step';
import { storable, type StorablePayload } from './storable';
import { claimRun, insertSkippedSteps, insertStep, type ClaimedRun, type LoadedNodeState } from './run-state-store';
import { logger } from '../../common/logger';
import { emitEvent, findEvent } from '../events';
import { FlowVersionGraphs } from '../flow-version-graphs';
import { SignedLinks } from '../signed-links';
import { notifyParent, Subflows } from '../subflows';
import { admitRun, releaseNext } from '../concurrency';
import { RESPOND_NODE_TYPE } from '@flowbridge/nodes/core/respond';

/** NOTIFY channel: a run stored its core.respond step (payload: the run id). */
export const RESPOND_CHANNEL = 'flowbridge_respond';
import { CalendarStore, type StoredWakePlan } from '../calendars/calendar-store';
import type { EvaluationEnv } from '../sandbox/sandbox';

/** The flow's production calendar and time zone, as one step sees them. */
interface StepCalendar {
  calendar: WorkingCalendar;
  timezone: string;
}

/** Advisory-lock namespace for "this run is being driven"; held on the driving connection only. */
const RUN_LOCK_NAMESPACE = 7301;
const MAX_STEPS_PER_JOB = 10_000;

/**
 * Drives one run forward: plans the next step from persisted state, executes it, commits its
 * result (with any follow-up job in the same transaction), and repeats until the run finishes,
 * fails, or has to wait. Holding a session advisory lock per run keeps two workers from driving
 * the same run; the lock dies with the connection, so a killed worker frees the run at once.
 */
@Injectable()
export class RunExecutor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly graphs: FlowVersionGraphs,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sandbox: Sandbox,
    private readonly catalog: NodeCatalog,
    @Inject(CREDENTIALS_RESOLVER) private readonly credentials: CredentialsResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbound: OutboundPolicy,
    private readonly links: SignedLinks,
    private readonly subflows: Subflows,
    private readonly calendars: CalendarStore,
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
        if (!unlocked) await runner.query(`select pg_advisory_unlock($1, hashtext($2::text))`, [RUN_LOCK_NAMESPACE, runId]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Returns true when it already released the run's lock (finishing a run does both at once). */
  private async drive(manager: EntityManager, run: ClaimedRun, states: Map<string, LoadedNodeState>, signal: AbortSignal): Promise<boolean> {
    const runId = run.id;
    const graph = await this.graphs.get(run.flowVersionId, manager);
    const lookup = (type: string) => this.catalog.get(type);

    for (let i = 0; i < MAX_STEPS_PER_JOB && !signal.aborted; i++) {
      const now = this.clock.now();
      const plan = planNextStep(graph, states, run.triggerNodeId, lookup, now);
      switch (plan.kind) {
        case 'done': {
          // A webhook caller still waiting for core.respond learns the run ended without an answer (sent on commit).
          const mayAnswer = graph.nodes.some((n) => n.type === RESPOND_NODE_TYPE);
          if (run.gated || mayAnswer || run.parentRunId) {
            await manager.transaction(async (tx) => {
              await tx.query(`update runs set status = 'succeeded', finished_at = $2, wake_at = null where id = $1::uuid and status in ('running', 'waiting')`, [runId, now]);
              if (run.gated) await releaseNext(tx, runId);
              if (run.parentRunId) await notifyParent(tx, runId, 'succeeded', now);
              if (mayAnswer) await tx.query(`select pg_notify($1, $2)`, [RESPOND_CHANNEL, runId]);
            });
            return false;
          }
          await manager.query(
            `with finished as (update runs set status = 'succeeded', finished_at = $2, wake_at = null where id = $1::uuid and status in ('running', 'waiting'))
             select pg_advisory_unlock($3, hashtext($1::text))`,
            [runId, now, RUN_LOCK_NAMESPACE],
          );
          return true;
        }
        case 'failed':
          return false;
        case 'sleep':
          await manager.transaction(async (tx) => {
            // The plan comes from this job's memory, but an event may have woken a wait since it was
            // stored (a sub-flow that ended at once): take the run row first, then the earliest wake
            // time the steps hold now, so the wake-up it scheduled is never pushed back.
            const [row]: { until: Date | null }[] = await tx.query(
              `with locked as (select id from runs where id = $1 for update)
               select least($2::timestamptz, (
                 select min(s.wake_at) from steps s, locked where s.run_id = locked.id and s.status = 'waiting'
                   and not exists (select 1 from steps later where later.run_id = s.run_id and later.node_id = s.node_id and later.id > s.id))) as until`,
              [runId, plan.until],
            );
            const until = row?.until ? new Date(row.until) : plan.until;
            await tx.query(`update runs set status = $2, wake_at = $3 where id = $1 and status in ('running', 'waiting')`, [runId, plan.reason === 'wait' ? 'waiting' : 'running', until]);
            // Woken before its time (the queue's clock runs ahead of ours): look again in a second, not in a loop.
            await scheduleRun(tx, runId, new Date(Math.max(until.getTime(), Date.now() + 1000)));
          });
          return false;
        case 'skip':
          await insertSkippedSteps(manager, runId, plan.nodeIds, now);
          for (const id of plan.nodeIds) states.set(id, { status: 'skipped', port: null, attempt: 0, output: null, wakeAt: null, retryAt: null });
          continue;
        case 'run': {
          const keepGoing = await this.runStep(manager, run, graph, states, plan.nodeId, plan.attempt, plan.resumed, signal);
          if (!keepGoing) return false;
        }
      }
    }
    return false;
  }

  /** Executes one node and persists the outcome. Returns false when the job should stop. */
  private async runStep(manager: EntityManager, run: ClaimedRun, graph: FlowGraph, states: Map<string, LoadedNodeState>, nodeId: string, attempt: number, resumed: boolean, signal: AbortSignal): Promise<boolean> {
    const node = graph.nodes.find((n) => n.id === nodeId)!;
    const def = this.catalog.forNode(node);
    const startedAt = this.clock.now();
    const base = { runId: run.id, nodeId, attempt, startedAt };
    const credentials = trackingCredentials(this.credentials);
    // Secret params were opened for this run only: like credentials, they never reach a stored step.
    if (def) for (const name of secretParamNames(def.definition.params as FieldMap)) {
      const value = node.params[name];
      if (typeof value === 'string') credentials.secrets.add(value);
    }
    if (def && isTrigger(def) && nodeId === run.triggerNodeId) return this.loadTrigger(manager, run, graph, states, node, def, attempt, signal);
    let input: unknown;
    let result: ReturnType<typeof normaliseResult>;
    let stepCalendar: StepCalendar | undefined;
    try {
      if (!def) throw new InputError(`Unknown node type '${node.type}'`);
      const unavailable = this.catalog.unavailableReason(def);
      if (unavailable) throw new InputError(unavailable);
      const scope = this.scope(run, graph, states, nodeId);
      // Read per step (cached per process): a calendar edited while the run waited counts from its next step on.
      stepCalendar = await this.calendars.forFlow(graph.settings, manager);
      const env: EvaluationEnv = { timezone: stepCalendar.timezone, calendar: stepCalendar.calendar.data };
      input = await resolveParams(node.params, def.definition.params as FieldMap, { sandbox: this.sandbox, scope, nodeId, env });
      const parsed = def.paramsSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.path.join('.');
        throw new InputError(`Param '${nodeId}.${field}': ${issue.message}`, { field });
      }
      const ctx = this.context(run, nodeId, attempt, scope, signal, credentials.get, stepCalendar, env, resumed ? states.get(nodeId) : undefined);
      const raw = normaliseResult(await (def.definition as ActionDefinition<FieldMap>).run(ctx, parsed.data));
      result = { ...raw, output: redactSecrets(raw.output, credentials.secrets) };
    } catch (thrown) {
      return this.recordFailure(manager, run, graph, states, node.id, def, attempt, redactSecrets(input, credentials.secrets), startedAt, thrown, credentials.secrets);
    }
    const storedInput = redactSecrets(input, credentials.secrets);
    try {
      const plan = result.wait?.plan;
      const wakePlan: StoredWakePlan | undefined = plan && stepCalendar ? { calendar: stepCalendar.calendar.id, timezone: stepCalendar.timezone, plan } : undefined;
      return await this.storeResult(manager, run, states, base, storedInput, result, wakePlan, node.type === RESPOND_NODE_TYPE);
    } catch (thrown) {
      if (!isStorageRefusal(thrown)) throw thrown;
      // The side effect already happened: retrying would send it again, so the run stops here instead.
      const refusal = new UnstorableResultError(`'${nodeId}' succeeded, but its result could not be stored: ${(thrown as Error).message}`);
      return this.recordFailure(manager, run, graph, states, node.id, def, attempt, storedInput, startedAt, refusal, credentials.secrets);
    }
  }

  private async storeResult(manager: EntityManager, run: ClaimedRun, states: Map<string, LoadedNodeState>, base: { runId: string; nodeId: string; attempt: number; startedAt: Date }, input: unknown, result: ReturnType<typeof normaliseResult>, wakePlan?: StoredWakePlan, responds = false): Promise<boolean> {
    const { nodeId, attempt } = base;
    const finishedAt = this.clock.now();
    const output = this.storable(result.output);
    if (result.wait) {
      const { event } = result.wait;
      return manager.transaction(async (tx) => {
        // An event that happened before the run got here still counts: payments can beat the flow.
        const earlier = event ? await findEvent(tx, event.type, event.key) : undefined;
        const wakeAt = earlier ? finishedAt : result.wait!.until;
        const eventData = this.storable(earlier?.data);
        const live = await insertStep(tx, { ...base, status: 'waiting', input: this.storable(input), output, wakeAt, event, eventData, finishedAt: null, wakePlan: earlier ? undefined : wakePlan });
        if (!live) return false;
        // With the event already in, the run goes straight on: it never shows as waiting.
        if (!earlier) {
          await tx.query(`update runs set status = 'waiting', wake_at = $2 where id = $1`, [run.id, wakeAt]);
          await scheduleRun(tx, run.id, wakeAt);
        }
        states.set(nodeId, { status: 'waiting', port: null, attempt, output: output.value, wakeAt, retryAt: null, eventType: event?.type, eventData: eventData.value });
        return true;
      });
    }
    const record = { ...base, status: 'succeeded' as const, port: result.port, input: this.storable(input), output, finishedAt };
    // The webhook caller waiting for this answer learns of it when the step commits, not by polling.
    const live = responds
      ? await manager.transaction(async (tx) => {
        const stored = await insertStep(tx, record);
        if (stored) await tx.query(`select pg_notify($1, $2)`, [RESPOND_CHANNEL, run.id]);
        return stored;
      })
      : await insertStep(manager, record);
    // What later steps see is what a resumed run would read back: the stored (possibly truncated) output.
    states.set(nodeId, { status: 'succeeded', port: result.port, attempt, output: output.value, wakeAt: null, retryAt: null });
    return live;
  }

  /**
   * The trigger's second phase: completes the delivery intake stored (the first step's input) into
   * the run's trigger output, with the retries of an action, or ends the run as ignored.
   */
  private async loadTrigger(manager: EntityManager, run: ClaimedRun, graph: FlowGraph, states: Map<string, LoadedNodeState>, node: FlowNode, def: AnyNode & { definition: TriggerDefinition<FieldMap> }, attempt: number, signal: AbortSignal): Promise<boolean> {
    const startedAt = this.clock.now();
    const base = { runId: run.id, nodeId: node.id, attempt, startedAt };
    const credentials = trackingCredentials(this.credentials);
    const [{ input: delivery }]: { input: unknown }[] = await manager.query(
      `select input from steps where run_id = $1 and node_id = $2 order by id limit 1`, [run.id, node.id],
    );
    let loaded: TriggerLoadResult;
    try {
      const unavailable = this.catalog.unavailableReason(def);
      if (unavailable) throw new ConfigError(unavailable);
      const params = def.paramsSchema.safeParse(node.params);
      if (!params.success) throw new ConfigError(`Trigger '${node.id}' is misconfigured: ${params.error.issues[0]?.message}`);
      const log = logger.child({ runId: run.id, nodeId: node.id, phase: 'load' });
      const ctx: TriggerContext = {
        flowId: run.flowId,
        now: () => this.clock.now(),
        http: createHttpClient({ signal, outbound: this.outbound }),
        log: {
          info: (message, data) => log.info(data ?? {}, message),
          warn: (message, data) => log.warn(data ?? {}, message),
          error: (message, data) => log.error(data ?? {}, message),
        },
        credentials: credentials.get,
      };
      loaded = await def.definition.load!(ctx, delivery, params.data);
      if (!('ignore' in loaded)) {
        // The business key may only be known once the delivery is complete (an expression over the re-read deal).
        const output = redactSecrets(loaded.output, credentials.secrets);
        const keys = await triggerKeys(node, { output, businessKey: loaded.businessKey ?? run.businessKey ?? undefined }, this.sandbox, this.clock.now(), ['businessKey']);
        loaded = { output, businessKey: keys.businessKey ?? undefined, event: loaded.event };
      }
    } catch (thrown) {
      return this.recordFailure(manager, run, graph, states, node.id, def, attempt, delivery, startedAt, thrown, credentials.secrets);
    }
    const input = this.storable(delivery);
    const finishedAt = this.clock.now();
    if ('ignore' in loaded) {
      const output = this.storable({ ignored: loaded.ignore });
      const live = await insertStep(manager, { ...base, status: 'skipped', input, output, finishedAt });
      states.set(node.id, { status: 'skipped', port: null, attempt, output: output.value, wakeAt: null, retryAt: null });
      return live;
    }
    const output = this.storable(loaded.output);
    const businessKey = loaded.businessKey ?? null;
    const event = loaded.event;
    return manager.transaction(async (tx) => {
      const live = await insertStep(tx, { ...base, status: 'succeeded', port: 'out', input, output, finishedAt });
      // The event a delivery stands for counts only once its second phase confirmed it (a re-read payment).
      if (live && event) await emitEvent(tx, { ...event, source: `run:${run.id}` }, finishedAt);
      if (live && businessKey !== run.businessKey) {
        await tx.query(`update runs set business_key = $2 where id = $1`, [run.id, businessKey]);
        run.businessKey = businessKey;
      }
      states.set(node.id, { status: 'succeeded', port: 'out', attempt, output: output.value, wakeAt: null, retryAt: null });
      return live;
    });
  }

  private storable(value: unknown): StorablePayload {
    return storable(value, this.config.stepPayloadLimitBytes);
  }

  private async recordFailure(manager: EntityManager, run: ClaimedRun, graph: FlowGraph, states: Map<string, LoadedNodeState>, nodeId: string, def: AnyNode | undefined, attempt: number, rawInput: unknown, startedAt: Date, thrown: unknown, secrets: ReadonlySet<string>): Promise<boolean> {
    const serialized = thrown instanceof UnstorableResultError ? thrown.toJSON() : serializeError(thrown);
    const error = this.storable(redactSecrets(serialized, secrets));
    const input = this.storable(rawInput);
    if (!(thrown instanceof NodeError)) logger.error({ runId: run.id, nodeId, error: serialized.message }, 'node raised a system fault');
    const finishedAt = this.clock.now();
    const node = graph.nodes.find((n) => n.id === nodeId)!;
    const policy = node.retry ?? (def?.kind === 'action' ? DEFAULT_ACTION_RETRY : def?.kind === 'trigger' ? TRIGGER_LOAD_RETRY : NO_RETRY);
    const base = { runId: run.id, nodeId, attempt, startedAt, finishedAt, input, error };

    if (serialized.retryable && attempt < policy.attempts) {
      const delay = Math.max(backoffDelay(policy, attempt), serialized.retryAfterMs ?? 0);
      const retryAt = new Date(finishedAt.getTime() + delay);
      return manager.transaction(async (tx) => {
        if (!(await insertStep(tx, { ...base, status: 'failed', retryAt }))) return false;
        await tx.query(`update runs set wake_at = $2 where id = $1`, [run.id, retryAt]);
        await scheduleRun(tx, run.id, retryAt);
        states.set(nodeId, { status: 'failed', port: null, attempt, output: null, wakeAt: null, retryAt });
        // Keep driving other branches now only if the retry is already due (zero backoff).
        return delay === 0;
      });
    }

    const routed = def?.errorPort && graph.edges.some((e) => e.from === nodeId && e.port === 'error');
    if (routed) {
      const output = this.storable({ error: error.value });
      const live = await insertStep(manager, { ...base, status: 'failed', port: 'error', output });
      states.set(nodeId, { status: 'failed', port: 'error', attempt, output: output.value, wakeAt: null, retryAt: null });
      return live;
    }

    return manager.transaction(async (tx) => {
      if (!(await insertStep(tx, { ...base, status: 'failed' }))) return false;
      const runError = this.storable({ ...(error.value as SerializedNodeError), nodeId });
      await tx.query(
        `update runs set status = 'failed', error = $2::jsonb, finished_at = $3, wake_at = null where id = $1 and status in ('running', 'waiting')`,
        [run.id, runError.json, finishedAt],
      );
      if (run.gated) await releaseNext(tx, run.id);
      if (run.parentRunId) await notifyParent(tx, run.id, 'failed', finishedAt);
      if (graph.nodes.some((n) => n.type === RESPOND_NODE_TYPE)) await tx.query(`select pg_notify($1, $2)`, [RESPOND_CHANNEL, run.id]);
      states.set(nodeId, { status: 'failed', port: null, attempt, output: null, wakeAt: null, retryAt: null });
      return false;
    });
  }

  private scope(run: ClaimedRun, graph: FlowGraph, states: Map<string, LoadedNodeState>, nodeId: string): Record<string, unknown> {
    // Node ids come from the flow: `$steps.constructor` must be a node named so, or nothing.
    const steps = dictionary<unknown>();
    for (const [id, state] of states) if (state.status === 'succeeded' || state.port === 'error') steps[id] = state.output;
    const firedSource = graph.edges.find((e) => e.to === nodeId && steps[e.from] !== undefined);
    return {
      $trigger: steps[run.triggerNodeId] ?? {},
      $steps: steps,
      $prev: firedSource ? steps[firedSource.from] : {},
      $run: { id: run.id, flowId: run.flowId, businessKey: run.businessKey, startedAt: run.createdAt },
      $vars: {},
      $now: this.clock.now().toISOString(),
      // Form links exist before their wait does, so the flow can send one first (e-mail, CRM field).
      $links: dictionary(graph.nodes.filter((n) => n.type === 'core.waitForForm').map((n) => [n.id, this.links.formUrl(run.id, n.id)])),
    };
  }

  private context(run: ClaimedRun, nodeId: string, attempt: number, scope: Record<string, unknown>, signal: AbortSignal, credentials: NodeContext['credentials'], step: StepCalendar, env: EvaluationEnv, waited?: LoadedNodeState): NodeContext {
    const log = logger.child({ runId: run.id, nodeId });
    return {
      runId: run.id,
      flowId: run.flowId,
      nodeId,
      attempt,
      idempotencyKey: `${run.id}:${nodeId}:0`,
      now: () => this.clock.now(),
      log: {
        info: (message, data) => log.info(data ?? {}, message),
        warn: (message, data) => log.warn(data ?? {}, message),
        error: (message, data) => log.error(data ?? {}, message),
      },
      signal,
      http: createHttpClient({ signal, outbound: this.outbound }),
      code: {
        run: async (body, vars) => {
          try {
            return await this.sandbox.runCode(body, { ...scope, ...vars }, { env });
          } catch (error) {
            throw new ExpressionError(`Code in '${nodeId}.code' failed: ${(error as Error).message}`, { field: 'code' });
          }
        },
      },
      credentials,
      calendar: flowCalendar(step.calendar, step.timezone),
      resumed: waited ? resumeReason(waited) : undefined,
      links: this.links.forNode(run.id, nodeId),
      subflows: { start: (flowId, input) => this.subflows.start({ runId: run.id, nodeId }, flowId, input) },
    };
  }

}

/** A step whose side effect happened but whose result Postgres refused: a system fault that must not be retried. */
class UnstorableResultError extends Error {
  toJSON(): SerializedNodeError {
    return { kind: 'system', message: this.message, retryable: false };
  }
}

/**
 * Postgres refused the data itself (SQLSTATE class 22 data exception, 54 limit exceeded), as
 * opposed to a lost connection or a conflict, after which the job is retried as a whole.
 */
function isStorageRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|54)[0-9A-Z]{3}$/.test(code);
}

function resumeReason(waited: LoadedNodeState): NonNullable<NodeContext['resumed']> {
  if (!waited.eventType) return { reason: 'timer', data: waited.output };
  if (waited.eventData !== null && waited.eventData !== undefined) return { reason: 'event', data: waited.eventData };
  return { reason: 'timeout', data: waited.output };
}
