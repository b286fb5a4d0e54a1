import { describe, expect, it } from 'vitest';
import { lookup } from '../../test/catalog.fixture';
import { graphToCanvas } from './convert';
import { hasInput, outputPorts } from './ports';
import { reaches, refuseConnection } from './rules';

const { nodes, edges } = graphToCanvas({
  nodes: [
    { id: 'hook', type: 'core.webhook', params: {}, position: { x: 0, y: 0 } },
    { id: 'check', type: 'core.if', params: {}, position: { x: 0, y: 0 } },
    { id: 'call', type: 'core.http', params: {}, position: { x: 0, y: 0 } },
    { id: 'map', type: 'core.map', params: {}, position: { x: 0, y: 0 } },
    { id: 'route', type: 'core.switch', params: { cases: [{ port: 'won', equals: 1 }, { port: 'lost', equals: 2 }, { port: 'won', equals: 3 }] }, position: { x: 0, y: 0 } },
  ],
  edges: [{ from: 'hook', to: 'check' }, { from: 'check', port: 'true', to: 'call' }, { from: 'call', to: 'map' }],
});

describe('ports', () => {
  it('lists declared ports, switch cases + default, and error for actions', () => {
    expect(outputPorts(lookup('core.if'), {})).toEqual(['true', 'false']);
    expect(outputPorts(lookup('core.http'), {})).toEqual(['out', 'error']);
    expect(outputPorts(lookup('core.switch'), nodes[4].data.params)).toEqual(['won', 'lost', 'default']);
    expect(outputPorts(lookup('core.switch'), {})).toEqual(['default']);
    expect(outputPorts(lookup('core.waitForEvent'), {})).toEqual(['event', 'timeout']);
  });

  it('gives triggers no input', () => {
    expect(hasInput(lookup('core.webhook'))).toBe(false);
    expect(hasInput(lookup('core.map'))).toBe(true);
  });
});

describe('connection rules', () => {
  const attempt = (source: string, sourceHandle: string, target: string) => refuseConnection({ source, sourceHandle, target }, nodes, edges, lookup);

  it('accepts a new forward edge from a real port', () => {
    expect(attempt('check', 'false', 'map')).toBeNull();
    expect(attempt('call', 'error', 'map')).toBeNull();
    expect(attempt('route', 'lost', 'map')).toBeNull();
  });

  it('refuses cycles, including self loops', () => {
    expect(reaches('check', 'map', edges)).toBe(true);
    expect(attempt('map', 'out', 'check')).toBe('cycle');
    expect(attempt('map', 'out', 'map')).toBe('self');
  });

  it('refuses any input into a trigger', () => {
    expect(attempt('map', 'out', 'hook')).toBe('triggerInput');
  });

  it('refuses duplicates and ports the node does not have', () => {
    expect(attempt('check', 'true', 'call')).toBe('duplicate');
    expect(attempt('map', 'error', 'route')).toBe('unknownPort');
    expect(attempt('check', 'out', 'map')).toBe('unknownPort');
  });
});

describe('dynamic port edges', () => {
  const e = (port: string) => ({ id: `route:${port}->x`, source: 'route', sourceHandle: port, target: 'x' });
  it('follows a renamed case and drops edges of removed cases', async () => {
    const { reconcilePortEdges } = await import('./ports');
    expect(reconcilePortEdges('route', ['won', 'default'], ['wonX', 'default'], [e('won'), e('default')]).map((x) => x.sourceHandle)).toEqual(['wonX', 'default']);
    expect(reconcilePortEdges('route', ['won', 'lost', 'default'], ['won', 'default'], [e('won'), e('lost')]).map((x) => x.sourceHandle)).toEqual(['won']);
    const same = [e('won')];
    expect(reconcilePortEdges('route', ['won', 'default'], ['won', 'default'], same)).toBe(same);
  });
});
