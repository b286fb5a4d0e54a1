import { beforeEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../test/catalog.fixture';
import { useCatalog } from './catalogStore';
import { useEditor } from './editorStore';

const flow = {
  id: 'f1', name: 'Flow', publishedVersion: null, revision: 1, problems: [], createdAt: '', updatedAt: '',
  graph: {
    schema: 1 as const,
    nodes: [
      { id: 'hook', type: 'core.webhook', params: { path: 'a' }, position: { x: 0, y: 0 } },
      { id: 'route', type: 'core.switch', params: { cases: [{ port: 'won', equals: 1 }] }, position: { x: 300, y: 0 } },
      { id: 'map', type: 'core.map', params: {}, position: { x: 600, y: 0 } },
    ],
    edges: [{ from: 'hook', to: 'route' }, { from: 'route', port: 'won', to: 'map' }],
  },
};

const state = () => useEditor.getState();
const ids = () => state().nodes.map((n) => n.id);

describe('editor store', () => {
  beforeEach(() => {
    useCatalog.getState().setEntries(CATALOG);
    state().load(flow, { readOnly: false });
  });

  it('adds a node with default params and a readable id, and undo/redo it', () => {
    const id = state().addNode('core.http', { x: 10, y: 10 });
    expect(id).toBe('http');
    expect(state().nodes.at(-1)?.data.params).toEqual({ method: 'POST' });
    expect(state().inspectedId).toBe('http');
    state().undo();
    expect(ids()).toEqual(['hook', 'route', 'map']);
    state().redo();
    expect(ids()).toEqual(['hook', 'route', 'map', 'http']);
  });

  it('refuses cycles and trigger inputs when connecting', () => {
    expect(state().connect({ source: 'map', sourceHandle: 'out', target: 'hook', targetHandle: 'in' })).toBe('triggerInput');
    expect(state().connect({ source: 'map', sourceHandle: 'out', target: 'route', targetHandle: 'in' })).toBe('cycle');
    expect(state().edges).toHaveLength(2);
    expect(state().connect({ source: 'route', sourceHandle: 'default', target: 'map', targetHandle: 'in' })).toBeNull();
    expect(state().edges).toHaveLength(3);
  });

  it('deletes the selection with its edges as one undo step', () => {
    state().select('route');
    state().deleteSelection();
    expect(ids()).toEqual(['hook', 'map']);
    expect(state().edges).toEqual([]);
    state().undo();
    expect(ids()).toEqual(['hook', 'route', 'map']);
    expect(state().edges).toHaveLength(2);
  });

  it('coalesces typing in one field into one undo step and bumps the revision each time', () => {
    const start = state().revision;
    state().setParam('map', 'fields', { a: '1' });
    state().setParam('map', 'fields', { a: '12' });
    expect(state().revision).toBe(start + 2);
    state().undo();
    expect(state().nodes.find((n) => n.id === 'map')?.data.params).toEqual({});
  });

  it('renaming a switch case keeps its edge attached', () => {
    state().setParam('route', 'cases', [{ port: 'paid', equals: 1 }]);
    expect(state().edges.find((e) => e.source === 'route')?.sourceHandle).toBe('paid');
    state().setParam('route', 'cases', []);
    expect(state().edges.filter((e) => e.source === 'route')).toEqual([]);
  });

  it('pastes copies with new ids', () => {
    state().select('map');
    const clip = state().copy();
    state().paste(clip);
    expect(ids()).toEqual(['hook', 'route', 'map', 'map2']);
    expect(state().nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['map2']);
  });

  it('is inert when read-only', () => {
    state().load(flow, { readOnly: true });
    expect(state().addNode('core.map', { x: 0, y: 0 })).toBeNull();
    state().select('map');
    state().deleteSelection();
    expect(ids()).toEqual(['hook', 'route', 'map']);
  });

  it('tracks save state and problems from the server', () => {
    state().setParam('map', 'fields', { a: '1' });
    const revision = state().revision;
    state().saveStarted();
    expect(state().saveState).toBe('saving');
    state().saveFailed('bad', [{ nodeId: 'map', field: 'fields.a', message: 'Bad expression' }]);
    expect(state().saveState).toBe('error');
    expect(state().problems.byNode.map).toHaveLength(1);
    state().saveSucceeded(revision, { problems: [], publishedVersion: 2, revision: 2 });
    expect(state().serverRevision).toBe(2);
    expect(state().saveState).toBe('saved');
    expect(state().problems.total).toBe(0);
    expect(state().publishedVersion).toBe(2);
  });
});
