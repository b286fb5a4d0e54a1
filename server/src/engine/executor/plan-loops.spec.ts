import { nodesByType } from '@flowbridge/nodes';
import type { FlowEdge, FlowGraph } from '@flowbridge/nodes/sdk';
import { newPlanMemo, planNextStep, stateKey, type NodeState, type Plan } from './plan-next-step';

const lookup = (type: string) => nodesByType.get(type);
const NOW = new Date('2026-03-02T10:00:00.000Z');
const later = new Date(NOW.getTime() + 60_000);

const graph = (nodes: Record<string, string>, edges: FlowEdge[]): FlowGraph =>
  ({ schema: 1, nodes: Object.entries(nodes).map(([id, type]) => ({ id, type, params: {} })), edges });
const e = (from: string, to: string, port?: string): FlowEdge => (port ? { from, to, port } : { from, to });

const ok = (port = 'out'): NodeState => ({ status: 'succeeded', port, attempt: 1, wakeAt: null, retryAt: null });
const looping = (iterations: number, concurrency = 1, continueOnError = false): NodeState =>
  ({ status: 'waiting', port: null, attempt: 1, wakeAt: null, retryAt: null, output: { iterations, concurrency, continueOnError } });

/**
 * Drives the planner as the executor does: every node succeeds, a loop starts with `iterations`,
 * nodes listed in `fail` fail for good at the paths given, `wait` nodes park until `later`.
 */
function drive(g: FlowGraph, options: { iterations?: Record<string, number>; concurrency?: number; continueOnError?: boolean; fail?: string[]; wait?: string[] } = {}) {
  const states = new Map<string, NodeState>([['hook', ok()]]);
  const memo = newPlanMemo();
  const log: string[] = [];
  for (let i = 0; i < 500; i++) {
    const plan: Plan = planNextStep(g, states, 'hook', lookup, NOW, memo);
    switch (plan.kind) {
      case 'run': {
        const key = stateKey(plan.nodeId, plan.path);
        log.push(`run ${key}`);
        if (lookup(g.nodes.find((n) => n.id === plan.nodeId)!.type)?.kind === 'loop') {
          states.set(key, looping(options.iterations?.[plan.nodeId] ?? 2, options.concurrency, options.continueOnError));
        } else if (options.fail?.includes(key)) {
          states.set(key, { status: 'failed', port: null, attempt: 1, wakeAt: null, retryAt: null });
        } else if (options.wait?.includes(plan.nodeId) && !plan.resumed) {
          states.set(key, { status: 'waiting', port: null, attempt: 1, wakeAt: later, retryAt: null });
        } else {
          states.set(key, ok());
        }
        break;
      }
      case 'skip':
        for (const s of plan.steps) {
          log.push(`skip ${stateKey(s.nodeId, s.path)}`);
          states.set(stateKey(s.nodeId, s.path), { status: 'skipped', port: null, attempt: 0, wakeAt: null, retryAt: null });
        }
        break;
      case 'loop':
        log.push(plan.outcome === 'done' ? `done ${plan.nodeId}@${plan.path}` : `failed ${plan.nodeId}@${plan.path} at ${stateKey(plan.item.nodeId, plan.item.path)}, abandon ${plan.abandon.map((s) => stateKey(s.nodeId, s.path)).join(' ') || '-'}`);
        for (const s of plan.abandon) states.set(stateKey(s.nodeId, s.path), { status: 'skipped', port: null, attempt: 0, wakeAt: null, retryAt: null });
        states.set(stateKey(plan.nodeId, plan.path), plan.outcome === 'done' ? ok('done') : { status: 'failed', port: null, attempt: 1, wakeAt: null, retryAt: null });
        break;
      case 'sleep':
        return { log, sleep: plan.until };
      default:
        return { log, end: plan.kind };
    }
  }
  throw new Error('planner did not finish');
}

describe('planNextStep with loops', () => {
  const simple = graph({ hook: 'core.webhook', loop: 'core.forEach', a: 'core.map', b: 'core.map', after: 'core.map' },
    [e('hook', 'loop'), e('loop', 'a', 'item'), e('a', 'b'), e('loop', 'after', 'done')]);

  it('runs the body once per item, in order, each item under its own path, then goes on from done', () => {
    expect(drive(simple, { iterations: { loop: 3 } }).log).toEqual([
      'run loop', 'run a@0.0', 'run b@0.0', 'run a@0.1', 'run b@0.1', 'run a@0.2', 'run b@0.2', 'done loop@0', 'run after',
    ]);
  });

  it('resumes from stored state without repeating an item that ended', () => {
    const states = new Map<string, NodeState>([['hook', ok()], ['loop', looping(3)], [stateKey('a', '0.0'), ok()], [stateKey('b', '0.0'), ok()], [stateKey('a', '0.1'), ok()]]);
    expect(planNextStep(simple, states, 'hook', lookup, NOW)).toEqual({ kind: 'run', nodeId: 'b', path: '0.1', attempt: 1, resumed: false });
  });

  it('starts later items while earlier ones wait, up to the concurrency, in order', () => {
    const waits = graph({ hook: 'core.webhook', loop: 'core.forEach', w: 'core.delay', after: 'core.map' },
      [e('hook', 'loop'), e('loop', 'w', 'item'), e('loop', 'after', 'done')]);
    const result = drive(waits, { iterations: { loop: 5 }, concurrency: 2, wait: ['w'] });
    expect(result.log).toEqual(['run loop', 'run w@0.0', 'run w@0.1']);
    expect(result.sleep).toEqual(later);
  });

  it('fails the loop at the first failed item and closes what other items left open', () => {
    const waits = graph({ hook: 'core.webhook', loop: 'core.forEach', w: 'core.delay', a: 'core.map', after: 'core.map' },
      [e('hook', 'loop'), e('loop', 'w', 'item'), e('loop', 'a', 'item'), e('loop', 'after', 'done')]);
    const result = drive(waits, { iterations: { loop: 3 }, concurrency: 2, wait: ['w'], fail: [stateKey('a', '0.1')] });
    expect(result.log).toEqual(['run loop', 'run w@0.0', 'run a@0.0', 'run w@0.1', 'run a@0.1', 'failed loop@0 at a@0.1, abandon w@0.0 w@0.1']);
    expect(result.end).toBe('failed');
  });

  it('goes on past a failed item when told to, skipping that item’s other branches', () => {
    const g = graph({ hook: 'core.webhook', loop: 'core.forEach', a: 'core.map', b: 'core.map', after: 'core.map' },
      [e('hook', 'loop'), e('loop', 'a', 'item'), e('a', 'b'), e('loop', 'after', 'done')]);
    expect(drive(g, { iterations: { loop: 3 }, continueOnError: true, fail: [stateKey('a', '0.1')] }).log).toEqual([
      'run loop', 'run a@0.0', 'run b@0.0', 'run a@0.1', 'run a@0.2', 'run b@0.2', 'done loop@0', 'run after',
    ]);
  });

  it('nests: an inner loop runs per outer item, its items under the outer item’s path', () => {
    const nested = graph({ hook: 'core.webhook', outer: 'core.forEach', inner: 'core.forEach', x: 'core.map', y: 'core.map', after: 'core.map' },
      [e('hook', 'outer'), e('outer', 'inner', 'item'), e('inner', 'x', 'item'), e('inner', 'y', 'done'), e('outer', 'after', 'done')]);
    expect(drive(nested, { iterations: { outer: 2, inner: 2 } }).log).toEqual([
      'run outer',
      'run inner@0.0', 'run x@0.0.0', 'run x@0.0.1', 'done inner@0.0', 'run y@0.0',
      'run inner@0.1', 'run x@0.1.0', 'run x@0.1.1', 'done inner@0.1', 'run y@0.1',
      'done outer@0', 'run after',
    ]);
  });

  it('skips dead branches inside an item, per item', () => {
    const g = graph({ hook: 'core.webhook', loop: 'core.forEach', check: 'core.if', yes: 'core.map', no: 'core.map' },
      [e('hook', 'loop'), e('loop', 'check', 'item'), e('check', 'yes', 'true'), e('check', 'no', 'false')]);
    const states = new Map<string, NodeState>([['hook', ok()], ['loop', looping(1)], [stateKey('check', '0.0'), ok('true')]]);
    expect(planNextStep(g, states, 'hook', lookup, NOW)).toEqual({ kind: 'run', nodeId: 'yes', path: '0.0', attempt: 1, resumed: false });
    states.set(stateKey('yes', '0.0'), ok());
    expect(planNextStep(g, states, 'hook', lookup, NOW)).toEqual({ kind: 'skip', steps: [{ nodeId: 'no', path: '0.0' }] });
  });

  it('is done at once with no items', () => {
    const states = new Map<string, NodeState>([['hook', ok()], ['loop', looping(0)]]);
    expect(planNextStep(simple, states, 'hook', lookup, NOW)).toEqual({ kind: 'loop', nodeId: 'loop', path: '0', outcome: 'done', abandon: [] });
  });
});
