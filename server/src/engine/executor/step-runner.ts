import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  ConfigError, createHttpClient, dictionary, ExpressionError, flowCalendar, InputError, isTrigger, NodeError, normaliseResult, pathAtDepth, ROOT_PATH, secretParamNames, serializeError,
  type WorkingCalendar,
  type ActionDefinition, type AnyNode, type HttpObserver, type FieldMap, type FlowGraph, type FlowNode, type NodeContext, type SerializedNodeError,
  type TriggerContext, type TriggerDefinition, type TriggerLoadResult,
} from '@flowbridge/nodes/sdk';
import { RESPOND_NODE_TYPE } from '@flowbridge/nodes/core/respond';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CLOCK, type Clock } from '../clock';
import { CREDENTIALS_RESOLVER, trackingCredentials, type CredentialsResolver } from '../credentials';
import { redactSecrets } from '../secrets/redact';
import { NodeCatalog } from '../node-catalog';
import { Sandbox, type EvaluationEnv } from '../sandbox/sandbox';
import { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { resolveParams } from '../expressions/resolve-params';
import { triggerKeys } from '../trigger-keys';
import { logger, nodeLogger } from '../../common/logger';
import { emitEvent, findEvent } from '../events';
import { SignedLinks } from '../signed-links';
import { notifyParent, Subflows } from '../subflows';
import { releaseNext } from '../concurrency';
import { triggerState } from '../trigger-state';
import { CalendarStore, type StoredWakePlan } from '../calendars/calendar-store';
import {
  failRun, recordStep, recordSteps, scheduleRetry, setBusinessKey, skipSteps, startWaiting, triggerDelivery,
  type ClaimedRun, type LoadedNodeState, type StepRecord,
} from '../run-store';
import { backoffDelay, DEFAULT_ACTION_RETRY, NO_RETRY, TRIGGER_LOAD_RETRY } from './backoff';
import { shapeOf, stateKey, type Plan } from './plan-next-step';
import { loopResults, loopScope, startedLoop } from './loops';
import { storable, type StorablePayload } from './storable';
import { Metrics } from '../../observability/metrics';
import { SyncLinks } from '../sync/sync-links';
import { Tracing } from '../../observability/tracing';
import { TableStore } from '../tables/table-store';
import { nodeTables, tableLookups } from '../tables/node-tables';
import { isDatabaseUnavailable } from '../../database/unavailable';

/** NOTIFY channel: a run stored its core.respond step (payload: the run id). */
export const RESPOND_CHANNEL = 'flowbridge_respond';

/** What one job drives: the run, its pinned graph and the state of every node in every iteration. */
export interface DrivenRun {
  manager: EntityManager;
  run: ClaimedRun;
  graph: FlowGraph;
  states: Map<string, LoadedNodeState>;
  signal: AbortSignal;
  /**
   * Step results not stored yet, in order. A pure step (a condition, a mapping, a read, a skip)
   * would be computed again the same after a crash, so it waits to be stored with the next write;
   * a side effect's result is stored before the next side effect starts (`mustStore`), or with
   * whatever write comes first: the job never ends holding any.
   */
  pending: StepRecord[];
  mustStore: boolean;
  /** This process as the run's driver: what it stores is refused once another process took the run over. */
  driver: string;
  /** Stores held-back results outside a transaction: through group commit, with other runs' (false: the run is no longer live). */
  record: (records: StepRecord[]) => Promise<boolean>;
  /** Set when the trigger's second phase discarded the delivery: the run is to leave no trace. */
  discarded?: string;
}

/** Changes something outside Flowbridge: its result must be stored before another such step starts. */
export function hasSideEffects(def: AnyNode | undefined): boolean {
  return !def || (def.kind === 'action' && (def.definition as ActionDefinition<FieldMap>).sideEffects !== false);
}

/**
 * Stores the results a job held back, in the transaction `tx` when given; false when the run is no
 * longer live (cancelled meanwhile).
 */
export async function storePending(job: DrivenRun, tx?: EntityManager): Promise<boolean> {
  if (!job.pending.length) return true;
  const records = job.pending.splice(0).map((r) => ({ ...r, driver: job.driver }));
  job.mustStore = false;
  return tx ? recordSteps(tx, records) : job.record(records);
}

/** The flow's production calendar and time zone, as one step sees them. */
interface StepCalendar {
  calendar: WorkingCalendar;
  timezone: string;
}

/**
 * Executes one node in one iteration and hands its outcome to the run store: a result, a wait,
 * a retry, a routed or final failure, or the start and end of a loop. Every method answers
 * whether the job may go on driving the run.
 */
@Injectable()
export class StepRunner {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly sandbox: Sandbox,
    private readonly catalog: NodeCatalog,
    @Inject(CREDENTIALS_RESOLVER) private readonly credentials: CredentialsResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbound: OutboundPolicy,
    private readonly links: SignedLinks,
    private readonly subflows: Subflows,
    private readonly calendars: CalendarStore,
    private readonly metrics: Metrics,
    private readonly syncLinks: SyncLinks,
    private readonly tracing: Tracing,
    private readonly tables: TableStore,
  ) {}

  async run(job: DrivenRun, nodeId: string, path: string, attempt: number, resumed: boolean): Promise<boolean> {
    const { manager, run, graph, states } = job;
    const node = graph.nodes.find((n) => n.id === nodeId)!;
    const def = this.catalog.forNode(node);
    const startedAt = this.clock.now();
    const base = { runId: run.id, nodeId, path, attempt, startedAt, driver: job.driver };
    const credentials = trackingCredentials(this.credentials);
    // Secret params were opened for this run only: like credentials, they never reach a stored step.
    if (def) for (const name of secretParamNames(def.definition.params as FieldMap)) {
      const value = node.params[name];
      if (typeof value === 'string') credentials.secrets.add(value);
    }
    if (def && isTrigger(def) && nodeId === run.triggerNodeId) return this.loadTrigger(job, node, def, attempt);
    // A test run of the draft takes a pinned output instead of calling the remote system.
    if (node.pinnedOutput !== undefined && def && !isTrigger(def) && def.kind !== 'loop') {
      return this.storeResult(job, base, { $pinned: true }, { port: 'out', output: node.pinnedOutput });
    }
    let input: unknown;
    let result: ReturnType<typeof normaliseResult>;
    let stepCalendar: StepCalendar | undefined;
    try {
      if (!def) throw new InputError(`Unknown node type '${node.type}'`);
      const unavailable = this.catalog.unavailableReason(def, node.params);
      if (unavailable) throw new InputError(unavailable);
      const scope = this.scope(job, nodeId, path);
      // Only the tables this node's expressions name are read, once for the step.
      const lookups = await tableLookups(this.tables, node.params);
      if (lookups) scope.$tables = lookups;
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
      // The side effect before this one is on record before this one starts: a crash never repeats it.
      if (job.mustStore && hasSideEffects(def) && !(await storePending(job))) return false;
      const waited = resumed ? states.get(stateKey(nodeId, path)) : undefined;
      const calendarOfStep = stepCalendar;
      const timer = this.metrics.stepDuration.startTimer({ node_type: node.type });
      let returned: Awaited<ReturnType<ActionDefinition<FieldMap>['run']>>;
      try {
        returned = await this.tracing.step(job.run, node, path, attempt, async (observe) => {
          const ctx = this.context(job, nodeId, path, attempt, scope, credentials.get, calendarOfStep, env, waited, observe);
          return (def.definition as ActionDefinition<FieldMap>).run(ctx, parsed.data);
        });
        timer({ outcome: 'ok' });
      } catch (error) {
        timer({ outcome: 'error' });
        throw error;
      }
      const raw = normaliseResult(returned);
      if (raw.iterate && def.kind !== 'loop') throw new ConfigError(`'${node.type}' is not a loop but asked to iterate`);
      result = { ...raw, output: redactSecrets(raw.output, credentials.secrets) };
    } catch (thrown) {
      // The database failing under the step (its calendar, its tables) is no fault of the node: the
      // job ends with it and the run is driven again, as after a crash, instead of failing here.
      if (isDatabaseUnavailable(thrown)) throw thrown;
      return this.recordFailure(job, node.id, path, def, attempt, redactSecrets(input, credentials.secrets), startedAt, thrown, credentials.secrets);
    }
    const storedInput = redactSecrets(input, credentials.secrets);
    if (result.iterate) return this.startLoop(job, base, storedInput, result.iterate, def!);
    try {
      const plan = result.wait?.plan;
      const wakePlan: StoredWakePlan | undefined = plan && stepCalendar ? { calendar: stepCalendar.calendar.id, timezone: stepCalendar.timezone, plan } : undefined;
      return await this.storeResult(job, base, storedInput, result, wakePlan, node.type === RESPOND_NODE_TYPE, hasSideEffects(def));
    } catch (thrown) {
      if (!isStorageRefusal(thrown)) throw thrown;
      // The side effect already happened: retrying would send it again, so the run stops here instead.
      const refusal = new RecordedError({ kind: 'system', message: `'${nodeId}' succeeded, but its result could not be stored: ${(thrown as Error).message}`, retryable: false });
      return this.recordFailure(job, node.id, path, def, attempt, storedInput, startedAt, refusal, credentials.secrets);
    }
  }

  private async storeResult(job: DrivenRun, base: Pick<StepRecord, 'runId' | 'nodeId' | 'path' | 'attempt' | 'startedAt'>, input: unknown, result: ReturnType<typeof normaliseResult>, wakePlan?: StoredWakePlan, responds = false, sideEffect = false): Promise<boolean> {
    const { manager, run, states } = job;
    const key = stateKey(base.nodeId, base.path);
    const finishedAt = this.clock.now();
    const output = this.storable(result.output);
    if (result.wait) {
      const { event } = result.wait;
      return manager.transaction(async (tx) => {
        if (!(await storePending(job, tx))) return false;
        // An event that happened before the run got here still counts: payments can beat the flow.
        const earlier = event ? await findEvent(tx, event.type, event.key) : undefined;
        const wakeAt = earlier ? finishedAt : result.wait!.until;
        const eventData = this.storable(earlier?.data);
        // With the event already in, the run goes straight on: it never shows as waiting.
        const live = await startWaiting(tx, { ...base, status: 'waiting', input: this.storable(input), output, wakeAt, event, eventData, finishedAt: null, wakePlan: earlier ? undefined : wakePlan }, !!earlier);
        if (live) states.set(key, { status: 'waiting', port: null, attempt: base.attempt, output: output.value, wakeAt, retryAt: null, eventType: event?.type, eventData: eventData.value });
        return live;
      });
    }
    const record: StepRecord = { ...base, status: 'succeeded', port: result.port, input: this.storable(input), output, finishedAt };
    // The webhook caller waiting for this answer learns of it when the step commits, not by polling.
    let live = true;
    if (responds) {
      job.pending.push(record);
      live = await manager.transaction(async (tx) => {
        const stored = await storePending(job, tx);
        if (stored) await tx.query(`select pg_notify($1, $2)`, [RESPOND_CHANNEL, run.id]);
        return stored;
      });
    } else {
      job.pending.push(record);
      if (sideEffect) job.mustStore = true;
    }
    // What later steps see is what a resumed run would read back: the stored (possibly truncated) output.
    states.set(key, { status: 'succeeded', port: result.port, attempt: base.attempt, output: output.value, wakeAt: null, retryAt: null });
    return live;
  }

  /** A loop stores its items in a step that stays waiting (no timer) while its iterations run. */
  private async startLoop(job: DrivenRun, base: Pick<StepRecord, 'runId' | 'nodeId' | 'path' | 'attempt' | 'startedAt'>, input: unknown, iterate: NonNullable<ReturnType<typeof normaliseResult>['iterate']>, def: AnyNode): Promise<boolean> {
    const started = startedLoop(iterate.items, iterate.options);
    if (started.iterations === 0) return this.storeResult(job, base, input, { port: 'done', output: loopResults(shapeOf(job.graph, (t) => this.catalog.get(t)), job.states, base.nodeId, base.path, started) });
    const output = this.storable(started);
    if (isTruncated(output.value)) {
      const tooLarge = new InputError(`'items' is ${(output.value as { size: number }).size} bytes as JSON, more than the ${this.config.stepPayloadLimitBytes} a loop can hold: pass ids and read each item in the loop`, { field: 'items' });
      return this.recordFailure(job, base.nodeId, base.path, def, base.attempt, input, base.startedAt, tooLarge, new Set());
    }
    const live = (await storePending(job)) && (await startWaiting(job.manager, { ...base, status: 'waiting', input: this.storable(input), output, wakeAt: null, finishedAt: null }, true));
    job.states.set(stateKey(base.nodeId, base.path), { status: 'waiting', port: null, attempt: base.attempt, output: output.value, wakeAt: null, retryAt: null });
    return live;
  }

  /** Every iteration ended (the loop goes on from `done`), or one failed and the loop fails as a node does. */
  async endLoop(job: DrivenRun, plan: Extract<Plan, { kind: 'loop' }>): Promise<boolean> {
    const { manager, run, graph, states } = job;
    const now = this.clock.now();
    // Steps still open in other iterations close first: no timer of theirs may wake the run again.
    if (plan.abandon.length) {
      if (!(await storePending(job))) return false;
      await skipSteps(manager, run.id, plan.abandon, now);
      for (const { nodeId, path } of plan.abandon) states.set(stateKey(nodeId, path), { status: 'skipped', port: null, attempt: 0, output: null, wakeAt: null, retryAt: null });
    }
    const key = stateKey(plan.nodeId, plan.path);
    const state = states.get(key)!;
    const node = graph.nodes.find((n) => n.id === plan.nodeId)!;
    const base = { runId: run.id, nodeId: plan.nodeId, path: plan.path, attempt: state.attempt, startedAt: now, driver: job.driver };
    if (plan.outcome === 'done') {
      const output = loopResults(shapeOf(graph, (t) => this.catalog.get(t)), states, plan.nodeId, plan.path, state.output);
      return this.storeResult(job, base, undefined, { port: 'done', output });
    }
    const failed = states.get(stateKey(plan.item.nodeId, plan.item.path));
    const cause = (failed?.error ?? {}) as Partial<SerializedNodeError>;
    const index = plan.item.path.slice(plan.path.length + 1).split('.')[0];
    const error = new RecordedError({
      kind: cause.kind ?? 'system',
      message: `Item ${index} failed at '${plan.item.nodeId}': ${cause.message ?? 'no message'}`,
      retryable: false,
    });
    return this.recordFailure(job, plan.nodeId, plan.path, this.catalog.forNode(node), state.attempt, undefined, now, error, new Set());
  }

  /**
   * The trigger's second phase: completes the delivery intake stored (the first step's input) into
   * the run's trigger output, with the retries of an action, or ends the run as ignored, or marks
   * it discarded for the executor to remove (the job stops driving it here).
   */
  private async loadTrigger(job: DrivenRun, node: FlowNode, def: AnyNode & { definition: TriggerDefinition<FieldMap> }, attempt: number): Promise<boolean> {
    const { manager, run, states, signal } = job;
    const startedAt = this.clock.now();
    const base = { runId: run.id, nodeId: node.id, path: ROOT_PATH, attempt, startedAt, driver: job.driver };
    const credentials = trackingCredentials(this.credentials);
    if (!(await storePending(job))) return false;
    const delivery = await triggerDelivery(manager, run.id, node.id);
    let loaded: TriggerLoadResult;
    try {
      const unavailable = this.catalog.unavailableReason(def);
      if (unavailable) throw new ConfigError(unavailable);
      const params = def.paramsSchema.safeParse(node.params);
      if (!params.success) throw new ConfigError(`Trigger '${node.id}' is misconfigured: ${params.error.issues[0]?.message}`);
      const ctx: TriggerContext = {
        flowId: run.flowId,
        now: () => this.clock.now(),
        http: createHttpClient({ signal, outbound: this.outbound }),
        log: nodeLogger({ runId: run.id, nodeId: node.id, phase: 'load' }),
        credentials: credentials.get,
        state: triggerState(manager, run.flowId, node.id),
      };
      loaded = await def.definition.load!(ctx, delivery, params.data);
      if ('discard' in loaded) {
        ctx.log.info('Trigger discarded the delivery: no run', { reason: loaded.discard });
        job.discarded = loaded.discard;
        return false;
      }
      if (!('ignore' in loaded)) {
        // The business key may only be known once the delivery is complete (an expression over the re-read deal).
        const output = redactSecrets(loaded.output, credentials.secrets);
        const keys = await triggerKeys(node, { output, businessKey: loaded.businessKey ?? run.businessKey ?? undefined }, this.sandbox, this.clock.now(), ['businessKey']);
        loaded = { output, businessKey: keys.businessKey ?? undefined, event: loaded.event };
      }
    } catch (thrown) {
      return this.recordFailure(job, node.id, ROOT_PATH, def, attempt, delivery, startedAt, thrown, credentials.secrets);
    }
    const input = this.storable(delivery);
    const finishedAt = this.clock.now();
    if ('ignore' in loaded) {
      const output = this.storable({ ignored: loaded.ignore });
      const live = await recordStep(manager, { ...base, status: 'skipped', input, output, finishedAt });
      states.set(node.id, { status: 'skipped', port: null, attempt, output: output.value, wakeAt: null, retryAt: null });
      return live;
    }
    const output = this.storable(loaded.output);
    const businessKey = loaded.businessKey ?? null;
    const event = loaded.event;
    return manager.transaction(async (tx) => {
      const live = await recordStep(tx, { ...base, status: 'succeeded', port: 'out', input, output, finishedAt });
      // The event a delivery stands for counts only once its second phase confirmed it (a re-read payment).
      if (live && event) await emitEvent(tx, { ...event, source: `run:${run.id}` }, finishedAt);
      if (live && businessKey !== run.businessKey) {
        await setBusinessKey(tx, run.id, businessKey);
        run.businessKey = businessKey;
      }
      states.set(node.id, { status: 'succeeded', port: 'out', attempt, output: output.value, wakeAt: null, retryAt: null });
      return live;
    });
  }

  private storable(value: unknown): StorablePayload {
    return storable(value, this.config.stepPayloadLimitBytes);
  }

  /**
   * A failure retries (durably), routes to the node's error port, ends its loop iteration (the
   * loop decides what that means), or fails the run; the engine decides from the error's type.
   */
  private async recordFailure(job: DrivenRun, nodeId: string, path: string, def: AnyNode | undefined, attempt: number, rawInput: unknown, startedAt: Date, thrown: unknown, secrets: ReadonlySet<string>): Promise<boolean> {
    const { manager, run, graph, states } = job;
    const key = stateKey(nodeId, path);
    const serialized = thrown instanceof RecordedError ? thrown.serialized : serializeError(thrown);
    const error = this.storable(redactSecrets(serialized, secrets));
    const input = this.storable(rawInput);
    if (!(thrown instanceof NodeError) && !(thrown instanceof RecordedError)) logger.error({ runId: run.id, nodeId, error: serialized.message }, 'node raised a system fault');
    const finishedAt = this.clock.now();
    const node = graph.nodes.find((n) => n.id === nodeId)!;
    const policy = node.retry ?? (def?.kind === 'action' ? DEFAULT_ACTION_RETRY : def?.kind === 'trigger' ? TRIGGER_LOAD_RETRY : NO_RETRY);
    const base = { runId: run.id, nodeId, path, attempt, startedAt, finishedAt, input, error, driver: job.driver };

    if (serialized.retryable && attempt < policy.attempts) {
      const delay = Math.max(backoffDelay(policy, attempt), serialized.retryAfterMs ?? 0);
      const retryAt = new Date(finishedAt.getTime() + delay);
      return manager.transaction(async (tx) => {
        if (!(await storePending(job, tx))) return false;
        if (!(await scheduleRetry(tx, { ...base, status: 'failed', retryAt }))) return false;
        states.set(key, { status: 'failed', port: null, attempt, output: null, error: error.value, wakeAt: null, retryAt });
        // Keep driving other branches now only if the retry is already due (zero backoff).
        return delay === 0;
      });
    }

    const routed = def?.errorPort && graph.edges.some((e) => e.from === nodeId && e.port === 'error');
    if (routed || path !== ROOT_PATH) {
      // Routed: the error port fires. In a loop's item: the iteration ends failed, and the loop decides.
      const output = routed ? this.storable({ error: error.value }) : undefined;
      job.pending.push({ ...base, status: 'failed', port: routed ? 'error' : null, output });
      const live = await storePending(job);
      states.set(key, { status: 'failed', port: routed ? 'error' : null, attempt, output: output?.value ?? null, error: error.value, wakeAt: null, retryAt: null });
      return live;
    }

    return manager.transaction(async (tx) => {
      job.pending.push({ ...base, status: 'failed' });
      if (!(await storePending(job, tx))) return false;
      const runError = this.storable({ ...(error.value as SerializedNodeError), nodeId });
      await failRun(tx, run.id, runError.json, finishedAt);
      this.metrics.runsFinished.inc({ flow_id: run.flowId, status: 'failed' });
      this.tracing.runEnded(run, 'failed', { message: serialized.message, nodeId });
      if (run.gated) await releaseNext(tx, run.id);
      if (run.parentRunId) await notifyParent(tx, run.id, 'failed', finishedAt);
      if (graph.nodes.some((n) => n.type === RESPOND_NODE_TYPE)) await tx.query(`select pg_notify($1, $2)`, [RESPOND_CHANNEL, run.id]);
      states.set(key, { status: 'failed', port: null, attempt, output: null, wakeAt: null, retryAt: null });
      return false;
    });
  }

  /**
   * What expressions of a node see. In a loop's item, `$steps` holds the nodes around it: those of
   * the same item, of the items it is nested in, and of the top of the run; `$item`, `$index` are
   * the innermost loop's.
   */
  private scope(job: DrivenRun, nodeId: string, path: string): Record<string, unknown> {
    const { run, graph, states } = job;
    const shape = shapeOf(graph, (t) => this.catalog.get(t));
    const chain = shape.chains.get(nodeId) ?? [];
    // Node ids come from the flow: `$steps.constructor` must be a node named so, or nothing.
    const steps = dictionary<unknown>();
    for (const node of graph.nodes) {
      const around = shape.chains.get(node.id) ?? [];
      if (around.length > chain.length || around.some((loop, i) => chain[i] !== loop)) continue;
      const state = states.get(stateKey(node.id, pathAtDepth(path, around.length)));
      if (state && (state.status === 'succeeded' || state.port === 'error')) steps[node.id] = state.output;
    }
    const firedSource = graph.edges.find((e) => e.to === nodeId && steps[e.from] !== undefined);
    return {
      $trigger: steps[run.triggerNodeId] ?? {},
      $steps: steps,
      $prev: firedSource ? steps[firedSource.from] : {},
      $run: { id: run.id, flowId: run.flowId, businessKey: run.businessKey, startedAt: run.createdAt },
      $vars: {},
      $now: this.clock.now().toISOString(),
      ...loopScope(shape, states, nodeId, path),
      // Form links exist before their wait does, so the flow can send one first (e-mail, CRM field).
      $links: dictionary(graph.nodes.filter((n) => n.type === 'core.waitForForm').map((n) => [n.id, this.links.formUrl(run.id, n.id)])),
    };
  }

  private context(job: DrivenRun, nodeId: string, path: string, attempt: number, scope: Record<string, unknown>, credentials: NodeContext['credentials'], step: StepCalendar, env: EvaluationEnv, waited?: LoadedNodeState, observe?: HttpObserver): NodeContext {
    const { run, signal } = job;
    return {
      runId: run.id,
      flowId: run.flowId,
      nodeId,
      attempt,
      // Per node and iteration: each item's side effect is its own, and a retried item repeats its own key.
      idempotencyKey: `${run.id}:${nodeId}:${path}`,
      now: () => this.clock.now(),
      log: nodeLogger({ runId: run.id, nodeId, ...(path === ROOT_PATH ? {} : { path }) }),
      signal,
      http: createHttpClient({ signal, outbound: this.outbound, observe }),
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
      subflows: { start: (flowId, input) => this.subflows.start({ runId: run.id, nodeId, path }, flowId, input) },
      sync: this.syncLinks.forRun(run.id),
      tables: nodeTables(this.tables),
    };
  }
}

/** An error already in its stored shape: a loop's failed item, a result Postgres refused. Never retried. */
class RecordedError extends Error {
  constructor(readonly serialized: SerializedNodeError) {
    super(serialized.message);
  }
}

const isTruncated = (value: unknown) => typeof value === 'object' && value !== null && (value as { $truncated?: unknown }).$truncated === true;

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
