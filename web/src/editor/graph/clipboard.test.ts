import { describe, expect, it } from 'vitest';
import { copySelection, pasteClip, renameStepRefs } from './clipboard';
import { graphToCanvas } from './convert';

describe('copy/paste', () => {
  const { nodes, edges } = graphToCanvas({
    nodes: [
      { id: 'hook', type: 'core.webhook', params: {}, position: { x: 0, y: 0 } },
      { id: 'map', type: 'core.map', params: { fields: { a: '{{ $steps.hook.body }}' } }, position: { x: 100, y: 0 } },
      { id: 'call', type: 'core.http', params: { url: '{{ $steps.map.a }}/{{ $steps.mapper.b }}' }, position: { x: 200, y: 0 } },
    ],
    edges: [{ from: 'hook', to: 'map' }, { from: 'map', to: 'call' }],
  });

  it('copies selected nodes and only the edges between them', () => {
    const selected = nodes.map((n) => ({ ...n, selected: n.id !== 'hook' }));
    const clip = copySelection(selected, edges)!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['map', 'call']);
    expect(clip.edges).toEqual([{ source: 'map', sourceHandle: 'out', target: 'call' }]);
    expect(copySelection(nodes, edges)).toBeNull();
  });

  it('pastes with fresh ids, offset, remapped edges and $steps references', () => {
    const selected = nodes.map((n) => ({ ...n, selected: n.id !== 'hook' }));
    const clip = copySelection(selected, edges)!;
    const pasted = pasteClip(clip, nodes.map((n) => n.id), { x: 40, y: 40 });
    expect(pasted.nodes.map((n) => n.id)).toEqual(['map2', 'http']);
    expect(pasted.nodes[0].position).toEqual({ x: 140, y: 40 });
    expect(pasted.edges).toEqual([expect.objectContaining({ source: 'map2', sourceHandle: 'out', target: 'http' })]);
    expect(pasted.nodes[1].data.params.url).toBe('{{ $steps.map2.a }}/{{ $steps.mapper.b }}');
    expect(pasted.nodes[0].data.params.fields).toEqual({ a: '{{ $steps.hook.body }}' });
  });

  it('renameStepRefs leaves longer ids alone', () => {
    expect(renameStepRefs('{{ $steps.a.x + $steps.ab.y }}', new Map([['a', 'c']]))).toBe('{{ $steps.c.x + $steps.ab.y }}');
  });
});
