import { z } from 'zod';
import type { AnyNode, FieldMap } from './define';
import { collectExpressions, hasExpression, parseTemplate } from './template';
import { own } from './own';
import { isSecretParam } from './secret-params';
import { loopShape } from './loops';

/** The flow JSON format (export/import and storage). Keep it stable; bump `schema` on breaking change. */
export const retryPolicySchema = z.object({
  attempts: z.number().int().min(1).max(25),
  backoff: z.enum(['fixed', 'exponential']).default('exponential'),
  /** First delay; exponential doubles it per attempt, with jitter. */
  delayMs: z.number().int().min(0).max(86_400_000).default(1000),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

export const flowNodeSchema = z.object({
  id: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'node id must start with a letter or _ and use letters, digits, _ or -'),
  type: z.string().min(1),
  /** The node definition's version this node was placed with; absent in flows older than versions (= 1). */
  version: z.number().int().min(1).max(10_000).optional(),
  name: z.string().optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  retry: retryPolicySchema.optional(),
  /**
   * An output to use instead of running the node, in test runs of the draft only (pinned data): a
   * test creates nothing in the remote system. Left out of published versions.
   */
  pinnedOutput: z.unknown().optional(),
});

export const flowEdgeSchema = z.object({
  from: z.string().min(1),
  port: z.string().min(1).optional(),
  to: z.string().min(1),
});

/** Far beyond any flow a person draws; past them a save is refused before any work is done on it. */
export const GRAPH_LIMITS = { nodes: 2_000, edges: 10_000, paramBytes: 64 * 1024 } as const;

/**
 * What happens when a live run of the flow fails: people are told (e-mail or Telegram, sent the
 * way core.notify sends) and/or an error flow is started with the failed runs. Failures within
 * `digestMinutes` of the first one go out together as one alert.
 */
export const flowAlertsSchema = z.object({
  notify: z.object({
    channel: z.enum(['email', 'telegram']),
    emailConnection: z.uuid().optional(),
    to: z.array(z.email().max(254)).min(1).max(20).optional(),
    telegramConnection: z.uuid().optional(),
    chatId: z.string().regex(/^(-?\d{1,20}|@[A-Za-z0-9_]{4,64})$/, 'a numeric chat id or @channelname').optional(),
  }).refine((n) => (n.channel === 'email' ? !!n.emailConnection && !!n.to : !!n.telegramConnection && !!n.chatId), {
    message: 'e-mail alerts need a connection and addresses; Telegram alerts a bot connection and a chat id',
  }).optional(),
  /** A published flow started once per alert, its manual trigger receiving the failed runs. */
  errorFlowId: z.uuid().optional(),
  digestMinutes: z.number().int().min(0).max(1440).optional(),
  language: z.enum(['en', 'ru', 'es']).optional(),
});
export type FlowAlerts = z.infer<typeof flowAlertsSchema>;

/** Flow-wide settings: the calendar and time zone its dates are read in (absent: FLOWBRIDGE_DEFAULT_CALENDAR / _TIMEZONE), and how many runs may go at once. */
export const flowSettingsSchema = z.object({
  calendar: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, 'a calendar id is lower-case letters, digits, _ or -').optional(),
  timezone: z.string().min(1).max(64).refine((zone) => isTimeZone(zone), 'unknown IANA time zone').optional(),
  concurrency: z.object({
    /** Runs with the same business key go one after another, in the order they arrived. */
    perBusinessKey: z.boolean().optional(),
    /** At most this many runs of the flow in progress (running or waiting) at once. */
    maxRuns: z.number().int().min(1).max(10_000).optional(),
  }).optional(),
  alerts: flowAlertsSchema.optional(),
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A sticky note on the canvas: words for the people reading the flow; it never runs. */
export const stickyNoteSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a note id uses letters, digits, _ or -'),
  text: z.string().max(5_000),
  position: z.object({ x: z.number(), y: z.number() }),
  width: z.number().min(80).max(2_000).optional(),
  height: z.number().min(40).max(2_000).optional(),
  color: z.enum(['yellow', 'blue', 'green', 'pink']).optional(),
});
export type StickyNote = z.infer<typeof stickyNoteSchema>;

export const flowGraphSchema = z.object({
  schema: z.literal(1).default(1),
  name: z.string().optional(),
  settings: flowSettingsSchema.optional(),
  nodes: z.array(flowNodeSchema).max(GRAPH_LIMITS.nodes, `a flow may have at most ${GRAPH_LIMITS.nodes} nodes`),
  edges: z.array(flowEdgeSchema).max(GRAPH_LIMITS.edges, `a flow may have at most ${GRAPH_LIMITS.edges} edges`).default([]),
  notes: z.array(stickyNoteSchema).max(200, 'a flow may have at most 200 notes').optional(),
});

export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowGraph = z.infer<typeof flowGraphSchema>;

export interface GraphProblem {
  nodeId?: string;
  field?: string;
  /** English, for logs and API clients that show text as it is. */
  message: string;
  /** What kind of problem, for the editor to say in the user's language (`problems.<code>`), with `params`. */
  code?: ProblemCode;
  params?: Record<string, string | number>;
}

export type ProblemCode =
  | 'invalidShape' | 'tooLarge' | 'paramTooLong' | 'pinTooLong' | 'duplicateNode' | 'danglingEdge'
  | 'unknownType' | 'unknownVersion' | 'unavailable' | 'noTrigger' | 'triggerInput' | 'unknownPort' | 'cycle'
  | 'missingParam' | 'missingParamWhen' | 'unclosedExpression' | 'badExpression' | 'invalidValue' | 'unknownParam'
  | 'loopEntry' | 'loopBoth' | 'notInLoops' | 'unknownCalendar';

/**
 * Problems a draft may have while it is drawn or typed: it saves with them (they are stored and
 * shown on their fields) and only publishing refuses them. A draft always saves a value the schema
 * refuses, an expression being typed, a required field still empty. What the editor never draws
 * (unknown types, ports or params, cycles, broken edges) is refused at once.
 */
export const DRAFT_TOLERATED_PROBLEMS: ReadonlySet<ProblemCode> = new Set([
  'missingParam', 'missingParamWhen', 'noTrigger', 'unavailable', 'unknownCalendar', 'unclosedExpression', 'invalidValue', 'badExpression',
  'loopEntry', 'loopBoth', 'notInLoops',
]);

export interface GraphValidationOptions {
  /** The definition of a node type, at a version when given (else the newest). */
  lookup(type: string, version?: number): AnyNode | undefined;
  /** Syntax check of one expression; returns a message or null. */
  checkExpression(expression: string): string | null;
  /** Why a known type may not be used right now: a disabled connector it uses with these params, and the field that uses it (none: the node's own). */
  unavailable?(node: AnyNode, params: unknown): { message: string; connector: string; field?: string } | null;
}

/** The graph as it runs when published: pinned outputs belong to test runs of the draft only. */
export function withoutPins(graph: FlowGraph): FlowGraph {
  if (!graph.nodes.some((n) => n.pinnedOutput !== undefined)) return graph;
  return { ...graph, nodes: graph.nodes.map(({ pinnedOutput: _pinned, ...node }) => node) };
}

export function edgePort(edge: FlowEdge): string {
  return edge.port ?? 'out';
}

/** The graph without its nodes and edges, which are parsed one by one so the work can be sliced. */
const graphEnvelopeSchema = flowGraphSchema.extend({ nodes: z.array(z.unknown()), edges: z.array(z.unknown()).default([]) });

/** Parses untrusted JSON into a graph, or lists what is wrong with its shape. */
export function parseGraph(input: unknown): { graph?: FlowGraph; problems: GraphProblem[] } {
  return runToEnd(parseGraphSteps(input));
}

/** parseGraph as steps: it yields after each node and edge, so a caller may pause between them. */
export function* parseGraphSteps(input: unknown): Generator<void, { graph?: FlowGraph; problems: GraphProblem[] }> {
  const tooLarge = sizeProblem(input);
  if (tooLarge) return { problems: [tooLarge] };
  const envelope = graphEnvelopeSchema.safeParse(input);
  if (!envelope.success) return { problems: envelope.error.issues.map((issue) => toProblem(issue, [], input)) };
  const problems: GraphProblem[] = [];
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  for (const [collection, schema, out] of [['nodes', flowNodeSchema, nodes], ['edges', flowEdgeSchema, edges]] as const) {
    const items = envelope.data[collection];
    for (let i = 0; i < items.length; i++) {
      const parsed = (schema as z.ZodType<unknown>).safeParse(items[i]);
      if (parsed.success) (out as unknown[]).push(parsed.data);
      else problems.push(...parsed.error.issues.map((issue) => toProblem(issue, [collection, i], input)));
      yield;
    }
  }
  return problems.length ? { problems } : { graph: { ...envelope.data, nodes, edges }, problems };
}

function toProblem(issue: z.core.$ZodIssue, prefix: PropertyKey[], input: unknown): GraphProblem {
  const path = [...prefix, ...issue.path];
  const [collection, index, ...rest] = path;
  const nodeId = collection === 'nodes' && typeof index === 'number' && Array.isArray((input as FlowGraph)?.nodes)
    ? (input as FlowGraph).nodes[index]?.id : undefined;
  return { nodeId: typeof nodeId === 'string' ? nodeId : undefined, field: path.join('.'), message: `${rest.length ? rest.join('.') : path.join('.')}: ${issue.message}`, code: 'invalidShape', params: { path: path.join('.') } };
}

/** Runs steps to the end at once: for callers with small graphs or no event loop to share. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  let next = steps.next();
  while (!next.done) next = steps.next();
  return next.value;
}

/** Runs steps, giving the event loop a turn every `sliceMs`: a large graph never holds a server for long. */
export async function runInSlices<T>(steps: Generator<void, T>, sliceMs = 4): Promise<T> {
  let sliceStart = performance.now();
  let next = steps.next();
  while (!next.done) {
    if (performance.now() - sliceStart > sliceMs) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    next = steps.next();
  }
  return next.value;
}

/** Counted before zod walks the graph, so an oversized one costs a length check, not a parse. */
function sizeProblem(input: unknown): GraphProblem | undefined {
  const graph = input as { nodes?: unknown; edges?: unknown } | null;
  if (!graph || typeof graph !== 'object') return undefined;
  for (const what of ['nodes', 'edges'] as const) {
    const list = graph[what];
    if (Array.isArray(list) && list.length > GRAPH_LIMITS[what]) {
      return { field: what, message: `${what}: the flow has ${list.length} ${what}, more than the limit of ${GRAPH_LIMITS[what]}`, code: 'tooLarge', params: { what, count: list.length, limit: GRAPH_LIMITS[what] } };
    }
  }
  if (!Array.isArray(graph.nodes)) return undefined;
  for (const node of graph.nodes as { id?: unknown; params?: unknown; pinnedOutput?: unknown }[]) {
    if (!node || typeof node !== 'object') continue;
    const pinned = node.pinnedOutput === undefined ? 0 : JSON.stringify(node.pinnedOutput)?.length ?? 0;
    if (pinned > GRAPH_LIMITS.paramBytes) {
      return { nodeId: typeof node.id === 'string' ? node.id : undefined, field: 'pinnedOutput', message: `The pinned output is ${pinned} characters long, more than the limit of ${GRAPH_LIMITS.paramBytes}`, code: 'pinTooLong', params: { size: pinned, limit: GRAPH_LIMITS.paramBytes } };
    }
    if (node.params === undefined) continue;
    for (const [name, value] of Object.entries(node.params ?? {})) {
      const size = typeof value === 'string' ? value.length : JSON.stringify(value)?.length ?? 0;
      if (size > GRAPH_LIMITS.paramBytes) {
        return { nodeId: typeof node.id === 'string' ? node.id : undefined, field: `params.${name}`, message: `Param '${name}' is ${size} characters long, more than the limit of ${GRAPH_LIMITS.paramBytes}`, code: 'paramTooLong', params: { param: name, size, limit: GRAPH_LIMITS.paramBytes } };
      }
    }
  }
  return undefined;
}

export function validateGraph(graph: FlowGraph, options: GraphValidationOptions): GraphProblem[] {
  return runToEnd(validateGraphSteps(graph, options));
}

/** validateGraph as steps: it yields after each node and edge. */
export function* validateGraphSteps(graph: FlowGraph, options: GraphValidationOptions): Generator<void, GraphProblem[]> {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, { node: FlowNode; def?: AnyNode }>();

  for (const node of graph.nodes) {
    if (byId.has(node.id)) problems.push({ nodeId: node.id, message: `Duplicate node id '${node.id}'`, code: 'duplicateNode', params: { node: node.id } });
    const def = options.lookup(node.type, node.version);
    byId.set(node.id, { node, def });
    if (!def) {
      const known = node.version !== undefined && options.lookup(node.type);
      problems.push(known
        ? { nodeId: node.id, field: 'type', message: `Node type '${node.type}' has no version ${node.version}`, code: 'unknownVersion', params: { type: node.type, version: node.version! } }
        : { nodeId: node.id, field: 'type', message: `Unknown node type '${node.type}'`, code: 'unknownType', params: { type: node.type } });
      continue;
    }
    const why = options.unavailable?.(def, node.params);
    if (why) problems.push({ nodeId: node.id, field: why.field ?? 'type', message: why.message, code: 'unavailable', params: { connector: why.connector } });
    problems.push(...validateParams(node, def, options));
    yield;
  }

  if (![...byId.values()].some((n) => n.def?.kind === 'trigger')) {
    problems.push({ message: 'The flow has no trigger: add a webhook, manual, schedule or connector trigger', code: 'noTrigger' });
  }

  for (const edge of graph.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from) problems.push({ nodeId: edge.from, message: `Edge starts at unknown node '${edge.from}'`, code: 'danglingEdge', params: { node: edge.from } });
    if (!to) problems.push({ nodeId: edge.to, message: `Edge ends at unknown node '${edge.to}'`, code: 'danglingEdge', params: { node: edge.to } });
    if (!from || !to) continue;
    if (to.def?.kind === 'trigger') problems.push({ nodeId: edge.to, message: `Trigger '${edge.to}' cannot have incoming edges`, code: 'triggerInput', params: { node: edge.to } });
    if (from.def) {
      const ports = from.def.ports(from.node.params);
      const port = edgePort(edge);
      if (!ports.includes(port) && !(port === 'error' && from.def.errorPort)) {
        const known = [...ports, ...(from.def.errorPort ? ['error'] : [])].join(', ');
        problems.push({ nodeId: edge.from, message: `Unknown port '${port}' on '${edge.from}' (ports: ${known})`, code: 'unknownPort', params: { port, node: edge.from, ports: known } });
      }
    }
    yield;
  }

  const cycle = findCycle(graph);
  if (cycle) problems.push({ nodeId: cycle[0], message: `Cycle: ${cycle.join(' → ')}`, code: 'cycle', params: { path: cycle.join(' → ') } });
  else problems.push(...loopProblems(graph, byId));
  return problems;
}

function loopProblems(graph: FlowGraph, byId: Map<string, { node: FlowNode; def?: AnyNode }>): GraphProblem[] {
  const shape = loopShape(graph, (id) => byId.get(id)?.def?.kind === 'loop');
  if (!shape.hasLoops) return [];
  const problems = [...shape.problems];
  for (const [id, loop] of shape.loopOf) {
    const def = byId.get(id)?.def;
    if (def && !def.inLoops) {
      problems.push({ nodeId: id, message: `'${def.definition.title}' cannot run per item of loop '${loop}': put it in a sub-flow and call that from the loop`, code: 'notInLoops', params: { type: def.type, loop } });
    }
  }
  return problems;
}

function validateParams(node: FlowNode, def: AnyNode, options: GraphValidationOptions): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const fields = def.definition.params as FieldMap;
  for (const [name, field] of Object.entries(fields)) {
    const value = own(node.params, name);
    if (value === undefined || value === null || value === '') {
      if (field.required && field.defaultValue === undefined) {
        problems.push({ nodeId: node.id, field: name, message: `Missing required param '${field.ui.label}' (${name})`, code: 'missingParam', params: { label: field.ui.label, param: name } });
      } else if (field.ui.requiredWhen && conditionHolds(node, fields, field.ui.requiredWhen)) {
        const other = own(fields, field.ui.requiredWhen.param);
        const otherLabel = other?.ui.label ?? field.ui.requiredWhen.param;
        problems.push({
          nodeId: node.id, field: name, message: `Missing required param '${field.ui.label}' (${name}) while '${otherLabel}' is ${String(field.ui.requiredWhen.equals)}`,
          code: 'missingParamWhen', params: { label: field.ui.label, param: name, otherLabel, other: field.ui.requiredWhen.param, value: String(field.ui.requiredWhen.equals) },
        });
      }
      continue;
    }
    if (field.ui.expressions && typeof value === 'string' && unclosedExpression(value)) {
      problems.push({ nodeId: node.id, field: name, message: `Unclosed {{ in '${node.id}.${name}': close the expression with }}`, code: 'unclosedExpression', params: { where: `${node.id}.${name}`, param: name } });
      continue;
    }
    if (field.ui.secret && isSecretParam(value)) continue;
    if (field.ui.expressions && hasExpression(value)) {
      for (const { path, expression } of collectExpressions(value, name)) {
        const error = options.checkExpression(expression);
        if (error) problems.push({ nodeId: node.id, field: path, message: `Bad expression in '${node.id}.${path}': ${error}`, code: 'badExpression', params: { where: `${node.id}.${path}`, reason: error, param: name } });
      }
      continue;
    }
    const parsed = field.schema.safeParse(value);
    if (!parsed.success) {
      const reason = parsed.error.issues[0]?.message ?? 'invalid value';
      problems.push({ nodeId: node.id, field: name, message: `Param '${name}': ${reason}`, code: 'invalidValue', params: { label: field.ui.label, param: name, reason, expected: field.ui.widget, value: shortText(value) } });
    }
  }
  for (const name of Object.keys(node.params)) {
    if (!Object.hasOwn(fields, name)) problems.push({ nodeId: node.id, field: name, message: `Unknown param '${name}' for ${def.type}`, code: 'unknownParam', params: { param: name, type: def.type } });
  }
  return problems;
}

/** A value as a person typed it, short enough to quote in a problem. */
function shortText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** The condition param's value as the run would see it: its own value, else its default. */
function conditionHolds(node: FlowNode, fields: FieldMap, when: { param: string; equals: unknown }): boolean {
  const value = own(node.params, when.param) ?? own(fields, when.param)?.defaultValue;
  return value === when.equals || (typeof value === 'string' && String(when.equals) === value);
}

/** A `{{` that no `}}` closes: the text part of a template that still holds an opener. */
function unclosedExpression(value: string): boolean {
  return parseTemplate(value).some((part) => 'text' in part && part.text.includes('{{'));
}

/** Kahn's algorithm: linear in nodes + edges, and no recursion for a 30,000-node chain to overflow. */
function findCycle(graph: FlowGraph): string[] | undefined {
  const next = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const node of graph.nodes) indegree.set(node.id, 0);
  for (const e of graph.edges) {
    if (!indegree.has(e.from) || !indegree.has(e.to)) continue;
    let targets = next.get(e.from);
    if (!targets) next.set(e.from, (targets = []));
    targets.push(e.to);
    indegree.set(e.to, indegree.get(e.to)! + 1);
  }
  const ready = [...indegree].filter(([, n]) => n === 0).map(([id]) => id);
  let removed = 0;
  while (ready.length) {
    const id = ready.pop()!;
    removed++;
    for (const to of next.get(id) ?? []) {
      const left = indegree.get(to)! - 1;
      indegree.set(to, left);
      if (left === 0) ready.push(to);
    }
  }
  if (removed === indegree.size) return undefined;
  // Every node left has an incoming edge from another node left: walking back along them must close a loop.
  const left = new Set([...indegree].filter(([, n]) => n > 0).map(([id]) => id));
  const previous = new Map<string, string>();
  for (const e of graph.edges) if (left.has(e.from) && left.has(e.to) && !previous.has(e.to)) previous.set(e.to, e.from);
  const seenAt = new Map<string, number>();
  const walk: string[] = [];
  let at = left.values().next().value!;
  while (!seenAt.has(at)) {
    seenAt.set(at, walk.length);
    walk.push(at);
    at = previous.get(at)!;
  }
  const backwards = walk.slice(seenAt.get(at)!);
  return [at, ...backwards.slice(1).reverse(), at];
}
