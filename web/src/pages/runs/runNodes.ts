import type { GraphEdge, GraphNode, StepStatus } from '../../api/types';
import { graphToCanvas } from '../../editor/graph/convert';
import type { FlowCanvasNode } from '../../editor/graph/types';
import type { TakenPath } from './runPath';

const statusOf = (status: StepStatus | undefined) => status ?? 'idle';

/**
 * The run canvas's nodes in their step status. The sizes React Flow measured on the nodes drawn
 * before are kept: a node object without them makes React Flow drop the node's handle bounds, and
 * its edges are not drawn until it is measured again.
 */
export function drawNodes(graph: { nodes: GraphNode[]; edges: GraphEdge[] }, path: TakenPath, drawn: readonly FlowCanvasNode[]): FlowCanvasNode[] {
  const measured = new Map(drawn.map((n) => [n.id, n.measured]));
  return graphToCanvas(graph).nodes.map((n) => ({ ...n, measured: measured.get(n.id), data: { ...n.data, runStatus: statusOf(path.nodes.get(n.id)) } }));
}
