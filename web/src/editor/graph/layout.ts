import dagre from '@dagrejs/dagre';
import type { FlowCanvasEdge, FlowCanvasNode } from './types';

export const NODE_WIDTH = 240;

export interface LayoutOptions {
  direction?: 'LR' | 'TB';
  nodeGap?: number;
  rankGap?: number;
  /** Estimated height for nodes React Flow has not measured yet. */
  estimateHeight?: (node: FlowCanvasNode) => number;
}

/** Left-to-right layered layout (dagre). Returns new positions (top-left corners) keyed by node id. */
export function layoutPositions(
  nodes: readonly FlowCanvasNode[],
  edges: readonly FlowCanvasEdge[],
  options: LayoutOptions = {},
): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: options.direction ?? 'LR', nodesep: options.nodeGap ?? 48, ranksep: options.rankGap ?? 96, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const size = new Map<string, { width: number; height: number }>();
  for (const node of nodes) {
    const width = node.measured?.width ?? NODE_WIDTH;
    const height = node.measured?.height ?? options.estimateHeight?.(node) ?? 80;
    size.set(node.id, { width, height });
    g.setNode(node.id, { width, height });
  }
  for (const edge of edges) {
    if (size.has(edge.source) && size.has(edge.target)) g.setEdge(edge.source, edge.target, {}, edge.id);
  }
  dagre.layout(g);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const laid = g.node(node.id) as { x: number; y: number } | undefined;
    const s = size.get(node.id)!;
    if (laid) positions.set(node.id, { x: Math.round(laid.x - s.width / 2), y: Math.round(laid.y - s.height / 2) });
  }
  return positions;
}

export function applyPositions(nodes: readonly FlowCanvasNode[], positions: Map<string, { x: number; y: number }>): FlowCanvasNode[] {
  return nodes.map((n) => {
    const p = positions.get(n.id);
    return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: p } : n;
  });
}
