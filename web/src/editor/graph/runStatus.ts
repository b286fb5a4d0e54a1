import type { RunDetail } from '../../api/types';
import { DEFAULT_PORT, type NodeStatus } from './types';
import { dict } from '../../lib/dict';

/**
 * Canvas status of every node for a run: the last attempt of each step decides; while the run is
 * active, a node whose input just fired is "running" and nodes not reached yet are "queued".
 */
export function nodeStatuses(
  run: Pick<RunDetail, 'status' | 'steps'>,
  edges: readonly { source: string; sourceHandle?: string | null; target: string }[],
): Record<string, NodeStatus> {
  const out = dict<NodeStatus>();
  const lastPort = dict<string | null>();
  const active = run.status === 'queued' || run.status === 'running';
  for (const step of run.steps) {
    if (active && step.status === 'failed' && step.retryAt) {
      out[step.nodeId] = 'running';
      lastPort[step.nodeId] = null;
      continue;
    }
    out[step.nodeId] = step.status === 'succeeded' || step.status === 'failed' || step.status === 'skipped' || step.status === 'waiting' ? step.status : 'running';
    lastPort[step.nodeId] = step.port;
  }
  if (!active) return out;
  for (const edge of edges) {
    if (out[edge.target]) continue;
    const fired = out[edge.source] === 'succeeded' && (lastPort[edge.source] ?? DEFAULT_PORT) === (edge.sourceHandle ?? DEFAULT_PORT);
    if (fired) out[edge.target] = 'running';
  }
  for (const edge of edges) {
    if (!out[edge.target]) out[edge.target] = 'queued';
    if (!out[edge.source]) out[edge.source] = 'queued';
  }
  return out;
}
