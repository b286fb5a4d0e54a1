import type { GraphEdge, GraphNode, RunStep, StepStatus } from '../../api/types';

const DEFAULT_PORT = 'out';
const LOOP_ITEM_PORT = 'item';

/** Which status a node shows when it ran more than once (loop items): the most urgent one. */
const URGENCY: readonly StepStatus[] = ['failed', 'waiting', 'running', 'succeeded', 'skipped'];

export interface TakenPath {
  /** Per node id: the status the canvas colours it with; nodes the run did not reach are absent. */
  nodes: Map<string, StepStatus>;
  /** Ids (`from:port->to`, as the editor names edges) of edges the run went along. */
  edges: Set<string>;
}

export const pathEdgeId = (edge: Pick<GraphEdge, 'from' | 'port' | 'to'>) => `${edge.from}:${edge.port ?? DEFAULT_PORT}->${edge.to}`;

/** The port a finished step left through; a step that only failed (no error port) left through none. */
function leftThrough(step: Pick<RunStep, 'status' | 'port'>): string | null {
  if (step.port) return step.port;
  return step.status === 'succeeded' ? DEFAULT_PORT : null;
}

/**
 * The path a run took through its graph: an edge is taken when its source step finished through the
 * edge's port and its target ran (a skipped target was not reached along it).
 */
export function takenPath(
  edges: readonly GraphEdge[],
  steps: readonly Pick<RunStep, 'nodeId' | 'status' | 'port' | 'iterationPath'>[],
  loops: ReadonlySet<string> = new Set(),
): TakenPath {
  const nodes = new Map<string, StepStatus>();
  const ports = new Map<string, Set<string>>();
  const depth = (path: string | undefined) => (path ?? '0').split('.').length;
  // A loop's row ends on "done"; its item port fired once per item, which shows as its body's steps
  // running one level deeper than the loop itself.
  const loopDepth = new Map<string, number>();
  const deepest = new Map<string, number>();
  for (const step of steps) {
    if (loops.has(step.nodeId)) loopDepth.set(step.nodeId, Math.min(loopDepth.get(step.nodeId) ?? Infinity, depth(step.iterationPath)));
    if (step.status !== 'skipped') deepest.set(step.nodeId, Math.max(deepest.get(step.nodeId) ?? 0, depth(step.iterationPath)));
  }
  for (const step of steps) {
    const seen = nodes.get(step.nodeId);
    if (!seen || URGENCY.indexOf(step.status) < URGENCY.indexOf(seen)) nodes.set(step.nodeId, step.status);
    const port = step.status === 'skipped' ? null : leftThrough(step);
    if (port) {
      const set = ports.get(step.nodeId) ?? new Set<string>();
      set.add(port);
      ports.set(step.nodeId, set);
    }
  }
  const ran = (nodeId: string) => {
    const status = nodes.get(nodeId);
    return status !== undefined && status !== 'skipped';
  };
  const taken = new Set<string>();
  for (const edge of edges) {
    const port = edge.port ?? DEFAULT_PORT;
    const left = ports.get(edge.from)?.has(port) || (port === LOOP_ITEM_PORT && (deepest.get(edge.to) ?? 0) > (loopDepth.get(edge.from) ?? Infinity));
    if (left && ran(edge.to)) taken.add(pathEdgeId(edge));
  }
  return { nodes, edges: taken };
}

/**
 * One row per node and loop iteration: earlier rows of the same pair (a resumed wait, earlier
 * attempts) go into the latest row's history. Rows the server already folded keep their history.
 */
export function foldSteps(steps: readonly RunStep[]): RunStep[] {
  const rows: RunStep[] = [];
  const at = new Map<string, number>();
  for (const step of steps) {
    const key = `${step.nodeId}\u0000${step.iterationPath ?? '0'}`;
    const index = at.get(key);
    if (index === undefined) {
      at.set(key, rows.length);
      rows.push(step);
      continue;
    }
    const earlier = rows[index];
    const { history: earlierHistory = [], ...earlierRow } = earlier;
    const entry = { status: earlierRow.status, port: earlierRow.port, attempt: earlierRow.attempt, startedAt: earlierRow.startedAt, finishedAt: earlierRow.finishedAt, error: earlierRow.error };
    rows[index] = { ...step, history: [...earlierHistory, entry, ...(step.history ?? [])] };
  }
  return rows;
}

/** What the timeline calls a step: the node's name on the canvas, else its catalogue title, else its id. */
export function stepTitle(nodeId: string, nodes: ReadonlyMap<string, Pick<GraphNode, 'name' | 'type'>>, titleOf: (type: string) => string | undefined): string {
  const node = nodes.get(nodeId);
  if (!node) return nodeId;
  return node.name?.trim() || titleOf(node.type) || nodeId;
}

/** Milliseconds a step took, or null while it runs. */
export function stepDuration(step: Pick<RunStep, 'startedAt' | 'finishedAt'>): number | null {
  if (!step.startedAt || !step.finishedAt) return null;
  return Math.max(0, Date.parse(step.finishedAt) - Date.parse(step.startedAt));
}

const MAX_PAYLOAD = 256 * 1024;

/** Parses the edited trigger output: a JSON object, or the reason it is not one. */
export function parsePayload(text: string): { payload: Record<string, unknown> } | { problem: 'json' | 'object' | 'size' } {
  if (text.length > MAX_PAYLOAD) return { problem: 'size' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'json' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: 'object' };
  return { payload: value as Record<string, unknown> };
}
