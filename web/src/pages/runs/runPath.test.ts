import { describe, expect, it } from 'vitest';
import type { GraphEdge, RunStep } from '../../api/types';
import { foldSteps, pathEdgeId, stepTitle, takenPath } from './runPath';

const step = (nodeId: string, status: RunStep['status'], port: string | null = null, extra: Partial<RunStep> = {}): RunStep => ({
  id: `${nodeId}-${Math.random()}`, nodeId, status, port, attempt: 1, input: null, output: null, error: null, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z', ...extra,
});

describe('the taken path', () => {
  const edges: GraphEdge[] = [
    { from: 'start', to: 'check' },
    { from: 'check', port: 'true', to: 'invoice' },
    { from: 'check', port: 'false', to: 'remind' },
    { from: 'invoice', to: 'notify' },
    { from: 'invoice', port: 'error', to: 'alert' },
  ];

  it('goes along the edges whose source left through their port and whose target ran', () => {
    const path = takenPath(edges, [step('start', 'succeeded'), step('check', 'succeeded', 'true'), step('invoice', 'failed'), step('remind', 'skipped')]);
    expect([...path.edges]).toEqual(['start:out->check', 'check:true->invoice']);
    expect(Object.fromEntries(path.nodes)).toEqual({ start: 'succeeded', check: 'succeeded', invoice: 'failed', remind: 'skipped' });
  });

  it('follows an error port when the failure went there', () => {
    const path = takenPath(edges, [step('start', 'succeeded'), step('check', 'succeeded', 'true'), step('invoice', 'failed', 'error'), step('alert', 'succeeded')]);
    expect(path.edges.has(pathEdgeId({ from: 'invoice', port: 'error', to: 'alert' }))).toBe(true);
    expect(path.edges.has('invoice:out->notify')).toBe(false);
  });

  it('does not draw an edge to a node that has not run yet', () => {
    const path = takenPath(edges, [step('start', 'succeeded'), step('check', 'running', null, { finishedAt: null })]);
    expect([...path.edges]).toEqual(['start:out->check']);
  });

  it('draws a loop\'s item edge when its body ran inside the items, and its done edge at the end', () => {
    const loopEdges: GraphEdge[] = [{ from: 'rows', port: 'item', to: 'shape' }, { from: 'rows', port: 'done', to: 'after' }];
    const steps = [step('rows', 'succeeded', 'done', { iterationPath: '0' }), step('shape', 'succeeded', null, { iterationPath: '0.0' }), step('after', 'succeeded', null, { iterationPath: '0' })];
    expect([...takenPath(loopEdges, steps, new Set(['rows'])).edges]).toEqual(['rows:item->shape', 'rows:done->after']);
    const empty = [step('rows', 'succeeded', 'done', { iterationPath: '0' }), step('after', 'succeeded', null, { iterationPath: '0' })];
    expect([...takenPath(loopEdges, empty, new Set(['rows'])).edges]).toEqual(['rows:done->after']);
  });

  it('colours a node that ran in several loop items by its most urgent status', () => {
    const path = takenPath([], [step('item', 'succeeded', null, { iterationPath: '0.0' }), step('item', 'failed', null, { iterationPath: '0.1' }), step('item', 'succeeded', null, { iterationPath: '0.2' })]);
    expect(path.nodes.get('item')).toBe('failed');
  });
});

describe('folding steps into timeline rows', () => {
  it('shows a resumed wait as one row with its waiting row in the history', () => {
    const rows = foldSteps([
      step('start', 'succeeded'),
      step('paid', 'waiting', null, { finishedAt: null }),
      step('paid', 'succeeded', 'event', { startedAt: '2026-01-02T00:00:00Z' }),
    ]);
    expect(rows.map((r) => [r.nodeId, r.status])).toEqual([['start', 'succeeded'], ['paid', 'succeeded']]);
    expect(rows[1].history).toEqual([{ status: 'waiting', port: null, attempt: 1, startedAt: '2026-01-01T00:00:00Z', finishedAt: null, error: null }]);
  });

  it('keeps loop items apart and adds earlier attempts in order', () => {
    const rows = foldSteps([
      step('send', 'failed', null, { iterationPath: '0.0', attempt: 1, error: { message: 'timeout' } }),
      step('send', 'succeeded', null, { iterationPath: '0.1' }),
      step('send', 'succeeded', null, { iterationPath: '0.0', attempt: 2 }),
    ]);
    expect(rows.map((r) => [r.iterationPath, r.attempt, r.history?.length ?? 0])).toEqual([['0.0', 2, 1], ['0.1', 1, 0]]);
    expect(rows[0].history![0].error).toEqual({ message: 'timeout' });
  });

  it('leaves rows the server already folded as they are', () => {
    const folded = [step('paid', 'succeeded', 'event', { history: [{ status: 'waiting', port: null, attempt: 1, startedAt: null, finishedAt: null, error: null }] })];
    expect(foldSteps(folded)).toEqual(folded);
  });
});

describe('step titles', () => {
  const nodes = new Map([['send', { type: 'core.http', name: 'Send invoice to CRM' }], ['map', { type: 'core.map', name: '  ' }]]);
  const titleOf = (type: string) => (type === 'core.map' ? 'Set fields' : undefined);
  it('uses the name on the canvas, then the catalogue title, then the id', () => {
    expect(stepTitle('send', nodes, titleOf)).toBe('Send invoice to CRM');
    expect(stepTitle('map', nodes, titleOf)).toBe('Set fields');
    expect(stepTitle('gone', nodes, titleOf)).toBe('gone');
  });
});
