import { Background, BackgroundVariant, ControlButton, Controls, ReactFlow, type Edge, type NodeChange, type NodeMouseHandler } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '../../styles/editor.css';
import { memo, useCallback, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { FitOnLoad, flowBounds, useReadableFit, type Bounds } from '../../editor/canvas/readableFit';
import type { GraphEdge, GraphNode, StepStatus } from '../../api/types';
import { nodeTypes } from '../../editor/canvas/nodeTypes';
import { graphToCanvas } from '../../editor/graph/convert';
import { DEFAULT_PORT, type FlowCanvasNode } from '../../editor/graph/types';
import { pathEdgeId, type TakenPath } from './runPath';


/** Zoom buttons whose fit keeps labels readable, as in the editor. */
function RunControls({ boundsOf }: { boundsOf: () => Bounds | null }) {
  const { t } = useTranslation();
  const fitFlow = useReadableFit(boundsOf);
  return (
    <Controls showInteractive={false} showFitView={false}>
      <ControlButton className="react-flow__controls-fitview" onClick={() => fitFlow()} title={t('editor.zoomFit')} aria-label={t('editor.zoomFit')}>
        <Icon name="fit" />
      </ControlButton>
    </Controls>
  );
}

const statusOf = (status: StepStatus | undefined) => status ?? 'idle';

/** The version a run ran on, drawn read-only: nodes in their step status, the taken edges drawn bold. */
export const RunCanvas = memo(function RunCanvas({ graph, path, onNodeClick }: {
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  path: TakenPath;
  onNodeClick?: (nodeId: string) => void;
}) {
  // The sizes React Flow measured, handed back with every new node: a node object without them
  // (each status update makes new ones) drops its measured handles, and a re-measure can be missed
  // when that lands between two renders, leaving the run's edges undrawn for good.
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const onNodesChange = useCallback((changes: NodeChange<FlowCanvasNode>[]) => {
    for (const change of changes) if (change.type === 'dimensions' && change.dimensions) measured.current.set(change.id, change.dimensions);
  }, []);
  const { nodes, edges } = useMemo(() => {
    const canvas = graphToCanvas(graph);
    const nodes: FlowCanvasNode[] = canvas.nodes.map((n) => ({ ...n, measured: measured.current.get(n.id), data: { ...n.data, runStatus: statusOf(path.nodes.get(n.id)) } }));
    const edges: Edge[] = canvas.edges.map((e) => {
      const taken = path.edges.has(pathEdgeId({ from: e.source, port: e.sourceHandle ?? DEFAULT_PORT, to: e.target }));
      const classes = [e.className, taken ? 'edge-taken' : 'edge-not-taken'].filter(Boolean).join(' ');
      return { ...e, className: classes, animated: false, data: { taken } };
    });
    return { nodes, edges };
  }, [graph, path]);
  const boundsOf = useCallback(() => flowBounds({ nodes, notes: [] }), [nodes]);
  const click: NodeMouseHandler = (_event, node) => onNodeClick?.(node.id);
  return (
    <div className="canvas run-canvas" data-testid="run-canvas">
      <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} onNodesChange={onNodesChange}
        nodesDraggable={false} nodesConnectable={false} elementsSelectable={false} edgesFocusable={false} deleteKeyCode={null}
        onNodeClick={click} minZoom={0.1} proOptions={{ hideAttribution: false }}>
        <Background variant={BackgroundVariant.Dots} gap={18} size={1} />
        <FitOnLoad boundsOf={boundsOf} />
        <RunControls boundsOf={boundsOf} />
      </ReactFlow>
    </div>
  );
});
