import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import type { FlowSettings, FlowView, Problem, RetryPolicy, StickyNote } from '../../api/types';
import { edgeId, graphToCanvas } from '../graph/convert';
import { copySelection, pasteClip, type Clip } from '../graph/clipboard';
import { emptyHistory, record, redo, undo, type History } from '../graph/history';
import { newNodeId } from '../graph/ids';
import { applyPositions } from '../graph/layout';
import { indexProblems, type ProblemIndex } from '../graph/problems';
import { outputPorts, reconcilePortEdges } from '../graph/ports';
import { refuseConnection, type ConnectionRefusal } from '../graph/rules';
import { DEFAULT_PORT, INITIAL_NODE_SIZE, INPUT_HANDLE, type FlowCanvasEdge, type FlowCanvasNode } from '../graph/types';
import { defaultParams, lookupEntry } from './catalogStore';

export type SaveState = 'saved' | 'saving' | 'error';

interface Snapshot {
  nodes: FlowCanvasNode[];
  edges: FlowCanvasEdge[];
}

/** The node picker: where the new node goes (flow coordinates; null = the middle of the view) and what it is wired from. */
export interface PickerRequest {
  at: { x: number; y: number } | null;
  from?: { nodeId: string; port: string };
}

export interface EditorState {
  flowId: string | null;
  name: string;
  /** The flow's calendar and time zone; saved with the graph. */
  settings: FlowSettings;
  publishedVersion: number | null;
  readOnly: boolean;
  nodes: FlowCanvasNode[];
  edges: FlowCanvasEdge[];
  history: History<Snapshot>;
  /** Bumped on every change that must be saved; autosave compares it with savedRevision. */
  revision: number;
  /** The server's revision of the draft this editor last loaded or saved; a save names it. */
  serverRevision: number | null;
  savedRevision: number;
  saveState: SaveState;
  saveError: string | null;
  draftProblems: Problem[];
  saveProblems: Problem[];
  problems: ProblemIndex;
  inspectedId: string | null;
  samples: Record<string, unknown>;
  /** Sticky notes: saved with the draft, never run, not part of undo; `selected` only lives on the canvas. */
  notes: (StickyNote & { selected?: boolean })[];
  /** The node picker, open (Tab, or a wire dropped on empty canvas) or not. */
  picker: PickerRequest | null;
}

interface EditorActions {
  load: (flow: FlowView, options: { readOnly: boolean; layout?: (nodes: FlowCanvasNode[], edges: FlowCanvasEdge[]) => Map<string, { x: number; y: number }> }) => void;
  replaceGraph: (flow: FlowView) => void;
  /** Puts back edits kept in this browser; they count as unsaved, so autosave sends them. */
  restoreLocal: (draft: { name: string; graph: FlowView['graph'] }, serverRevision: number | null) => void;
  setName: (name: string) => void;
  setSettings: (patch: FlowSettings) => void;
  onNodesChange: (changes: NodeChange<FlowCanvasNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowCanvasEdge>[]) => void;
  beginMove: () => void;
  connect: (connection: Connection) => ConnectionRefusal | null;
  addNode: (type: string, position: { x: number; y: number }, params?: Record<string, unknown>) => string | null;
  setParam: (nodeId: string, name: string, value: unknown) => void;
  renameNode: (nodeId: string, name: string) => void;
  setRetry: (nodeId: string, retry: RetryPolicy | undefined) => void;
  addNote: (position: { x: number; y: number }) => string | null;
  /** A text, size or position edit; `quiet` (a drag in progress, a selection) is not a change to save. */
  updateNote: (id: string, patch: Partial<Omit<StickyNote, 'id'>> & { selected?: boolean }, quiet?: boolean) => void;
  removeNote: (id: string) => void;
  openPicker: (request: PickerRequest) => void;
  closePicker: () => void;
  /** Pins an output for test runs (undefined unpins). */
  setPinnedOutput: (nodeId: string, output: unknown) => void;
  deleteSelection: () => void;
  deleteEdge: (id: string) => void;
  selectAll: () => void;
  select: (nodeId: string | null) => void;
  copy: () => Clip | null;
  paste: (clip: Clip | null) => void;
  undo: () => void;
  redo: () => void;
  applyLayout: (positions: Map<string, { x: number; y: number }>) => void;
  setInspected: (id: string | null) => void;
  setSamples: (samples: Record<string, unknown>) => void;
  saveStarted: () => void;
  saveSucceeded: (revision: number, flow: Pick<FlowView, 'problems' | 'publishedVersion' | 'revision'>) => void;
  saveFailed: (message: string, problems: Problem[]) => void;
  setPublished: (version: number) => void;
  setDraftProblems: (problems: Problem[]) => void;
}

export type EditorStore = EditorState & EditorActions;

const initial: EditorState = {
  flowId: null,
  name: '',
  settings: {},
  publishedVersion: null,
  readOnly: false,
  nodes: [],
  edges: [],
  history: emptyHistory(),
  revision: 0,
  savedRevision: 0,
  serverRevision: null,
  saveState: 'saved',
  saveError: null,
  draftProblems: [],
  saveProblems: [],
  problems: indexProblems(),
  picker: null,
  notes: [],
  inspectedId: null,
  samples: {},
};

const snapshot = (s: EditorState): Snapshot => ({ nodes: s.nodes, edges: s.edges });
const unselect = (nodes: FlowCanvasNode[]) => nodes.map((n) => (n.selected ? { ...n, selected: false } : n));

export const useEditor = create<EditorStore>((set, get) => {
  /** Applies a graph change that is saved and undoable. */
  const change = (mutate: (s: EditorState) => Partial<EditorState>, key?: string) => {
    const s = get();
    if (s.readOnly) return;
    set({ ...mutate(s), history: record(s.history, snapshot(s), key), revision: s.revision + 1 });
  };
  const updateNode = (nodeId: string, patch: (n: FlowCanvasNode) => FlowCanvasNode, key?: string) =>
    change((s) => ({ nodes: s.nodes.map((n) => (n.id === nodeId ? patch(n) : n)) }), key);

  return {
    ...initial,

    load: (flow, { readOnly, layout }) => {
      const { nodes, edges, needsLayout } = graphToCanvas(flow.graph);
      const placed = needsLayout && layout ? applyPositions(nodes, layout(nodes, edges)) : nodes;
      set({
        ...initial,
        flowId: flow.id,
        name: flow.name,
        settings: flow.graph.settings ?? {},
        notes: flow.graph.notes ?? [],
        publishedVersion: flow.publishedVersion,
        serverRevision: flow.revision ?? null,
        readOnly,
        nodes: placed,
        edges,
        draftProblems: flow.problems ?? [],
        problems: indexProblems(flow.problems ?? []),
      });
    },

    replaceGraph: (flow) => {
      const { nodes, edges } = graphToCanvas(flow.graph);
      const s = get();
      set({
        nodes, edges, name: flow.name, settings: flow.graph.settings ?? {}, notes: flow.graph.notes ?? [], publishedVersion: flow.publishedVersion, serverRevision: flow.revision ?? s.serverRevision,
        history: record(s.history, snapshot(s)),
        // The server already holds this draft: nothing to save unless the user undoes.
        revision: s.revision + 1, savedRevision: s.revision + 1, saveState: 'saved', saveError: null,
        draftProblems: flow.problems, saveProblems: [], problems: indexProblems(flow.problems),
        inspectedId: null,
      });
    },

    restoreLocal: (draft, serverRevision) => {
      const { nodes, edges } = graphToCanvas(draft.graph);
      const s = get();
      if (s.readOnly) return;
      set({ nodes, edges, name: draft.name, settings: draft.graph.settings ?? s.settings, notes: draft.graph.notes ?? s.notes, serverRevision, history: record(s.history, snapshot(s)), revision: s.revision + 1, saveState: 'saving' });
    },

    setSettings: (patch) => {
      const s = get();
      if (s.readOnly) return;
      const next: FlowSettings = { ...s.settings, ...patch };
      for (const key of ['calendar', 'timezone', 'alerts', 'concurrency'] as const) if (!next[key]) delete next[key];
      set({ settings: next, revision: s.revision + 1 });
    },

    setName: (name) => {
      const s = get();
      if (s.readOnly || name === s.name) return;
      set({ name, revision: s.revision + 1 });
    },

    onNodesChange: (changes) => {
      const s = get();
      const allowed = s.readOnly ? changes.filter((c) => c.type === 'select' || c.type === 'dimensions') : changes.filter((c) => c.type !== 'remove');
      if (!allowed.length) return;
      const moved = allowed.some((c) => c.type === 'position' && c.position);
      set({ nodes: applyNodeChanges(allowed, s.nodes), ...(moved ? { revision: s.revision + 1 } : {}) });
    },

    onEdgesChange: (changes) => {
      const selects = changes.filter((c) => c.type === 'select');
      if (selects.length) set({ edges: applyEdgeChanges(selects, get().edges) });
    },

    beginMove: () => {
      const s = get();
      if (!s.readOnly) set({ history: record(s.history, snapshot(s)) });
    },

    connect: (connection) => {
      const s = get();
      if (s.readOnly) return null;
      const refusal = refuseConnection(connection, s.nodes, s.edges, lookupEntry);
      if (refusal) return refusal;
      const port = connection.sourceHandle ?? DEFAULT_PORT;
      const edge: FlowCanvasEdge = {
        id: edgeId(connection.source, port, connection.target),
        source: connection.source, sourceHandle: port, target: connection.target, targetHandle: INPUT_HANDLE,
        className: port === 'error' ? 'edge-error' : undefined,
      };
      change((st) => ({ edges: [...st.edges, edge] }));
      return null;
    },

    addNode: (type, position, params) => {
      const entry = lookupEntry(type);
      const s = get();
      if (!entry || s.readOnly) return null;
      const id = newNodeId(type, new Set(s.nodes.map((n) => n.id)));
      const node: FlowCanvasNode = { id, type: 'flow', ...INITIAL_NODE_SIZE, position, selected: true, data: { type, params: { ...defaultParams(entry), ...params } } };
      change((st) => ({ nodes: [...unselect(st.nodes), node], inspectedId: id }));
      return id;
    },

    setParam: (nodeId, name, value) =>
      change((s) => {
        const node = s.nodes.find((n) => n.id === nodeId);
        if (!node) return {};
        const params = { ...node.data.params };
        if (value === undefined || value === '') delete params[name];
        else params[name] = value;
        const entry = lookupEntry(node.data.type);
        const edges = entry?.ports === 'dynamic'
          ? reconcilePortEdges(nodeId, outputPorts(entry, node.data.params), outputPorts(entry, params), s.edges)
          : s.edges;
        return { nodes: s.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, params } } : n)), edges };
      }, `param:${nodeId}:${name}`),

    renameNode: (nodeId, name) => updateNode(nodeId, (n) => ({ ...n, data: { ...n.data, name: name || undefined } }), `name:${nodeId}`),

    setRetry: (nodeId, retry) =>
      updateNode(nodeId, (n) => {
        const data = { ...n.data };
        if (retry) data.retry = retry;
        else delete data.retry;
        return { ...n, data };
      }, `retry:${nodeId}`),

    addNote: (position) => {
      const s = get();
      if (s.readOnly) return null;
      const id = `note-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      set({ notes: [...s.notes, { id, text: '', position, width: 240, height: 140, color: 'yellow' }], revision: s.revision + 1 });
      return id;
    },
    updateNote: (id, patch, quiet = false) => {
      const s = get();
      if (s.readOnly && !quiet) return;
      set({ notes: s.notes.map((n) => (n.id === id ? { ...n, ...patch } : n)), ...(quiet ? {} : { revision: s.revision + 1 }) });
    },
    removeNote: (id) => {
      const s = get();
      if (s.readOnly) return;
      set({ notes: s.notes.filter((n) => n.id !== id), revision: s.revision + 1 });
    },
    openPicker: (request) => set({ picker: request }),
    closePicker: () => set({ picker: null }),

    setPinnedOutput: (nodeId, output) =>
      updateNode(nodeId, (n) => {
        const data = { ...n.data };
        if (output === undefined) delete data.pinnedOutput;
        else data.pinnedOutput = output;
        return { ...n, data };
      }, `pin:${nodeId}`),

    deleteSelection: () => {
      const s = get();
      if (!s.readOnly && s.notes.some((n) => n.selected)) set({ notes: s.notes.filter((n) => !n.selected), revision: s.revision + 1 });
      const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
      const edgeGone = new Set(s.edges.filter((e) => e.selected).map((e) => e.id));
      if (!gone.size && !edgeGone.size) return;
      change((st) => ({
        nodes: st.nodes.filter((n) => !gone.has(n.id)),
        edges: st.edges.filter((e) => !edgeGone.has(e.id) && !gone.has(e.source) && !gone.has(e.target)),
        inspectedId: st.inspectedId && gone.has(st.inspectedId) ? null : st.inspectedId,
      }));
    },

    deleteEdge: (id) => change((st) => ({ edges: st.edges.filter((e) => e.id !== id) })),

    selectAll: () => set((s) => ({ nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })), inspectedId: null })),

    select: (nodeId) =>
      set((s) => ({
        nodes: s.nodes.map((n) => ((n.id === nodeId) === !!n.selected ? n : { ...n, selected: n.id === nodeId })),
        inspectedId: nodeId,
      })),

    copy: () => copySelection(get().nodes, get().edges),

    paste: (clip) => {
      if (!clip?.nodes.length) return;
      const s = get();
      const pasted = pasteClip(clip, s.nodes.map((n) => n.id), { x: 40, y: 40 });
      change((st) => ({ nodes: [...unselect(st.nodes), ...pasted.nodes], edges: [...st.edges, ...pasted.edges], inspectedId: pasted.nodes.length === 1 ? pasted.nodes[0].id : null }));
    },

    undo: () => {
      const s = get();
      const step = s.readOnly ? null : undo(s.history, snapshot(s));
      if (step) set({ ...step.state, history: step.history, revision: s.revision + 1 });
    },

    redo: () => {
      const s = get();
      const step = s.readOnly ? null : redo(s.history, snapshot(s));
      if (step) set({ ...step.state, history: step.history, revision: s.revision + 1 });
    },

    applyLayout: (positions) => change((s) => ({ nodes: applyPositions(s.nodes, positions) })),

    setInspected: (inspectedId) => set({ inspectedId }),
    setSamples: (samples) => set({ samples }),

    saveStarted: () => set({ saveState: 'saving' }),
    saveSucceeded: (revision, flow) => {
      const s = get();
      set({
        savedRevision: revision,
        serverRevision: flow.revision ?? s.serverRevision,
        saveState: s.revision === revision ? 'saved' : 'saving',
        saveError: null,
        draftProblems: flow.problems,
        saveProblems: [],
        problems: indexProblems(flow.problems),
        publishedVersion: flow.publishedVersion,
      });
    },
    saveFailed: (message, problems) => {
      const s = get();
      set({ saveState: 'error', saveError: message, saveProblems: problems, problems: indexProblems(problems, s.draftProblems) });
    },
    setPublished: (version) => set({ publishedVersion: version }),
    setDraftProblems: (problems) => set((s) => ({ draftProblems: problems, problems: indexProblems(s.saveProblems, problems) })),
  };
});

export const isDirty = (s: EditorState) => s.revision !== s.savedRevision;
