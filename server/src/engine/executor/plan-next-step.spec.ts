import { nodesByType } from '@flowbridge/nodes';
import type { FlowEdge, FlowGraph } from '@flowbridge/nodes/sdk';
import { planNextStep, type NodeState } from './plan-next-step';

const lookup = (type: string) => nodesByType.get(type);
const NOW = new Date('2026-03-02T10:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

function graph(nodes: Record<string, string>, edges: FlowEdge[]): FlowGraph {
  return { schema: 1, nodes: Object.entries(nodes).map(([id, type]) => ({ id, type, params: {} })), edges };
}

const refs = (...nodeIds: string[]) => nodeIds.map((nodeId) => ({ nodeId, path: '0' }));
const e = (from: string, to: string, port?: string): FlowEdge => (port ? { from, to, port } : { from, to });

function ok(port: string | null = 'out', attempt = 1): NodeState {
  return { status: 'succeeded', port, attempt, wakeAt: null, retryAt: null };
}
const skipped = (): NodeState => ({ status: 'skipped', port: null, attempt: 0, wakeAt: null, retryAt: null });
const failed = (extra: Partial<NodeState> = {}): NodeState => ({ status: 'failed', port: null, attempt: 1, wakeAt: null, retryAt: null, ...extra });
const waiting = (wakeAt: Date | null, attempt = 1): NodeState => ({ status: 'waiting', port: null, attempt, wakeAt, retryAt: null });

function plan(g: FlowGraph, states: Record<string, NodeState>, trigger = 'hook', now = NOW) {
  return planNextStep(g, new Map(Object.entries(states)), trigger, lookup, now);
}

/** Drives the planner like the executor does, with every run succeeding on `out` (or on the port given). */
function drive(g: FlowGraph, ports: Record<string, string> = {}, trigger = 'hook'): { ran: string[]; skipped: string[] } {
  const states = new Map<string, NodeState>([[trigger, ok()]]);
  const ran: string[] = [];
  const skippedIds: string[] = [];
  for (let i = 0; i < 50; i++) {
    const next = planNextStep(g, states, trigger, lookup, NOW);
    if (next.kind === 'done') return { ran, skipped: skippedIds };
    if (next.kind === 'run') {
      ran.push(next.nodeId);
      states.set(next.nodeId, ok(ports[next.nodeId] ?? 'out'));
    } else if (next.kind === 'skip') {
      skippedIds.push(...next.steps.map((s) => s.nodeId));
      for (const s of next.steps) states.set(s.nodeId, skipped());
    } else {
      throw new Error(`unexpected plan ${JSON.stringify(next)}`);
    }
  }
  throw new Error('planner did not finish');
}

describe('planNextStep', () => {
  describe('linear flow', () => {
    const g = graph({ hook: 'core.webhook', a: 'core.map', b: 'core.http', c: 'core.map' }, [e('hook', 'a'), e('a', 'b'), e('b', 'c')]);

    it('runs the first node after the trigger', () => {
      expect(plan(g, { hook: ok() })).toEqual({ kind: 'run', nodeId: 'a', path: '0', attempt: 1, resumed: false });
    });

    it('runs the next node once its source succeeded', () => {
      expect(plan(g, { hook: ok(), a: ok() })).toEqual({ kind: 'run', nodeId: 'b', path: '0', attempt: 1, resumed: false });
      expect(plan(g, { hook: ok(), a: ok(), b: ok() })).toEqual({ kind: 'run', nodeId: 'c', path: '0', attempt: 1, resumed: false });
    });

    it('runs the nodes in order and then is done', () => {
      expect(drive(g)).toEqual({ ran: ['a', 'b', 'c'], skipped: [] });
    });

    it('is done once every node succeeded', () => {
      expect(plan(g, { hook: ok(), a: ok(), b: ok(), c: ok() })).toEqual({ kind: 'done' });
    });

    it('runs nothing before the trigger has its step', () => {
      expect(() => plan(g, {})).toThrow(/stuck/);
    });
  });

  describe('if branches', () => {
    const g = graph(
      { hook: 'core.webhook', check: 'core.if', yes: 'core.map', no: 'core.map', afterNo: 'core.map' },
      [e('hook', 'check'), e('check', 'yes', 'true'), e('check', 'no', 'false'), e('no', 'afterNo')],
    );

    it('runs the branch of the port that fired', () => {
      expect(plan(g, { hook: ok(), check: ok('true') })).toEqual({ kind: 'run', nodeId: 'yes', path: '0', attempt: 1, resumed: false });
    });

    it('skips the branch that was not taken', () => {
      expect(plan(g, { hook: ok(), check: ok('true'), yes: ok() })).toEqual({ kind: 'skip', steps: refs('no') });
    });

    it('skips the whole dead path, node by node', () => {
      expect(plan(g, { hook: ok(), check: ok('true'), yes: ok(), no: skipped() })).toEqual({ kind: 'skip', steps: refs('afterNo') });
      expect(drive(g, { check: 'true' })).toEqual({ ran: ['check', 'yes'], skipped: ['no', 'afterNo'] });
    });

    it('takes the false branch the same way', () => {
      expect(drive(g, { check: 'false' })).toEqual({ ran: ['check', 'no', 'afterNo'], skipped: ['yes'] });
    });
  });

  describe('joins', () => {
    const g = graph(
      { hook: 'core.webhook', check: 'core.if', yes: 'core.map', no: 'core.map', join: 'core.http' },
      [e('hook', 'check'), e('check', 'yes', 'true'), e('check', 'no', 'false'), e('yes', 'join'), e('no', 'join')],
    );

    it('waits while an input is still unresolved', () => {
      expect(plan(g, { hook: ok(), check: ok('true'), yes: ok() })).toEqual({ kind: 'skip', steps: refs('no') });
    });

    it('runs once when one input fired and the other was skipped', () => {
      expect(plan(g, { hook: ok(), check: ok('true'), yes: ok(), no: skipped() })).toEqual({ kind: 'run', nodeId: 'join', path: '0', attempt: 1, resumed: false });
      expect(plan(g, { hook: ok(), check: ok('true'), yes: ok(), no: skipped(), join: ok() })).toEqual({ kind: 'done' });
      expect(drive(g, { check: 'true' }).ran).toEqual(['check', 'yes', 'join']);
    });

    it('runs once when both inputs fired', () => {
      const parallel = graph({ hook: 'core.webhook', a: 'core.map', b: 'core.map', join: 'core.map' }, [e('hook', 'a'), e('hook', 'b'), e('a', 'join'), e('b', 'join')]);
      expect(plan(parallel, { hook: ok(), a: ok() })).toEqual({ kind: 'run', nodeId: 'b', path: '0', attempt: 1, resumed: false });
      expect(drive(parallel).ran).toEqual(['a', 'b', 'join']);
    });

    it('is skipped when every input was skipped', () => {
      const dead = graph(
        { hook: 'core.webhook', check: 'core.if', a: 'core.map', b: 'core.map', join: 'core.map' },
        [e('hook', 'check'), e('check', 'a', 'true'), e('check', 'b', 'true'), e('a', 'join'), e('b', 'join')],
      );
      expect(plan(dead, { hook: ok(), check: ok('false') })).toEqual({ kind: 'skip', steps: refs('a', 'b') });
      expect(plan(dead, { hook: ok(), check: ok('false'), a: skipped(), b: skipped() })).toEqual({ kind: 'skip', steps: refs('join') });
    });

    it('runs a node fed by two ports of the same condition whichever fired', () => {
      const both = graph({ hook: 'core.webhook', check: 'core.if', after: 'core.map' }, [e('hook', 'check'), e('check', 'after', 'true'), e('check', 'after', 'false')]);
      expect(plan(both, { hook: ok(), check: ok('false') })).toEqual({ kind: 'run', nodeId: 'after', path: '0', attempt: 1, resumed: false });
    });
  });

  describe('switch', () => {
    it('runs the case that fired and skips the others', () => {
      const g = graph(
        { hook: 'core.webhook', route: 'core.switch', won: 'core.map', lost: 'core.map', other: 'core.map' },
        [e('hook', 'route'), e('route', 'won', 'won'), e('route', 'lost', 'lost'), e('route', 'other', 'default')],
      );
      expect(drive(g, { route: 'lost' })).toEqual({ ran: ['route', 'lost'], skipped: ['won', 'other'] });
    });
  });

  describe('error port', () => {
    const g = graph(
      { hook: 'core.webhook', call: 'core.http', next: 'core.map', onError: 'core.map' },
      [e('hook', 'call'), e('call', 'next'), e('call', 'onError', 'error')],
    );

    it('fires only the error edges of a failure routed to the error port', () => {
      const routed = { hook: ok(), call: failed({ port: 'error' }) };
      expect(plan(g, routed)).toEqual({ kind: 'run', nodeId: 'onError', path: '0', attempt: 1, resumed: false });
      expect(plan(g, { ...routed, onError: ok() })).toEqual({ kind: 'skip', steps: refs('next') });
      expect(plan(g, { ...routed, onError: ok(), next: skipped() })).toEqual({ kind: 'done' });
    });

    it('skips the error branch when the node succeeded', () => {
      expect(plan(g, { hook: ok(), call: ok(), next: ok() })).toEqual({ kind: 'skip', steps: refs('onError') });
    });
  });

  describe('failures and retries', () => {
    const g = graph({ hook: 'core.webhook', call: 'core.http', after: 'core.map' }, [e('hook', 'call'), e('call', 'after')]);

    it('reports a final failure', () => {
      expect(plan(g, { hook: ok(), call: failed({ attempt: 3 }) })).toEqual({ kind: 'failed', nodeId: 'call' });
    });

    it('runs the next attempt once the retry is due', () => {
      expect(plan(g, { hook: ok(), call: failed({ attempt: 1, retryAt: at(-1) }) })).toEqual({ kind: 'run', nodeId: 'call', path: '0', attempt: 2, resumed: false });
      expect(plan(g, { hook: ok(), call: failed({ attempt: 2, retryAt: NOW }) })).toEqual({ kind: 'run', nodeId: 'call', path: '0', attempt: 3, resumed: false });
    });

    it('sleeps until the retry is due', () => {
      expect(plan(g, { hook: ok(), call: failed({ retryAt: at(5000) }) })).toEqual({ kind: 'sleep', until: at(5000), reason: 'retry' });
    });

    it('keeps running other branches while a retry is pending', () => {
      const branches = graph({ hook: 'core.webhook', call: 'core.http', other: 'core.map' }, [e('hook', 'call'), e('hook', 'other')]);
      expect(plan(branches, { hook: ok(), call: failed({ retryAt: at(5000) }) })).toEqual({ kind: 'run', nodeId: 'other', path: '0', attempt: 1, resumed: false });
      expect(plan(branches, { hook: ok(), call: failed({ retryAt: at(5000) }), other: ok() })).toEqual({ kind: 'sleep', until: at(5000), reason: 'retry' });
    });
  });

  describe('waits', () => {
    const g = graph({ hook: 'core.webhook', wait: 'core.delay', after: 'core.map' }, [e('hook', 'wait'), e('wait', 'after')]);

    it('sleeps until a waiting node wakes', () => {
      expect(plan(g, { hook: ok(), wait: waiting(at(3_600_000)) })).toEqual({ kind: 'sleep', until: at(3_600_000), reason: 'wait' });
    });

    it('resumes a waiting node once wakeAt has passed, with the same attempt', () => {
      expect(plan(g, { hook: ok(), wait: waiting(at(-1), 2) })).toEqual({ kind: 'run', nodeId: 'wait', path: '0', attempt: 2, resumed: true });
      expect(plan(g, { hook: ok(), wait: waiting(NOW) })).toEqual({ kind: 'run', nodeId: 'wait', path: '0', attempt: 1, resumed: true });
    });

    it('continues after the wait succeeded', () => {
      expect(plan(g, { hook: ok(), wait: ok() })).toEqual({ kind: 'run', nodeId: 'after', path: '0', attempt: 1, resumed: false });
    });

    it('follows the port a resumed wait-for-event left on', () => {
      const events = graph(
        { hook: 'core.webhook', pay: 'core.waitForEvent', paid: 'core.map', remind: 'core.http' },
        [e('hook', 'pay'), e('pay', 'paid', 'event'), e('pay', 'remind', 'timeout')],
      );
      expect(plan(events, { hook: ok(), pay: waiting(at(86_400_000)) })).toEqual({ kind: 'sleep', until: at(86_400_000), reason: 'wait' });
      expect(drive(events, { pay: 'timeout' })).toEqual({ ran: ['pay', 'remind'], skipped: ['paid'] });
    });

    it('sleeps until the earliest of several waits and retries', () => {
      const parallel = graph(
        { hook: 'core.webhook', w1: 'core.delay', w2: 'core.delay', call: 'core.http' },
        [e('hook', 'w1'), e('hook', 'w2'), e('hook', 'call')],
      );
      const states = { hook: ok(), w1: waiting(at(60_000)), w2: waiting(at(10_000)), call: failed({ retryAt: at(30_000) }) };
      expect(plan(parallel, states)).toEqual({ kind: 'sleep', until: at(10_000), reason: 'wait' });
      expect(plan(parallel, { ...states, w2: ok() })).toEqual({ kind: 'sleep', until: at(30_000), reason: 'retry' });
    });
  });

  describe('several triggers', () => {
    const g = graph(
      { hook: 'core.webhook', button: 'core.manual', fromHook: 'core.map', fromButton: 'core.map', shared: 'core.map' },
      [e('hook', 'fromHook'), e('button', 'fromButton'), e('hook', 'shared'), e('button', 'shared')],
    );

    it('counts the triggers that did not start the run as skipped', () => {
      expect(drive(g, {}, 'hook')).toEqual({ ran: ['fromHook', 'shared'], skipped: ['fromButton'] });
      expect(drive(g, {}, 'button')).toEqual({ ran: ['fromButton', 'shared'], skipped: ['fromHook'] });
    });

    it('never plans a trigger', () => {
      expect(plan(g, { hook: ok(), fromHook: ok(), fromButton: skipped(), shared: ok() })).toEqual({ kind: 'done' });
    });
  });

  it('skips a node without incoming edges', () => {
    const g = graph({ hook: 'core.webhook', a: 'core.map', orphan: 'core.map' }, [e('hook', 'a')]);
    expect(drive(g)).toEqual({ ran: ['a'], skipped: ['orphan'] });
  });

  it('treats a succeeded node without a port as having fired out', () => {
    const g = graph({ hook: 'core.webhook', a: 'core.map', b: 'core.map' }, [e('hook', 'a'), e('a', 'b')]);
    expect(plan(g, { hook: ok(), a: ok(null) })).toEqual({ kind: 'run', nodeId: 'b', path: '0', attempt: 1, resumed: false });
  });
});
