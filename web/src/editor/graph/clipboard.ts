import { withFreshHookPath } from '../../lib/hookPath';
import { edgeId } from './convert';
import { newNodeId } from './ids';
import { DEFAULT_PORT, INITIAL_NODE_SIZE, type FlowCanvasEdge, type FlowCanvasNode } from './types';

export interface Clip {
  nodes: { id: string; position: { x: number; y: number }; data: FlowCanvasNode['data'] }[];
  edges: { source: string; sourceHandle: string; target: string }[];
}

/** The selected nodes and the edges between them. */
export function copySelection(nodes: readonly FlowCanvasNode[], edges: readonly FlowCanvasEdge[]): Clip | null {
  const picked = nodes.filter((n) => n.selected);
  if (!picked.length) return null;
  const ids = new Set(picked.map((n) => n.id));
  return {
    nodes: picked.map((n) => ({ id: n.id, position: { ...n.position }, data: structuredClone(n.data) })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ source: e.source, sourceHandle: e.sourceHandle ?? DEFAULT_PORT, target: e.target })),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Rewrites `$steps.old` references in params to the pasted copies' new ids. */
export function renameStepRefs(value: unknown, renames: Map<string, string>): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const [from, to] of renames) {
      if (from === to) continue;
      out = out.replace(new RegExp(`\\$steps\\.${escapeRegExp(from)}(?![A-Za-z0-9_-])`, 'g'), `$steps.${to}`);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => renameStepRefs(v, renames));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameStepRefs(v, renames)]));
  }
  return value;
}

/** New nodes (fresh ids, offset, selected) and edges for a paste into a flow that has `existing` ids. */
export function pasteClip(clip: Clip, existing: Iterable<string>, offset: { x: number; y: number }): { nodes: FlowCanvasNode[]; edges: FlowCanvasEdge[] } {
  const taken = new Set(existing);
  const renames = new Map<string, string>();
  for (const n of clip.nodes) {
    const id = newNodeId(n.data.type, taken);
    taken.add(id);
    renames.set(n.id, id);
  }
  const nodes: FlowCanvasNode[] = clip.nodes.map((n) => ({
    id: renames.get(n.id)!,
    type: 'flow',
    ...INITIAL_NODE_SIZE,
    position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    selected: true,
    data: withFreshHookPath({ ...structuredClone(n.data), params: renameStepRefs(n.data.params, renames) as Record<string, unknown> }),
  }));
  const edges: FlowCanvasEdge[] = clip.edges.map((e) => {
    const source = renames.get(e.source)!;
    const target = renames.get(e.target)!;
    return { id: edgeId(source, e.sourceHandle, target), source, sourceHandle: e.sourceHandle, target, targetHandle: 'in', className: e.sourceHandle === 'error' ? 'edge-error' : undefined };
  });
  return { nodes, edges };
}
