import { memorySyncStore } from './sync';
import { isTrigger, triggerResultList, type AnyNode, type PollResult, type TriggerResult } from './define';
import { createHttpClient } from './http-client';
import type { HttpClient, IncomingRequest, NodeContext, TriggerContext, TriggerState } from './context';
import { ConfigError, InputError } from './errors';
import { isOutcome, type IterateOptions, type Outcome } from './outcome';
import { flowCalendar, WorkingCalendar, type WakePlan } from './calendar';

export interface NodeRunResult {
  port: string;
  output: unknown;
  wait?: { until: Date; event?: { type: string; key: string }; plan?: WakePlan };
  logs: { level: string; message: string; data?: Record<string, unknown> }[];
}

/** A calendar with Saturday–Sunday weekends and no holidays, in UTC; pass `calendar` for a real one. */
const WEEKENDS_ONLY = flowCalendar(new WorkingCalendar({ id: 'weekends', version: 1, weekend: [6, 7], days: {} }), 'UTC');

const noHttp: HttpClient = {
  request: async () => {
    throw new ConfigError('This test context has no HTTP client: pass `http` to runNode()');
  },
};

/**
 * Runs one node the way the engine would (params validated by the node's schema, outcome
 * normalised), with a fake context. Expressions are not evaluated: pass resolved params.
 */
export async function runNode(node: AnyNode, params: Record<string, unknown>, overrides: Partial<NodeContext> = {}): Promise<NodeRunResult> {
  if (node.kind === 'trigger') throw new ConfigError(`${node.type} is a trigger: call its receive() instead`);
  const parsed = node.paramsSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`Param '${issue.path.join('.')}': ${issue.message}`, { field: issue.path.join('.') });
  }
  const logs: NodeRunResult['logs'] = [];
  const log = (level: string) => (message: string, data?: Record<string, unknown>) => logs.push({ level, message, data });
  const ctx: NodeContext = {
    runId: 'test-run',
    flowId: 'test-flow',
    nodeId: 'test-node',
    attempt: 1,
    idempotencyKey: 'test-run:test-node:0',
    now: () => new Date(),
    log: { info: log('info'), warn: log('warn'), error: log('error') },
    signal: new AbortController().signal,
    http: noHttp,
    code: { run: async () => { throw new ConfigError('This test context has no sandbox: pass `code` to runNode()'); } },
    credentials: async () => { throw new ConfigError('This test context has no credentials: pass `credentials` to runNode()'); },
    links: { form: () => 'https://flowbridge.test/forms/test-run/test-node?sig=test', approval: (who) => `https://flowbridge.test/approve/test-run/test-node?approver=${encodeURIComponent(who)}&sig=test` },
    calendar: WEEKENDS_ONLY,
    subflows: { start: async () => { throw new ConfigError('This test context cannot start sub-flows: pass `subflows` to runNode()'); } },
    sync: memorySyncStore(),
    tables: {
      write: async () => { throw new ConfigError('This test context has no data tables: pass `tables` to runNode()'); },
      query: async () => { throw new ConfigError('This test context has no data tables: pass `tables` to runNode()'); },
    },
    ...overrides,
  };
  const definition = node.definition as { run(ctx: NodeContext, params: unknown): unknown };
  return { ...normaliseResult(await definition.run(ctx, parsed.data)), logs };
}

/**
 * Calls a trigger the way hook intake and the run's first job do: params validated by the node's
 * schema first, `receive`, then (with `load: true`, the default) its second phase `load` for each
 * result. The answer is a list, one entry per run that goes on; deliveries that `receive` filters
 * out or `load` ignores are left out. Pass `load: false` to see only what intake stores.
 */
export async function receiveTrigger(node: AnyNode, request: IncomingRequest, params: Record<string, unknown>, ctx: TriggerContext, options: { load?: boolean } = {}): Promise<TriggerResult[]> {
  if (!isTrigger(node)) throw new ConfigError(`${node.type} is not a trigger`);
  const parsed = node.paramsSchema.parse(params);
  const received = triggerResultList(await node.definition.receive!(request, parsed as never, ctx));
  const load = node.definition.load;
  if (!load || options.load === false) return received;
  const loaded: TriggerResult[] = [];
  for (const result of received) {
    const outcome = await load.call(node.definition, ctx, result.output, parsed as never);
    if ('ignore' in outcome || 'discard' in outcome) continue;
    loaded.push({ ...result, output: outcome.output, businessKey: outcome.businessKey ?? result.businessKey, event: outcome.event ?? result.event });
  }
  return loaded;
}

export function normaliseResult(result: unknown): { port: string; output: unknown; wait?: { until: Date; event?: { type: string; key: string }; plan?: WakePlan }; iterate?: { items: unknown[]; options: IterateOptions } } {
  if (!isOutcome(result)) return { port: 'out', output: result ?? {} };
  const o = result as Outcome;
  if (o.type === 'port') return { port: o.port, output: o.output };
  if (o.type === 'iterate') return { port: 'item', output: {}, iterate: { items: o.items, options: o.options } };
  return { port: 'out', output: o.output ?? {}, wait: { until: o.until, event: o.event, ...(o.plan ? { plan: o.plan } : {}) } };
}

/** A trigger state kept in memory, for specs; the engine keeps it in Postgres. */
export function memoryTriggerState(): TriggerState & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  const copy = (value: unknown) => (value === undefined ? undefined : structuredClone(value));
  return {
    values,
    get: async (key) => copy(values.get(key)),
    set: async (key, value) => void values.set(key, copy(value)),
    async update(key, change) {
      const before = copy(values.get(key));
      const next = change(copy(before));
      if (next !== undefined) values.set(key, copy(next));
      return before;
    },
  };
}

/** A trigger context for connector specs: its connection's credentials, a clock, and the log lines it wrote. */
export function recordingTriggerContext(credentials: unknown, options: { now?: () => Date; http?: HttpClient } = {}): TriggerContext & { logs: { level: string; message: string }[] } {
  const logs: { level: string; message: string }[] = [];
  const ctx: TriggerContext = {
    flowId: 'flow-1',
    now: options.now ?? (() => new Date()),
    http: options.http ?? createHttpClient(),
    log: {
      info: (message) => logs.push({ level: 'info', message }),
      warn: (message) => logs.push({ level: 'warn', message }),
      error: (message) => logs.push({ level: 'error', message }),
    },
    credentials: async <T>() => credentials as T,
  };
  return Object.assign(ctx, { logs });
}

/** Calls a polling trigger as the engine does: params validated by the node's schema first, the cursor as stored JSON. */
export async function pollTrigger(node: AnyNode, params: Record<string, unknown>, ctx: TriggerContext, cursor: unknown): Promise<PollResult> {
  if (!isTrigger(node) || !node.definition.poll) throw new Error(`${node.type} does not poll`);
  const parsed = node.paramsSchema.parse(params);
  // The engine stores the cursor as JSON: a spec should see what survives that.
  const stored = cursor === undefined ? undefined : JSON.parse(JSON.stringify(cursor));
  return node.definition.poll(ctx, parsed as never, stored);
}
