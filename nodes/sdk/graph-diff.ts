import type { FlowEdge, FlowGraph, FlowNode } from './graph';
import { edgePort } from './graph';

export interface ValueChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface NodeChange {
  nodeId: string;
  changes: ValueChange[];
}

/** What a publish would change in how the flow runs; node positions and the flow's name are not behaviour. */
export interface GraphDiff {
  added: string[];
  removed: string[];
  changed: NodeChange[];
  edgesAdded: FlowEdge[];
  edgesRemoved: FlowEdge[];
  settings: ValueChange[];
}

const stable = (value: unknown): string => JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));

/** Leaf values of a node's behaviour by dotted path (params, type, name, retry, version). */
function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length && !Object.hasOwn(value, '$secret')) {
    for (const [key, inner] of Object.entries(value)) leaves(inner, path ? `${path}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(path, value);
  }
  return out;
}

function behaviour(node: FlowNode): Map<string, unknown> {
  // Pins are test data, not behaviour: a published version never runs them.
  const { position: _position, id: _id, pinnedOutput: _pinned, ...rest } = node as FlowNode & { position?: unknown };
  return leaves(rest, '', new Map());
}

function changes(before: Map<string, unknown>, after: Map<string, unknown>): ValueChange[] {
  const out: ValueChange[] = [];
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(path);
    const b = after.get(path);
    if (stable(a) !== stable(b)) out.push({ path, before: a, after: b });
  }
  return out.sort((x, y) => (x.path < y.path ? -1 : 1));
}

const edgeKey = (e: FlowEdge) => `${e.from}\u0000${edgePort(e)}\u0000${e.to}`;

export function diffGraphs(before: FlowGraph, after: FlowGraph): GraphDiff {
  const was = new Map(before.nodes.map((n) => [n.id, n]));
  const now = new Map(after.nodes.map((n) => [n.id, n]));
  const changed: NodeChange[] = [];
  for (const [id, node] of now) {
    const old = was.get(id);
    if (!old) continue;
    const nodeChanges = changes(behaviour(old), behaviour(node));
    if (nodeChanges.length) changed.push({ nodeId: id, changes: nodeChanges });
  }
  const oldEdges = new Map(before.edges.map((e) => [edgeKey(e), e]));
  const newEdges = new Map(after.edges.map((e) => [edgeKey(e), e]));
  const settingsOf = (g: FlowGraph) => leaves((g as FlowGraph & { settings?: unknown }).settings ?? {}, '', new Map());
  return {
    added: [...now.keys()].filter((id) => !was.has(id)),
    removed: [...was.keys()].filter((id) => !now.has(id)),
    changed,
    edgesAdded: [...newEdges].filter(([k]) => !oldEdges.has(k)).map(([, e]) => e),
    edgesRemoved: [...oldEdges].filter(([k]) => !newEdges.has(k)).map(([, e]) => e),
    settings: changes(settingsOf(before), settingsOf(after)),
  };
}

export function isEmptyDiff(diff: GraphDiff): boolean {
  return !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.edgesAdded.length && !diff.edgesRemoved.length && !diff.settings.length;
}
