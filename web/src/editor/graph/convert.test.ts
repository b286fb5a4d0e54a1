import { describe, expect, it } from 'vitest';
import type { FlowGraph } from '../../api/types';
import { canvasToGraph, graphToCanvas } from './convert';

const graph: FlowGraph = {
  schema: 1,
  name: 'Invoice',
  nodes: [
    { id: 'deal', type: 'core.webhook', name: 'Deal', params: { path: 'x' }, position: { x: 0, y: 0 } },
    { id: 'check', type: 'core.if', params: { condition: '{{ $trigger.body.amount > 10 }}' }, position: { x: 280, y: 0 } },
    { id: 'call', type: 'core.http', params: { url: 'https://example.com' }, position: { x: 560, y: -40 }, retry: { attempts: 3, backoff: 'exponential', delayMs: 1000 } },
  ],
  edges: [
    { from: 'deal', to: 'check' },
    { from: 'check', port: 'true', to: 'call' },
  ],
};

describe('graph ↔ canvas', () => {
  it('maps nodes to flow nodes and edges to handles (port defaults to out)', () => {
    const { nodes, edges, needsLayout } = graphToCanvas(graph);
    expect(needsLayout).toBe(false);
    expect(nodes.map((n) => [n.id, n.type, n.data.type])).toEqual([['deal', 'flow', 'core.webhook'], ['check', 'flow', 'core.if'], ['call', 'flow', 'core.http']]);
    expect(edges[0]).toMatchObject({ source: 'deal', sourceHandle: 'out', target: 'check', targetHandle: 'in' });
    expect(edges[1]).toMatchObject({ source: 'check', sourceHandle: 'true', target: 'call' });
    expect(new Set(edges.map((e) => e.id)).size).toBe(2);
  });

  it('keeps flow settings the toolbar does not draw (alerts, concurrency), not only the calendar', () => {
    const settings = { alerts: { notify: { channel: 'email' as const, emailConnection: 'c1', to: ['ops@example.com'] }, digestMinutes: 5 }, concurrency: { perBusinessKey: true } };
    const { nodes, edges } = graphToCanvas(graph);
    expect(canvasToGraph('Invoice', nodes, edges, settings).settings).toEqual(settings);
    expect(canvasToGraph('Invoice', nodes, edges, {}).settings).toBeUndefined();
  });

  it('round-trips to the same flow JSON', () => {
    const { nodes, edges } = graphToCanvas(graph);
    expect(canvasToGraph('Invoice', nodes, edges)).toEqual(graph);
  });

  it('drops edges to missing nodes and asks for a layout when positions are missing', () => {
    const { edges, needsLayout } = graphToCanvas({
      nodes: [{ id: 'a', type: 'core.manual', params: {} }, { id: 'b', type: 'core.map', params: {} }],
      edges: [{ from: 'a', to: 'b' }, { from: 'a', to: 'ghost' }],
    });
    expect(edges).toHaveLength(1);
    expect(needsLayout).toBe(true);
  });

  it('rounds positions, omits blank names and undefined params', () => {
    const { nodes } = graphToCanvas(graph);
    nodes[0] = { ...nodes[0], position: { x: 10.6, y: -3.2 }, data: { ...nodes[0].data, name: '  ', params: { path: 'x', secret: undefined } } };
    const out = canvasToGraph('n', nodes, []);
    expect(out.nodes[0]).toEqual({ id: 'deal', type: 'core.webhook', params: { path: 'x' }, position: { x: 11, y: -3 } });
  });
});
