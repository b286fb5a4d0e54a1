import { z } from 'zod';
import type { AnyNode, FieldMap } from './define';
import { collectExpressions, hasExpression } from './template';
import { own } from './own';

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
  name: z.string().optional(),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).optional(),
  retry: retryPolicySchema.optional(),
});

export const flowEdgeSchema = z.object({
  from: z.string().min(1),
  port: z.string().min(1).optional(),
  to: z.string().min(1),
});

export const flowGraphSchema = z.object({
  schema: z.literal(1).default(1),
  name: z.string().optional(),
  nodes: z.array(flowNodeSchema),
  edges: z.array(flowEdgeSchema).default([]),
});

export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowGraph = z.infer<typeof flowGraphSchema>;

export interface GraphProblem {
  nodeId?: string;
  field?: string;
  message: string;
}

export interface GraphValidationOptions {
  lookup(type: string): AnyNode | undefined;
  /** Syntax check of one expression; returns a message or null. */
  checkExpression(expression: string): string | null;
  /** Why a known type may not be used right now (e.g. its connector is disabled), or null. */
  unavailable?(node: AnyNode): string | null;
}

export function edgePort(edge: FlowEdge): string {
  return edge.port ?? 'out';
}

/** Parses untrusted JSON into a graph, or lists what is wrong with its shape. */
export function parseGraph(input: unknown): { graph?: FlowGraph; problems: GraphProblem[] } {
  const parsed = flowGraphSchema.safeParse(input);
  if (parsed.success) return { graph: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues.map((issue) => {
      const [collection, index, ...rest] = issue.path;
      const nodeId = collection === 'nodes' && typeof index === 'number' && Array.isArray((input as FlowGraph)?.nodes)
        ? (input as FlowGraph).nodes[index]?.id : undefined;
      return { nodeId: typeof nodeId === 'string' ? nodeId : undefined, field: issue.path.join('.'), message: `${rest.length ? rest.join('.') : issue.path.join('.')}: ${issue.message}` };
    }),
  };
}

export function validateGraph(graph: FlowGraph, options: GraphValidationOptions): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const byId = new Map<string, { node: FlowNode; def?: AnyNode }>();

  for (const node of graph.nodes) {
    if (byId.has(node.id)) problems.push({ nodeId: node.id, message: `Duplicate node id '${node.id}'` });
    const def = options.lookup(node.type);
    byId.set(node.id, { node, def });
    if (!def) {
      problems.push({ nodeId: node.id, field: 'type', message: `Unknown node type '${node.type}'` });
      continue;
    }
    const why = options.unavailable?.(def);
    if (why) problems.push({ nodeId: node.id, field: 'type', message: why });
    problems.push(...validateParams(node, def, options));
  }

  if (![...byId.values()].some((n) => n.def?.kind === 'trigger')) {
    problems.push({ message: 'The flow has no trigger: add a webhook, manual, schedule or connector trigger' });
  }

  for (const edge of graph.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from) problems.push({ nodeId: edge.from, message: `Edge starts at unknown node '${edge.from}'` });
    if (!to) problems.push({ nodeId: edge.to, message: `Edge ends at unknown node '${edge.to}'` });
    if (!from || !to) continue;
    if (to.def?.kind === 'trigger') problems.push({ nodeId: edge.to, message: `Trigger '${edge.to}' cannot have incoming edges` });
    if (from.def) {
      const ports = from.def.ports(from.node.params);
      const port = edgePort(edge);
      if (!ports.includes(port) && !(port === 'error' && from.def.errorPort)) {
        problems.push({ nodeId: edge.from, message: `Unknown port '${port}' on '${edge.from}' (ports: ${[...ports, ...(from.def.errorPort ? ['error'] : [])].join(', ')})` });
      }
    }
  }

  const cycle = findCycle(graph);
  if (cycle) problems.push({ nodeId: cycle[0], message: `Cycle: ${cycle.join(' → ')}` });
  return problems;
}

function validateParams(node: FlowNode, def: AnyNode, options: GraphValidationOptions): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const fields = def.definition.params as FieldMap;
  for (const [name, field] of Object.entries(fields)) {
    const value = own(node.params, name);
    if (value === undefined || value === null || value === '') {
      if (field.required && field.defaultValue === undefined) {
        problems.push({ nodeId: node.id, field: name, message: `Missing required param '${field.ui.label}' (${name})` });
      }
      continue;
    }
    if (field.ui.expressions && hasExpression(value)) {
      for (const { path, expression } of collectExpressions(value, name)) {
        const error = options.checkExpression(expression);
        if (error) problems.push({ nodeId: node.id, field: path, message: `Bad expression in '${node.id}.${path}': ${error}` });
      }
      continue;
    }
    const parsed = field.schema.safeParse(value);
    if (!parsed.success) {
      problems.push({ nodeId: node.id, field: name, message: `Param '${name}': ${parsed.error.issues[0]?.message ?? 'invalid value'}` });
    }
  }
  for (const name of Object.keys(node.params)) {
    if (!Object.hasOwn(fields, name)) problems.push({ nodeId: node.id, field: name, message: `Unknown param '${name}' for ${def.type}` });
  }
  return problems;
}

function findCycle(graph: FlowGraph): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const e of graph.edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const to of next.get(id) ?? []) {
      const found = visit(to);
      if (found) return found;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const node of graph.nodes) {
    const found = visit(node.id);
    if (found) return found;
  }
  return undefined;
}
