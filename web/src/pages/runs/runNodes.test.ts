import { describe, expect, it } from 'vitest';
import { drawNodes } from './runNodes';
import type { TakenPath } from './runPath';

const graph = {
  nodes: [{ id: 'start', type: 'core.manual', params: {}, position: { x: 0, y: 0 } }, { id: 'map', type: 'core.map', params: {}, position: { x: 300, y: 0 } }],
  edges: [{ from: 'start', to: 'map' }],
};
const path = (statuses: Record<string, 'succeeded' | 'running'>): TakenPath => ({ nodes: new Map(Object.entries(statuses)), edges: new Set() });

describe('the run canvas nodes', () => {
  it('take each step status and keep the size React Flow measured, so their handles stay measured', () => {
    const first = drawNodes(graph, path({ start: 'running' }), []);
    expect(first.map((n) => [n.id, n.data.runStatus, n.measured])).toEqual([['start', 'running', undefined], ['map', 'idle', undefined]]);
    const measured = first.map((n) => (n.id === 'start' ? { ...n, measured: { width: 240, height: 72 } } : n));
    const next = drawNodes(graph, path({ start: 'succeeded', map: 'running' }), measured);
    expect(next.map((n) => [n.id, n.data.runStatus, n.measured])).toEqual([['start', 'succeeded', { width: 240, height: 72 }], ['map', 'running', undefined]]);
  });
});
