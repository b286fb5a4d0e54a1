import { dictionary, pathAtDepth, type IterateOptions, type LoopShape } from '@flowbridge/nodes/sdk';
import type { LoadedNodeState } from '../run-store';
import { stateKey } from './plan-next-step';

/** What a loop in progress stores in its waiting step: its items and how to walk them (read back by the planner). */
export interface StartedLoop extends IterateOptions {
  items: unknown[];
  count: number;
  iterations: number;
}

export function startedLoop(items: unknown[], options: IterateOptions): StartedLoop {
  return { items, count: items.length, iterations: Math.ceil(items.length / options.batchSize), ...options };
}

/** What `done` carries: each iteration's result in order (null for a failed one), and the failures. */
export interface LoopResults {
  results: unknown[];
  count: number;
  errors: { index: number; nodeId: string; message: string }[];
}

/**
 * An iteration's result is the output of the body node it ended with; with several branches
 * ending, an object of those that ran, by node id.
 */
export function loopResults(shape: LoopShape, states: ReadonlyMap<string, LoadedNodeState>, loopId: string, path: string, stored: unknown): LoopResults {
  const loop = (stored ?? {}) as Partial<StartedLoop>;
  const iterations = loop.iterations ?? 0;
  const ends = shape.ends.get(loopId) ?? [];
  const members = shape.members.get(loopId) ?? [];
  const results: unknown[] = [];
  const errors: LoopResults['errors'] = [];
  for (let i = 0; i < iterations; i++) {
    const itemPath = `${path}.${i}`;
    const failedId = members.find((id) => {
      const state = states.get(stateKey(id, itemPath));
      return state?.status === 'failed' && state.port !== 'error';
    });
    if (failedId) {
      const error = states.get(stateKey(failedId, itemPath))?.error as { message?: unknown } | undefined;
      errors.push({ index: i, nodeId: failedId, message: typeof error?.message === 'string' ? error.message : 'failed' });
      results.push(null);
      continue;
    }
    const outputs = dictionary<unknown>();
    for (const id of ends) {
      const state = states.get(stateKey(id, itemPath));
      if (state && (state.status === 'succeeded' || state.port === 'error')) outputs[id] = state.output;
    }
    results.push(ends.length === 1 ? (outputs[ends[0]] ?? null) : outputs);
  }
  return { results, count: loop.count ?? 0, errors };
}

/** `$item` and `$index` of the innermost loop around a node in an iteration (a batch is a list). */
export function loopScope(shape: LoopShape, states: ReadonlyMap<string, LoadedNodeState>, nodeId: string, path: string): { $item?: unknown; $index?: number } {
  const loopId = shape.loopOf.get(nodeId);
  if (loopId === undefined) return {};
  const depth = shape.chains.get(nodeId)!.length;
  const index = Number(pathAtDepth(path, depth).split('.')[depth]);
  const loop = (states.get(stateKey(loopId, pathAtDepth(path, depth - 1)))?.output ?? {}) as Partial<StartedLoop>;
  const items = Array.isArray(loop.items) ? loop.items : [];
  const size = loop.batchSize ?? 1;
  return { $item: size > 1 ? items.slice(index * size, (index + 1) * size) : items[index], $index: index };
}
