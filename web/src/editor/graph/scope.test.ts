import { describe, expect, it } from 'vitest';
import { lookup } from '../../test/catalog.fixture';
import { expressionContext, filterPaths, insertPath } from '../../lib/expression';
import { graphToCanvas } from './convert';
import { nodeStatuses } from './runStatus';
import { buildScope, scopePaths, upstreamOf } from './scope';

const { nodes, edges } = graphToCanvas({
  nodes: [
    { id: 'hook', type: 'core.webhook', params: {}, position: { x: 0, y: 0 } },
    { id: 'map', type: 'core.map', params: {}, position: { x: 0, y: 0 } },
    { id: 'call', type: 'core.http', params: {}, position: { x: 0, y: 0 } },
    { id: 'other', type: 'core.map', params: {}, position: { x: 0, y: 0 } },
  ],
  edges: [{ from: 'hook', to: 'map' }, { from: 'map', to: 'call' }],
});

describe('expression scope', () => {
  it('finds ancestors only', () => {
    expect(upstreamOf('call', edges)).toEqual(['map', 'hook']);
    expect(upstreamOf('other', edges)).toEqual([]);
  });

  it('prefers run output, then samples, then catalogue samples', () => {
    const scope = buildScope('call', nodes, edges, lookup, { samples: { hook: { body: { amount: 99 } } }, runOutputs: { map: { total: 1 } } });
    expect(scope.$trigger).toEqual({ body: { amount: 99 } });
    expect(scope.$steps).toEqual({ map: { total: 1 }, hook: { body: { amount: 99 } } });
    expect(scope.$prev).toEqual({ total: 1 });
    const fallback = buildScope('map', nodes, edges, lookup, {});
    expect(fallback.$trigger).toEqual({ body: { amount: 10, customer: { name: 'Dana' } } });
  });

  it('flattens to paths with bracket notation for odd keys', () => {
    const paths = scopePaths({ $trigger: { lead: { price: 5, customFields: { '900001': 'x' }, tags: ['a'] } }, $steps: {}, $prev: {}, $vars: {} }).map((s) => s.path);
    expect(paths).toContain('$trigger.lead.price');
    expect(paths).toContain('$trigger.lead.customFields["900001"]');
    expect(paths).toContain('$trigger.lead.tags[0]');
  });
});

describe('expression typing helpers', () => {
  it('detects the token inside {{ }} and outside on $', () => {
    expect(expressionContext('Hi {{ $trig', 11)).toEqual({ inside: true, tokenStart: 6, token: '$trig' });
    expect(expressionContext('plain text', 5)).toBeNull();
    expect(expressionContext('$tri', 4)).toEqual({ inside: false, tokenStart: 0, token: '$tri' });
  });

  it('inserts inside an expression, closing it when open, or wraps a bare path', () => {
    const ctx = expressionContext('Hi {{ $tr', 9)!;
    expect(insertPath('Hi {{ $tr', 9, ctx, '$trigger.lead.price')).toEqual({ text: 'Hi {{ $trigger.lead.price }}', caret: 25 });
    const closed = expressionContext('{{ $tr }}', 5)!;
    expect(insertPath('{{ $tr }}', 5, closed, '$trigger.a').text).toBe('{{ $trigger.a }}');
    const bare = expressionContext('$tr', 3)!;
    expect(insertPath('$tr', 3, bare, '$trigger.a').text).toBe('{{ $trigger.a }}');
  });

  it('filters by prefix first', () => {
    const items = ['$trigger.a', '$trigger.b.c', '$steps.x.trigger'].map((path) => ({ path }));
    expect(filterPaths(items, '$trigger.b').map((i) => i.path)).toEqual(['$trigger.b.c']);
    expect(filterPaths(items, 'trigger').map((i) => i.path)).toEqual(['$trigger.a', '$trigger.b.c', '$steps.x.trigger']);
  });
});

describe('run status on the canvas', () => {
  it('uses the last attempt and marks what is running and queued while active', () => {
    const run = {
      status: 'running' as const,
      steps: [
        { id: '1', nodeId: 'hook', status: 'succeeded' as const, port: 'out', attempt: 1, input: null, output: {}, error: null, startedAt: null, finishedAt: null },
      ],
    };
    expect(nodeStatuses(run, edges)).toEqual({ hook: 'succeeded', map: 'running', call: 'queued' });
    const done = { status: 'failed' as const, steps: [...run.steps, { ...run.steps[0], nodeId: 'map', status: 'failed' as const, port: null }] };
    expect(nodeStatuses(done, edges)).toEqual({ hook: 'succeeded', map: 'failed' });
  });

  it('offers $item and $index inside a loop body only, from the items the loop last held', () => {
    const loop = graphToCanvas({
      nodes: [
        { id: 'hook', type: 'core.webhook', params: {}, position: { x: 0, y: 0 } },
        { id: 'rows', type: 'core.forEach', params: {}, position: { x: 0, y: 0 } },
        { id: 'perRow', type: 'core.http', params: {}, position: { x: 0, y: 0 } },
        { id: 'after', type: 'core.map', params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [{ from: 'hook', to: 'rows' }, { from: 'rows', port: 'item', to: 'perRow' }, { from: 'rows', port: 'done', to: 'after' }],
    });
    const inside = buildScope('perRow', loop.nodes, loop.edges, lookup, { runOutputs: { rows: { items: [{ sku: 'A-1', qty: 2 }] } } });
    expect(inside.$item).toEqual({ sku: 'A-1', qty: 2 });
    expect(inside.$index).toBe(0);
    expect(scopePaths(inside).map((s) => s.path)).toEqual(expect.arrayContaining(['$item.sku', '$item.qty', '$index']));
    const after = buildScope('after', loop.nodes, loop.edges, lookup, {});
    expect('$item' in after).toBe(false);
  });
});
