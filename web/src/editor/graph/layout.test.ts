import { describe, expect, it } from 'vitest';
import { graphToCanvas } from './convert';
import { applyPositions, layoutPositions } from './layout';

describe('auto-layout', () => {
  const { nodes, edges } = graphToCanvas({
    nodes: ['a', 'b', 'c', 'd'].map((id) => ({ id, type: 'core.map', params: {} })),
    edges: [{ from: 'a', to: 'b' }, { from: 'a', to: 'c' }, { from: 'b', to: 'd' }, { from: 'c', to: 'd' }],
  });

  it('places nodes left to right by rank without overlaps', () => {
    const pos = layoutPositions(nodes, edges);
    expect(pos.size).toBe(4);
    expect(pos.get('a')!.x).toBeLessThan(pos.get('b')!.x);
    expect(pos.get('b')!.x).toBe(pos.get('c')!.x);
    expect(pos.get('c')!.x).toBeLessThan(pos.get('d')!.x);
    expect(Math.abs(pos.get('b')!.y - pos.get('c')!.y)).toBeGreaterThanOrEqual(80);
  });

  it('lays out 500 nodes quickly', () => {
    const big = graphToCanvas({
      nodes: Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, type: 'core.map', params: {} })),
      edges: Array.from({ length: 499 }, (_, i) => ({ from: `n${Math.floor(i / 2)}`, to: `n${i + 1}` })),
    });
    const started = performance.now();
    const pos = layoutPositions(big.nodes, big.edges);
    expect(pos.size).toBe(500);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('applyPositions keeps untouched nodes identical', () => {
    const moved = applyPositions(nodes, new Map([['a', { x: 5, y: 5 }]]));
    expect(moved[0].position).toEqual({ x: 5, y: 5 });
    expect(moved[1]).toBe(nodes[1]);
  });
});
