import type { CatalogEntry } from '../../api/types';
import { hasInput, outputPorts } from './ports';
import { DEFAULT_PORT, type FlowCanvasEdge, type FlowCanvasNode } from './types';

export type ConnectionRefusal = 'self' | 'cycle' | 'triggerInput' | 'duplicate' | 'unknownPort' | 'unknownNode';

export interface ConnectionAttempt {
  source: string | null;
  sourceHandle?: string | null;
  target: string | null;
}

type Lookup = (type: string) => CatalogEntry | undefined;

/** True when `to` can already reach `from`, so an edge from → to would close a loop. */
export function reaches(fromId: string, toId: string, edges: readonly Pick<FlowCanvasEdge, 'source' | 'target'>[]): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const seen = new Set<string>();
  const stack = [fromId];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === toId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const n of next.get(id) ?? []) stack.push(n);
  }
  return false;
}

/** Why a new edge may not be drawn, or null when it may. */
export function refuseConnection(
  attempt: ConnectionAttempt,
  nodes: readonly FlowCanvasNode[],
  edges: readonly FlowCanvasEdge[],
  lookup: Lookup,
): ConnectionRefusal | null {
  const { source, target } = attempt;
  if (!source || !target) return 'unknownNode';
  if (source === target) return 'self';
  const from = nodes.find((n) => n.id === source);
  const to = nodes.find((n) => n.id === target);
  if (!from || !to) return 'unknownNode';
  if (!hasInput(lookup(to.data.type))) return 'triggerInput';
  const port = attempt.sourceHandle ?? DEFAULT_PORT;
  if (!outputPorts(lookup(from.data.type), from.data.params).includes(port)) return 'unknownPort';
  if (edges.some((e) => e.source === source && (e.sourceHandle ?? DEFAULT_PORT) === port && e.target === target)) return 'duplicate';
  if (reaches(target, source, edges)) return 'cycle';
  return null;
}
