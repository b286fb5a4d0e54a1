import {
  Background, BackgroundVariant, ControlButton, Controls, MiniMap, ReactFlow, useReactFlow, useStore,
  type Connection, type Edge, type FinalConnectionState, type IsValidConnection, type Node, type NodeChange, type OnSelectionChangeFunc,
} from '@xyflow/react';
import { useCallback, useMemo, type DragEvent } from 'react';
import type { NoteCanvasNode } from '../nodes/NoteNode';
import { Icon } from '../../components/Icon';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { toast } from '../../components/feedback';
import { refuseConnection } from '../graph/rules';
import type { FlowCanvasNode } from '../graph/types';
import { lookupEntry } from '../store/catalogStore';
import { useEditor } from '../store/editorStore';
import { useRuns } from '../store/runStore';
import { categoryColor } from '../nodes/nodeVisuals';
import { nodeTypes } from './nodeTypes';
import { minimapArea, PALETTE_MIME, useAddNode } from './useAddNode';
import { freeSpot } from '../graph/placement';
import { FitOnLoad, useReadableFit } from './readableFit';
import { NodePicker } from './NodePicker';

const defaultEdgeOptions = { type: 'default' };
const defaultViewport = { x: 60, y: 60, zoom: 0.9 };
const proOptions = { hideAttribution: false };

function minimapColor(node: FlowCanvasNode | NoteCanvasNode): string {
  if (node.type === 'note') return '#fde68a';
  const status = useRuns.getState().statusByNode[node.id];
  if (status === 'failed') return '#dc2626';
  if (status === 'succeeded') return '#16a34a';
  return categoryColor(lookupEntry(node.data.type)?.category);
}

export function FlowCanvas() {
  const { t } = useTranslation();
  const { screenToFlowPosition } = useReactFlow();
  const addNodeAt = useAddNode();
  const fitFlow = useReadableFit();
  const { nodes, edges, readOnly, notes } = useEditor(useShallow((s) => ({ nodes: s.nodes, edges: s.edges, readOnly: s.readOnly, notes: s.notes })));
  const onFlowNodesChange = useEditor((s) => s.onNodesChange);
  // Notes are drawn as nodes of their own type behind the flow; their changes go to the notes, not the graph.
  const noteNodes: NoteCanvasNode[] = useMemo(() => notes.map((n) => ({
    id: n.id, type: 'note', position: n.position, selected: n.selected, zIndex: -1, draggable: !readOnly,
    width: n.width ?? 240, height: n.height ?? 140, data: { text: n.text, color: n.color ?? 'yellow' },
  })), [notes, readOnly]);
  const canvasNodes = useMemo(() => (noteNodes.length ? [...noteNodes, ...nodes] as Node[] : nodes), [noteNodes, nodes]);
  const onNodesChange = useCallback((changes: NodeChange<Node>[]) => {
    const noteIds = new Set(useEditor.getState().notes.map((n) => n.id));
    const flowChanges: NodeChange<Node>[] = [];
    for (const change of changes) {
      if (!('id' in change) || !noteIds.has(change.id)) {
        flowChanges.push(change);
        continue;
      }
      const { updateNote, removeNote } = useEditor.getState();
      if (change.type === 'position' && change.position) updateNote(change.id, { position: change.position }, change.dragging !== false);
      else if (change.type === 'select') updateNote(change.id, { selected: change.selected }, true);
      else if (change.type === 'remove') removeNote(change.id);
    }
    if (flowChanges.length) onFlowNodesChange(flowChanges as NodeChange<FlowCanvasNode>[]);
  }, [onFlowNodesChange]);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const beginMove = useEditor((s) => s.beginMove);
  const connect = useEditor((s) => s.connect);
  const setInspected = useEditor((s) => s.setInspected);
  // Far out, details are unreadable anyway; dropping them (and shadows) keeps big flows smooth.
  const zoomedOut = useStore((s) => s.transform[2] < 0.35);

  const isValidConnection: IsValidConnection = useCallback((c: Edge | Connection) => {
    const s = useEditor.getState();
    return !refuseConnection(c, s.nodes, s.edges, lookupEntry);
  }, []);

  const onConnect = useCallback((c: Connection) => {
    const refusal = connect(c);
    if (refusal) toast(t(`editor.refused.${refusal}`), 'error');
  }, [connect, t]);

  const onConnectEnd = useCallback((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    // A wire dropped on empty canvas asks what comes next, and wires it there.
    if (!state.isValid && !state.toNode && state.fromNode && state.fromHandle?.type === 'source' && !useEditor.getState().readOnly) {
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const at = screenToFlowPosition({ x: point.clientX, y: point.clientY });
      useEditor.getState().openPicker({ at: { x: at.x, y: at.y - 30 }, from: { nodeId: state.fromNode.id, port: state.fromHandle.id ?? 'out' } });
      return;
    }
    if (state.isValid || !state.toNode || !state.fromNode || state.fromHandle?.type !== 'source') return;
    const s = useEditor.getState();
    const refusal = refuseConnection({ source: state.fromNode.id, sourceHandle: state.fromHandle.id, target: state.toNode.id }, s.nodes, s.edges, lookupEntry);
    if (refusal && refusal !== 'unknownNode') toast(t(`editor.refused.${refusal}`), 'error');
  }, [t, screenToFlowPosition]);

  const onSelectionChange: OnSelectionChangeFunc = useCallback(({ nodes: selection }) => {
    const picked = selection.filter((n) => n.type !== 'note');
    setInspected(picked.length === 1 ? picked[0].id : null);
  }, [setInspected]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    const type = event.dataTransfer.getData(PALETTE_MIME);
    if (!type) return;
    event.preventDefault();
    const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    // Dropped onto another node or under the minimap: the nearest free spot instead.
    addNodeAt(type, freeSpot({ x: Math.round(point.x - 120), y: Math.round(point.y - 30) }, useEditor.getState().nodes, minimapArea(screenToFlowPosition)));
  }, [screenToFlowPosition, addNodeAt]);

  return (
    <div className={zoomedOut ? 'canvas zoomed-out' : 'canvas'} data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        nodes={canvasNodes}
        edges={edges}
        nodeTypes={nodeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onNodeDragStart={beginMove}
        onSelectionDragStart={beginMove}
        onSelectionChange={onSelectionChange}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        selectionOnDrag={false}
        panOnScroll={false}
        zoomOnDoubleClick={false}
        minZoom={0.05}
        maxZoom={2}
        defaultViewport={defaultViewport}
        onlyRenderVisibleElements={nodes.length > 200}
        proOptions={proOptions}
        attributionPosition="bottom-left"
        connectionRadius={28}
      >
        <FitOnLoad />
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
        <Controls showInteractive={false} showFitView={false} position="bottom-left" style={{ marginBottom: 28 }}>
          <ControlButton className="react-flow__controls-fitview" onClick={() => fitFlow()} title={t('editor.zoomFit')} aria-label={t('editor.zoomFit')}>
            <Icon name="fit" />
          </ControlButton>
        </Controls>
        <MiniMap pannable zoomable nodeColor={minimapColor as (node: Node) => string} nodeStrokeWidth={2} maskColor="rgba(241,245,249,0.7)" position="bottom-right" />
      </ReactFlow>
      <NodePicker />
      {!readOnly && (
        <button type="button" className="btn btn-sm canvas-add-note" data-testid="add-note" title={t('editor.addNoteHint')}
          onClick={() => {
            const rect = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
            const at = rect ? screenToFlowPosition({ x: rect.left + 40, y: rect.top + 40 }) : { x: 0, y: 0 };
            useEditor.getState().addNote({ x: Math.round(at.x), y: Math.round(at.y) });
          }}>
          <Icon name="plus" size={14} /> {t('editor.addNote')}
        </button>
      )}
      {nodes.length === 0 && (
        <div className="canvas-empty">
          <strong>{t(readOnly ? 'editor.emptyReadOnly' : 'editor.emptyTitle')}</strong>
          {!readOnly && <span>{t('editor.emptyText')}</span>}
        </div>
      )}
    </div>
  );
}
