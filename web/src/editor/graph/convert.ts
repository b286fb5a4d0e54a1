import type { FlowGraph, FlowSettings, GraphEdge, GraphNode, StickyNote } from '../../api/types';
import { DEFAULT_PORT, INITIAL_NODE_SIZE, INPUT_HANDLE, type FlowCanvasEdge, type FlowCanvasNode } from './types';

export function edgeId(from: string, port: string, to: string): string {
  return `${from}:${port}->${to}`;
}

export function toCanvasEdge(edge: GraphEdge): FlowCanvasEdge {
  const port = edge.port ?? DEFAULT_PORT;
  return {
    id: edgeId(edge.from, port, edge.to),
    source: edge.from,
    sourceHandle: port,
    target: edge.to,
    targetHandle: INPUT_HANDLE,
    className: port === 'error' ? 'edge-error' : undefined,
  };
}

export function toCanvasNode(node: GraphNode): FlowCanvasNode {
  return {
    id: node.id,
    type: 'flow',
    ...INITIAL_NODE_SIZE,
    position: node.position ? { x: node.position.x, y: node.position.y } : { x: 0, y: 0 },
    data: { type: node.type, ...(node.version ? { version: node.version } : {}), name: node.name, params: node.params ?? {}, ...(node.retry ? { retry: node.retry } : {}), ...(node.pinnedOutput !== undefined ? { pinnedOutput: node.pinnedOutput } : {}) },
  };
}

/** Flow JSON → canvas. `needsLayout` is true when some node has no position (hand-written or imported JSON). */
export function graphToCanvas(graph: Pick<FlowGraph, 'nodes' | 'edges'>): { nodes: FlowCanvasNode[]; edges: FlowCanvasEdge[]; needsLayout: boolean } {
  const nodes = (graph.nodes ?? []).map(toCanvasNode);
  const ids = new Set(nodes.map((n) => n.id));
  const edges = (graph.edges ?? []).filter((e) => ids.has(e.from) && ids.has(e.to)).map(toCanvasEdge);
  const needsLayout = nodes.length > 1 && (graph.nodes ?? []).some((n) => !n.position);
  return { nodes, edges, needsLayout };
}

function cleanParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) if (value !== undefined) out[key] = value;
  return out;
}

/** Canvas → flow JSON (the stable export format): ports default to "out", positions are rounded. */
export function canvasToGraph(name: string, nodes: readonly FlowCanvasNode[], edges: readonly FlowCanvasEdge[], settings?: FlowSettings, notes: readonly StickyNote[] = []): FlowGraph {
  return {
    schema: 1,
    name,
    ...(notes.length ? { notes: notes.map(({ id, text, position, width, height, color }) => ({ id, text, position: { x: Math.round(position.x), y: Math.round(position.y) }, ...(width ? { width: Math.round(width) } : {}), ...(height ? { height: Math.round(height) } : {}), ...(color ? { color } : {}) })) } : {}),
    ...(settings && Object.values(settings).some((v) => v !== undefined) ? { settings } : {}),
    nodes: nodes.map((n) => {
      const node: GraphNode = {
        id: n.id,
        type: n.data.type,
        ...(n.data.version ? { version: n.data.version } : {}),
        params: cleanParams(n.data.params),
        position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
      };
      if (n.data.name?.trim()) node.name = n.data.name.trim();
      if (n.data.retry) node.retry = n.data.retry;
      if (n.data.pinnedOutput !== undefined) node.pinnedOutput = n.data.pinnedOutput;
      return node;
    }),
    edges: edges.map((e) => {
      const port = e.sourceHandle ?? DEFAULT_PORT;
      return port === DEFAULT_PORT ? { from: e.source, to: e.target } : { from: e.source, port, to: e.target };
    }),
  };
}
