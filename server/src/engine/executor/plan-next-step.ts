import { edgePort, LOOP_ITEM_PORT, loopShape, ROOT_PATH, type AnyNode, type FlowEdge, type FlowGraph, type LoopShape } from '@flowbridge/nodes/sdk';

export interface NodeState {
  status: 'succeeded' | 'failed' | 'skipped' | 'waiting';
  port: string | null;
  attempt: number;
  wakeAt: Date | null;
  retryAt: Date | null;
  /** Read only from a loop in progress: how many iterations, how many at once, whether to go on past a failed one. */
  output?: unknown;
}

/** One node in one iteration: `path` is `0` at the top of the run, `0.2` in a loop's third item. */
export interface StepRef {
  nodeId: string;
  path: string;
}

export type Plan =
  | { kind: 'skip'; steps: StepRef[] }
  | { kind: 'run'; nodeId: string; path: string; attempt: number; resumed: boolean }
  /** Every iteration of a loop ended (`done`), or one failed and the loop stops (`failed`, with the steps still open in its other iterations). */
  | { kind: 'loop'; nodeId: string; path: string; outcome: 'done'; abandon: StepRef[] }
  | { kind: 'loop'; nodeId: string; path: string; outcome: 'failed'; item: StepRef; abandon: StepRef[] }
  | { kind: 'sleep'; until: Date; reason: 'wait' | 'retry' }
  | { kind: 'failed'; nodeId: string }
  | { kind: 'done' };

/** How a loop in progress walks its items; stored in the loop's waiting step. */
export interface LoopProgress {
  iterations: number;
  concurrency: number;
  continueOnError: boolean;
}

/** The key of a node's state in one iteration: the node id alone at the top of the run. */
export function stateKey(nodeId: string, path: string): string {
  return path === ROOT_PATH ? nodeId : `${nodeId}@${path}`;
}

export function parseStateKey(key: string): StepRef {
  const at = key.indexOf('@');
  return at === -1 ? { nodeId: key, path: ROOT_PATH } : { nodeId: key.slice(0, at), path: key.slice(at + 1) };
}

export function loopProgress(output: unknown): LoopProgress {
  const o = (output ?? {}) as Partial<Record<keyof LoopProgress, unknown>>;
  return {
    iterations: typeof o.iterations === 'number' ? o.iterations : 0,
    concurrency: typeof o.concurrency === 'number' && o.concurrency >= 1 ? o.concurrency : 1,
    continueOnError: o.continueOnError === true,
  };
}

/**
 * What the planner learned in earlier calls of one job: iterations that ended stay ended, so a
 * loop of thousands of items is not walked from its first item before every step.
 */
export interface PlanMemo {
  ended: Map<string, { set: Set<number>; from: number }>;
  started?: Map<string, Set<number>>;
}

export const newPlanMemo = (): PlanMemo => ({ ended: new Map() });

/** What the planner needs of a (cached, immutable) flow version graph: its loops and each node's kind. */
interface GraphFacts {
  shape: LoopShape;
  kinds: ReadonlyMap<string, AnyNode['kind'] | undefined>;
}

const facts = new WeakMap<FlowGraph, GraphFacts>();

function factsOf(graph: FlowGraph, lookup: (type: string) => AnyNode | undefined): GraphFacts {
  let known = facts.get(graph);
  if (!known) {
    const kinds = new Map(graph.nodes.map((n) => [n.id, lookup(n.type)?.kind]));
    known = { shape: loopShape(graph, (id) => kinds.get(id) === 'loop'), kinds };
    facts.set(graph, known);
  }
  return known;
}

/** The graph's loop structure, computed once per (cached, immutable) flow version graph. */
export function shapeOf(graph: FlowGraph, lookup: (type: string) => AnyNode | undefined): LoopShape {
  return factsOf(graph, lookup).shape;
}

/**
 * Decides what the run does next from the graph and the newest state of each node in each
 * iteration. Pure (bar the memo of ended iterations): the executor persists whatever this returns
 * and asks again.
 *
 * A node runs once every incoming edge is resolved (its source finished or was skipped) and at
 * least one fired; when all resolved and none fired it is skipped (dead-path elimination).
 * Triggers other than the one that started the run count as skipped; the one that started it runs
 * first when its second phase is still due (stored waiting, or failed with a retry).
 *
 * A loop in progress (its step waiting) opens one context per iteration, in order, at most
 * `concurrency` unfinished at once; its body's nodes are planned in each context as above, the
 * loop's `item` port firing in every admitted one. When every iteration ended the loop is done;
 * a node failing for good ends its iteration as failed, which fails the loop unless it goes on.
 */
export function planNextStep(graph: FlowGraph, states: ReadonlyMap<string, NodeState>, triggerNodeId: string, lookup: (type: string) => AnyNode | undefined, now: Date, memo: PlanMemo = newPlanMemo()): Plan {
  // Worked out once per graph: this runs before every step.
  const { shape, kinds } = factsOf(graph, lookup);

  const firedPort = (id: string, path: string): string | null | undefined => {
    if (kinds.get(id) === 'trigger' && id !== triggerNodeId) return null;
    const state = states.get(stateKey(id, path));
    if (!state) return undefined;
    if (state.status === 'succeeded') return state.port ?? 'out';
    if (state.status === 'skipped') return null;
    if (state.status === 'failed' && state.port === 'error') return 'error';
    return undefined;
  };
  // Inside an iteration the loop's item port has fired: the iteration exists only once admitted.
  const edgeFired = (edge: FlowEdge, path: string) =>
    (shape.loopOf.get(edge.to) === edge.from && edgePort(edge) === LOOP_ITEM_PORT ? LOOP_ITEM_PORT : firedPort(edge.from, path));

  // A trigger with a second phase (load) is stored waiting; nothing else can go before it resolves.
  const trigger = states.get(triggerNodeId);
  if (trigger?.status === 'waiting') return { kind: 'run', nodeId: triggerNodeId, path: ROOT_PATH, attempt: trigger.attempt, resumed: true };
  if (trigger?.status === 'failed' && !trigger.retryAt) return { kind: 'failed', nodeId: triggerNodeId };
  if (trigger?.status === 'failed' && trigger.retryAt) {
    return trigger.retryAt <= now ? { kind: 'run', nodeId: triggerNodeId, path: ROOT_PATH, attempt: trigger.attempt + 1, resumed: false } : { kind: 'sleep', until: trigger.retryAt, reason: 'retry' };
  }

  const toSkip: StepRef[] = [];
  let sleepUntil: { until: Date; reason: 'wait' | 'retry' } | undefined;
  const started = shape.hasLoops ? (memo.started ??= startedIterations(shape, states)) : undefined;

  type Visit = { plan: Plan } | { status: 'done' | 'pending' } | { status: 'failed'; failed: StepRef };

  const visit = (loop: string, path: string): Visit => {
    let pending = false;
    for (const id of shape.members.get(loop) ?? []) {
      if (kinds.get(id) === 'trigger') continue;
      if (firedPort(id, path) !== undefined) continue;
      pending = true;
      const state = states.get(stateKey(id, path));
      if (state?.status === 'failed' && !state.retryAt) return { status: 'failed', failed: { nodeId: id, path } };
      if (state?.status === 'failed' && state.retryAt) {
        if (state.retryAt <= now) return { plan: { kind: 'run', nodeId: id, path, attempt: state.attempt + 1, resumed: false } };
        sleepUntil = earlier(sleepUntil, state.retryAt, 'retry');
        continue;
      }
      if (state?.status === 'waiting') {
        if (kinds.get(id) === 'loop') {
          const plan = visitLoop(id, path, loopProgress(state.output));
          if (plan) return { plan };
          continue;
        }
        if (state.wakeAt && state.wakeAt <= now) return { plan: { kind: 'run', nodeId: id, path, attempt: state.attempt, resumed: true } };
        if (state.wakeAt) sleepUntil = earlier(sleepUntil, state.wakeAt, 'wait');
        continue;
      }

      const fired = (shape.incoming.get(id) ?? []).map((edge) => ({ edge, port: edgeFired(edge, path) }));
      if (fired.some((s) => s.port === undefined)) continue;
      if (fired.some((s) => s.port === edgePort(s.edge))) return { plan: { kind: 'run', nodeId: id, path, attempt: 1, resumed: false } };
      toSkip.push({ nodeId: id, path });
    }
    return { status: pending ? 'pending' : 'done' };
  };

  const visitLoop = (loop: string, path: string, progress: LoopProgress): Plan | undefined => {
    const instance = stateKey(loop, path);
    let ended = memo.ended.get(instance);
    if (!ended) memo.ended.set(instance, (ended = { set: new Set(), from: 0 }));
    let startedHere = started!.get(instance);
    if (!startedHere) started!.set(instance, (startedHere = new Set()));
    let active = 0;
    for (let i = ended.from; i < progress.iterations; i++) {
      if (ended.set.has(i)) {
        if (i === ended.from) ended.from++;
        continue;
      }
      const isStarted = startedHere.has(i);
      // Iterations start in order, and only while fewer than `concurrency` are unfinished.
      if (!isStarted && active >= progress.concurrency) break;
      const itemPath = `${path}.${i}`;
      const skipsBefore = toSkip.length;
      const result = visit(loop, itemPath);
      if ('plan' in result || toSkip.length > skipsBefore) startedHere.add(i);
      if ('plan' in result) return result.plan;
      if (result.status === 'failed') {
        if (!progress.continueOnError) {
          return { kind: 'loop', nodeId: loop, path, outcome: 'failed', item: result.failed, abandon: openSteps(shape, states, loop, `${path}.`) };
        }
        // The failed item's other branches stop where they are.
        toSkip.push(...openSteps(shape, states, loop, `${itemPath}.`), ...openSteps(shape, states, loop, itemPath));
      }
      if (result.status === 'pending') {
        active++;
        continue;
      }
      ended.set.add(i);
      if (i === ended.from) ended.from++;
    }
    return ended.set.size === progress.iterations ? { kind: 'loop', nodeId: loop, path, outcome: 'done', abandon: openSteps(shape, states, loop, `${path}.`) } : undefined;
  };

  const top = visit('', ROOT_PATH);
  if ('plan' in top) return top.plan;
  if (top.status === 'failed') return { kind: 'failed', nodeId: top.failed.nodeId };
  if (toSkip.length) return { kind: 'skip', steps: toSkip };
  if (sleepUntil) return { kind: 'sleep', ...sleepUntil };
  if (top.status === 'done') return { kind: 'done' };
  // Unreachable unless the graph changed under a run; runs are pinned to versions, so this is a bug.
  throw new Error('Run is stuck: some nodes can neither run nor be skipped');
}

/** Which iterations of each loop instance have any step: read once per job, then kept up to date by the planner. */
function startedIterations(shape: LoopShape, states: ReadonlyMap<string, NodeState>): Map<string, Set<number>> {
  const started = new Map<string, Set<number>>();
  for (const key of states.keys()) {
    const { nodeId, path } = parseStateKey(key);
    if (path === ROOT_PATH) continue;
    const chain = shape.chains.get(nodeId) ?? [];
    const parts = path.split('.');
    for (let depth = 0; depth < chain.length; depth++) {
      const instance = stateKey(chain[depth], parts.slice(0, depth + 1).join('.'));
      let set = started.get(instance);
      if (!set) started.set(instance, (set = new Set()));
      set.add(Number(parts[depth + 1]));
    }
  }
  return started;
}

/**
 * Steps of a loop's body still open under a path (a wait not yet over, a retry not yet due): when
 * the iteration or the loop ends without them, they are closed as skipped so no timer of theirs
 * wakes the run again. `prefix` ending in `.` means every path below; otherwise exactly that path.
 */
function openSteps(shape: LoopShape, states: ReadonlyMap<string, NodeState>, loop: string, prefix: string): StepRef[] {
  const open: StepRef[] = [];
  const below = prefix.endsWith('.');
  for (const [key, state] of states) {
    if (!(state.status === 'waiting' || (state.status === 'failed' && state.retryAt))) continue;
    const ref = parseStateKey(key);
    if (below ? !ref.path.startsWith(prefix) : ref.path !== prefix) continue;
    if (shape.chains.get(ref.nodeId)?.includes(loop)) open.push(ref);
  }
  return open;
}

function earlier(current: { until: Date; reason: 'wait' | 'retry' } | undefined, at: Date, reason: 'wait' | 'retry') {
  return !current || at < current.until ? { until: at, reason } : current;
}
