import type { CatalogEntry } from '../../api/types';
import type { FlowCanvasEdge, FlowCanvasNode } from './types';
import { dict } from '../../lib/dict';

/** Every node that can run before `nodeId` (its ancestors), nearest first. */
export function upstreamOf(nodeId: string, edges: readonly Pick<FlowCanvasEdge, 'source' | 'target'>[]): string[] {
  const parents = new Map<string, string[]>();
  for (const e of edges) (parents.get(e.target) ?? parents.set(e.target, []).get(e.target)!).push(e.source);
  const order: string[] = [];
  const seen = new Set<string>([nodeId]);
  let frontier = [nodeId];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const p of parents.get(id) ?? []) {
        if (seen.has(p)) continue;
        seen.add(p);
        order.push(p);
        next.push(p);
      }
    }
    frontier = next;
  }
  return order;
}

export interface ExpressionScope {
  $trigger: unknown;
  $steps: Record<string, unknown>;
  $prev: unknown;
  $vars: Record<string, unknown>;
  /** Inside a loop's body: a sample item of the innermost loop, and its index. */
  $item?: unknown;
  $index?: number;
}

/**
 * What a node's expressions can see, filled from the best data the editor has for each upstream
 * node: the selected run's output, else the newest real output (samples), else the catalogue sample.
 */
export function buildScope(
  nodeId: string,
  nodes: readonly FlowCanvasNode[],
  edges: readonly FlowCanvasEdge[],
  lookup: (type: string) => CatalogEntry | undefined,
  data: { runOutputs?: Record<string, unknown>; samples?: Record<string, unknown> },
): ExpressionScope {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outputOf = (id: string): unknown => {
    if (data.runOutputs && Object.hasOwn(data.runOutputs, id)) return data.runOutputs[id];
    if (data.samples && Object.hasOwn(data.samples, id)) return data.samples[id];
    const node = byId.get(id);
    return node ? lookup(node.data.type)?.sampleOutput ?? {} : {};
  };
  const upstream = upstreamOf(nodeId, edges);
  const $steps = dict<unknown>();
  let $trigger: unknown = {};
  for (const id of upstream) {
    $steps[id] = outputOf(id);
    const node = byId.get(id);
    if (node && lookup(node.data.type)?.kind === 'trigger') $trigger = $steps[id];
  }
  const self = byId.get(nodeId);
  if (self && lookup(self.data.type)?.kind === 'trigger') $trigger = outputOf(nodeId);
  const parent = edges.find((e) => e.target === nodeId)?.source;
  const scope: ExpressionScope = { $trigger, $steps, $prev: parent ? $steps[parent] : {}, $vars: {} };
  const loop = upstream.find((id) => lookup(byId.get(id)?.data.type ?? '')?.kind === 'loop' && inBodyOf(id, nodeId, edges));
  if (loop !== undefined) {
    const items = (outputOf(loop) as { items?: unknown } | null)?.items;
    scope.$item = Array.isArray(items) && items.length ? items[0] : {};
    scope.$index = 0;
  }
  return scope;
}

/** Whether `nodeId` is reached from the loop's item port (its body), the nearest loop being checked first. */
function inBodyOf(loopId: string, nodeId: string, edges: readonly FlowCanvasEdge[]): boolean {
  const frontier = edges.filter((e) => e.source === loopId && e.sourceHandle === 'item').map((e) => e.target);
  const seen = new Set<string>();
  while (frontier.length) {
    const id = frontier.pop()!;
    if (id === nodeId) return true;
    if (seen.has(id) || id === loopId) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) frontier.push(e.target);
  }
  return false;
}

export interface Suggestion {
  path: string;
  preview: string;
  type: string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function join(base: string, key: string): string {
  return IDENT.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

function preview(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.length}]`;
  if (typeof value === 'object') return '{…}';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Flattens the scope into expression paths ($trigger.lead.price, $steps.invoice.docNumber, …). */
export function scopePaths(scope: ExpressionScope, maxDepth = 6, limit = 2000): Suggestion[] {
  const out: Suggestion[] = [];
  const walk = (path: string, value: unknown, depth: number) => {
    if (out.length >= limit) return;
    out.push({ path, preview: preview(value), type: typeOf(value) });
    if (depth >= maxDepth || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      if (value.length) walk(`${path}[0]`, value[0], depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(value)) walk(join(path, key), child, depth + 1);
  };
  walk('$trigger', scope.$trigger, 0);
  for (const [id, value] of Object.entries(scope.$steps)) walk(join('$steps', id), value, 1);
  if (scope.$prev && typeof scope.$prev === 'object' && Object.keys(scope.$prev).length) walk('$prev', scope.$prev, 0);
  if ('$item' in scope) {
    walk('$item', scope.$item, 0);
    out.push({ path: '$index', preview: '0', type: 'number' });
  }
  for (const extra of ['$now', '$run.id', '$run.businessKey']) out.push({ path: extra, preview: '', type: 'string' });
  return out;
}
