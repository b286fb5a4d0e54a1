import { applyNodeChanges, Background, BackgroundVariant, ControlButton, Controls, ReactFlow, type Edge, type NodeChange, type NodeMouseHandler } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '../../styles/editor.css';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { FitOnLoad, flowBounds, useReadableFit, type Bounds } from '../../editor/canvas/readableFit';
import type { GraphEdge, GraphNode } from '../../api/types';
import { nodeTypes } from '../../editor/canvas/nodeTypes';
import { graphToCanvas } from '../../editor/graph/convert';
import { DEFAULT_PORT, type FlowCanvasNode } from '../../editor/graph/types';
import { pathEdgeId, type TakenPath } from './runPath';
import { drawNodes } from './runNodes';


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

/** The version a run ran on, drawn read-only: nodes in their step status, the taken edges drawn bold. */
export const RunCanvas = memo(function RunCanvas({ graph, path, onNodeClick }: {
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  path: TakenPath;
  onNodeClick?: (nodeId: string) => void;
}) {
  // Nodes live in state that React Flow's measurements are applied to, and each status update is
  // applied to the latest of it: a new node object without its measured size makes React Flow drop
  // the node's handle bounds, and when that replaced a measurement not yet rendered, the node was
  // never measured again and none of the run's edges was drawn.
  const [nodes, setNodes] = useState(() => drawNodes(graph, path, []));
  const onNodesChange = useCallback((changes: NodeChange<FlowCanvasNode>[]) => setNodes((current) => applyNodeChanges(changes, current)), []);
  const drawnFor = useRef({ graph, path });
  useEffect(() => {
    if (drawnFor.current.graph === graph && drawnFor.current.path === path) return;
    drawnFor.current = { graph, path };
    setNodes((current) => drawNodes(graph, path, current));
  }, [graph, path]);
  const edges = useMemo(() => graphToCanvas(graph).edges.map((e): Edge => {
    const taken = path.edges.has(pathEdgeId({ from: e.source, port: e.sourceHandle ?? DEFAULT_PORT, to: e.target }));
    const classes = [e.className, taken ? 'edge-taken' : 'edge-not-taken'].filter(Boolean).join(' ');
    return { ...e, className: classes, animated: false, data: { taken } };
  }), [graph, path]);
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
