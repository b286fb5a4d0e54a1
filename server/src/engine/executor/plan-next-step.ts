import { edgePort, type AnyNode, type FlowGraph } from '@flowbridge/nodes/sdk';

export interface NodeState {
  status: 'succeeded' | 'failed' | 'skipped' | 'waiting';
  port: string | null;
  attempt: number;
  wakeAt: Date | null;
  retryAt: Date | null;
}

export type Plan =
  | { kind: 'skip'; nodeIds: string[] }
  | { kind: 'run'; nodeId: string; attempt: number; resumed: boolean }
  | { kind: 'sleep'; until: Date; reason: 'wait' | 'retry' }
  | { kind: 'failed'; nodeId: string }
  | { kind: 'done' };

/**
 * Decides what the run does next from the graph and the newest state of each node.
 * Pure: the executor persists whatever this returns and asks again.
 *
 * A node runs once every incoming edge is resolved (its source finished or was skipped) and at
 * least one fired; when all resolved and none fired it is skipped (dead-path elimination).
 * Triggers other than the one that started the run count as skipped; the one that started it runs
 * first when its second phase is still due (stored waiting, or failed with a retry).
 */
export function planNextStep(graph: FlowGraph, states: ReadonlyMap<string, NodeState>, triggerNodeId: string, lookup: (type: string) => AnyNode | undefined, now: Date): Plan {
  const incoming = new Map<string, FlowGraph['edges']>();
  for (const edge of graph.edges) incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge]);
  const isTrigger = new Map(graph.nodes.map((n) => [n.id, lookup(n.type)?.kind === 'trigger']));

  const firedPort = (id: string): string | null | undefined => {
    const state = states.get(id);
    if (isTrigger.get(id) && id !== triggerNodeId) return null;
    if (!state) return undefined;
    if (state.status === 'succeeded') return state.port ?? 'out';
    if (state.status === 'skipped') return null;
    if (state.status === 'failed' && state.port === 'error') return 'error';
    return undefined;
  };

  // A trigger with a second phase (load) is stored waiting; nothing else can go before it resolves.
  const trigger = states.get(triggerNodeId);
  if (trigger?.status === 'waiting') return { kind: 'run', nodeId: triggerNodeId, attempt: trigger.attempt, resumed: true };
  if (trigger?.status === 'failed' && !trigger.retryAt) return { kind: 'failed', nodeId: triggerNodeId };
  if (trigger?.status === 'failed' && trigger.retryAt) {
    return trigger.retryAt <= now ? { kind: 'run', nodeId: triggerNodeId, attempt: trigger.attempt + 1, resumed: false } : { kind: 'sleep', until: trigger.retryAt, reason: 'retry' };
  }

  const toSkip: string[] = [];
  let sleepUntil: { until: Date; reason: 'wait' | 'retry' } | undefined;
  let unresolved = 0;

  for (const node of graph.nodes) {
    if (isTrigger.get(node.id)) continue;
    const state = states.get(node.id);
    if (firedPort(node.id) !== undefined) continue;
    unresolved++;

    if (state?.status === 'failed' && !state.retryAt) return { kind: 'failed', nodeId: node.id };
    if (state?.status === 'failed' && state.retryAt) {
      if (state.retryAt <= now) return { kind: 'run', nodeId: node.id, attempt: state.attempt + 1, resumed: false };
      sleepUntil = earlier(sleepUntil, state.retryAt, 'retry');
      continue;
    }
    if (state?.status === 'waiting') {
      if (state.wakeAt && state.wakeAt <= now) return { kind: 'run', nodeId: node.id, attempt: state.attempt, resumed: true };
      if (state.wakeAt) sleepUntil = earlier(sleepUntil, state.wakeAt, 'wait');
      continue;
    }

    const edges = incoming.get(node.id) ?? [];
    const sources = edges.map((edge) => ({ edge, fired: firedPort(edge.from) }));
    if (sources.some((s) => s.fired === undefined)) continue;
    if (sources.some((s) => s.fired === edgePort(s.edge))) return { kind: 'run', nodeId: node.id, attempt: 1, resumed: false };
    toSkip.push(node.id);
  }

  if (toSkip.length) return { kind: 'skip', nodeIds: toSkip };
  if (sleepUntil) return { kind: 'sleep', ...sleepUntil };
  if (unresolved === 0) return { kind: 'done' };
  // Unreachable unless the graph changed under a run; runs are pinned to versions, so this is a bug.
  throw new Error(`Run is stuck: ${unresolved} node(s) can neither run nor be skipped`);
}

function earlier(current: { until: Date; reason: 'wait' | 'retry' } | undefined, at: Date, reason: 'wait' | 'retry') {
  return !current || at < current.until ? { until: at, reason } : current;
}
