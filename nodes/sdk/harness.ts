import { isTrigger, triggerResultList, type AnyNode, type TriggerResult } from './define';
import type { HttpClient, IncomingRequest, NodeContext, TriggerContext } from './context';
import { ConfigError, InputError } from './errors';
import { isOutcome, type Outcome } from './outcome';

export interface NodeRunResult {
  port: string;
  output: unknown;
  wait?: { until: Date; event?: { type: string; key: string } };
  logs: { level: string; message: string; data?: Record<string, unknown> }[];
}

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
    ...overrides,
  };
  const definition = node.definition as { run(ctx: NodeContext, params: unknown): unknown };
  return { ...normaliseResult(await definition.run(ctx, parsed.data)), logs };
}

/**
 * Calls a trigger the way hook intake does: params validated by the node's schema first, and the
 * answer as a list (one entry per run the delivery starts; empty when it is filtered out).
 */
export async function receiveTrigger(node: AnyNode, request: IncomingRequest, params: Record<string, unknown>, ctx: TriggerContext): Promise<TriggerResult[]> {
  if (!isTrigger(node)) throw new ConfigError(`${node.type} is not a trigger`);
  const parsed = node.paramsSchema.parse(params);
  return triggerResultList(await node.definition.receive(request, parsed as never, ctx));
}

export function normaliseResult(result: unknown): { port: string; output: unknown; wait?: { until: Date; event?: { type: string; key: string } } } {
  if (!isOutcome(result)) return { port: 'out', output: result ?? {} };
  const o = result as Outcome;
  if (o.type === 'port') return { port: o.port, output: o.output };
  return { port: 'out', output: o.output ?? {}, wait: { until: o.until, event: o.event } };
}
