import { nodesByType } from '../registry';
import { edgePort, GRAPH_LIMITS, parseGraph, validateGraph, type FlowEdge, type FlowGraph, type FlowNode, type GraphProblem } from './graph';

/** Stands in for the sandbox syntax check: only unbalanced parentheses are "bad syntax". */
function checkExpression(expression: string): string | null {
  let depth = 0;
  for (const ch of expression) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) return 'Unexpected token )';
  }
  return depth === 0 ? null : 'Unexpected end of input';
}

const options = { lookup: (type: string) => nodesByType.get(type), checkExpression };

function node(id: string, type: string, params: Record<string, unknown> = {}): FlowNode {
  return { id, type, params };
}

function flow(nodes: FlowNode[], edges: FlowEdge[] = []): FlowGraph {
  return { schema: 1, nodes, edges };
}

const hook = () => node('hook', 'core.webhook', { path: 'deal-won' });
const map = (id = 'shape') => node(id, 'core.map', { fields: { total: '{{ $trigger.body.total }}' } });

/** The problems as a person reads them; their codes and params are checked on their own below. */
function validate(graph: FlowGraph): GraphProblem[] {
  return validateGraph(graph, options).map(({ code: _code, params: _params, ...problem }) => problem);
}

describe('parseGraph', () => {
  it('refuses a graph over the size limits before parsing it, naming the limit', () => {
    const edges = Array.from({ length: GRAPH_LIMITS.edges + 1 }, () => ({ from: 'a', to: 'b' }));
    expect(parseGraph({ nodes: [], edges }).problems).toEqual([{ field: 'edges', message: `edges: the flow has ${edges.length} edges, more than the limit of ${GRAPH_LIMITS.edges}`, code: 'tooLarge', params: { what: 'edges', count: edges.length, limit: GRAPH_LIMITS.edges } }]);
    const nodes = Array.from({ length: GRAPH_LIMITS.nodes + 1 }, (_, i) => ({ id: `n${i}`, type: 'core.map' }));
    expect(parseGraph({ nodes, edges: [] }).problems[0]).toMatchObject({ field: 'nodes' });
    const huge = parseGraph({ nodes: [{ id: 'big', type: 'core.map', params: { fields: { x: 'y'.repeat(GRAPH_LIMITS.paramBytes) } } }] });
    expect(huge.problems).toEqual([expect.objectContaining({ nodeId: 'big', field: 'params.fields' })]);
  });

  it('accepts a well-formed flow and fills in the defaults', () => {
    const { graph, problems } = parseGraph({
      name: 'Invoice',
      nodes: [{ id: 'hook', type: 'core.webhook', params: { path: 'x' } }, { id: 'shape', type: 'core.map' }],
      edges: [{ from: 'hook', to: 'shape' }],
    });
    expect(problems).toEqual([]);
    expect(graph).toMatchObject({ schema: 1, name: 'Invoice', edges: [{ from: 'hook', to: 'shape' }] });
    expect(graph!.nodes[1].params).toEqual({});
    expect(edgePort(graph!.edges[0])).toBe('out');
  });

  it('defaults edges to an empty list', () => {
    expect(parseGraph({ nodes: [] }).graph?.edges).toEqual([]);
  });

  it('names the node id and the field of a shape error', () => {
    const { graph, problems } = parseGraph({
      nodes: [
        { id: 'hook', type: 'core.webhook' },
        { id: 'invoice', type: 42 },
        { id: 'notify', type: 'core.http', params: 'not an object' },
      ],
    });
    expect(graph).toBeUndefined();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ nodeId: 'invoice', field: 'nodes.1.type' });
    expect(problems[0].message).toMatch(/^type: /);
    expect(problems[1]).toMatchObject({ nodeId: 'notify', field: 'nodes.2.params' });
    expect(problems[1].message).toMatch(/^params: /);
  });

  it('explains a node id that breaks the naming rule', () => {
    const { problems } = parseGraph({ nodes: [{ id: '1st node', type: 'core.map' }] });
    expect(problems).toEqual([
      expect.objectContaining({ nodeId: '1st node', field: 'nodes.0.id', message: expect.stringContaining('must start with a letter') }),
    ]);
  });

  it('reports a bad retry policy at its nested field', () => {
    const { problems } = parseGraph({ nodes: [{ id: 'call', type: 'core.http', retry: { attempts: 0 } }] });
    expect(problems).toEqual([expect.objectContaining({ nodeId: 'call', field: 'nodes.0.retry.attempts', message: expect.stringMatching(/^retry\.attempts: /) })]);
  });

  it('reports edge errors without a node id', () => {
    const { problems } = parseGraph({ nodes: [], edges: [{ from: 'a' }] });
    expect(problems).toEqual([expect.objectContaining({ nodeId: undefined, field: 'edges.0.to' })]);
  });

  it('rejects input that is not a graph at all', () => {
    expect(parseGraph(null).problems.length).toBeGreaterThan(0);
    expect(parseGraph({ schema: 2, nodes: [] }).problems).toEqual([expect.objectContaining({ field: 'schema' })]);
  });
});

describe('validateGraph', () => {
  describe('problems caught before publish', () => {
    const invoice = (params: Record<string, unknown>) => flow([hook(), node('invoice', 'easycount.createInvoice', { connection: 'c', customerName: 'Ann', amount: 10, ...params })], [{ from: 'hook', to: 'invoice' }]);

    it('requires the return URL only while a payment link is on, naming both', () => {
      expect(validate(invoice({})).filter((p) => p.field === 'successUrl')).toEqual([]);
      expect(validate(invoice({ paymentLink: true })).filter((p) => p.field === 'successUrl')).toEqual([
        { nodeId: 'invoice', field: 'successUrl', message: "Missing required param 'Return URL after payment' (successUrl) while 'Also create a payment link' is true" },
      ]);
      expect(validate(invoice({ paymentLink: true, successUrl: 'https://example.com/thanks' })).filter((p) => p.field === 'successUrl')).toEqual([]);
    });

    it('flags an unclosed {{ in a text param', () => {
      const graph = flow([hook(), node('m', 'core.map', { fields: { a: 'x' } }), node('f', 'core.fail', { message: 'deal {{ $trigger.body.id' })], [{ from: 'hook', to: 'm' }, { from: 'm', to: 'f' }]);
      expect(validate(graph)).toEqual([{ nodeId: 'f', field: 'message', message: "Unclosed {{ in 'f.message': close the expression with }}" }]);
    });
  });

  it('accepts a valid linear flow', () => {
    expect(validate(flow([hook(), map()], [{ from: 'hook', to: 'shape' }]))).toEqual([]);
  });

  it('rejects an unknown node type, naming the node', () => {
    const problems = validate(flow([hook(), node('x', 'acme.doesNotExist')], [{ from: 'hook', to: 'x' }]));
    expect(problems).toEqual([{ nodeId: 'x', field: 'type', message: "Unknown node type 'acme.doesNotExist'" }]);
  });

  it('reports why a known node type is unavailable', () => {
    const problems = validateGraph(flow([hook(), map()], [{ from: 'hook', to: 'shape' }]), {
      ...options,
      unavailable: (def) => (def.type === 'core.map' ? { message: 'The data connector is disabled', connector: 'data' } : null),
    });
    expect(problems).toEqual([{ nodeId: 'shape', field: 'type', message: 'The data connector is disabled', code: 'unavailable', params: { connector: 'data' } }]);
  });

  it('rejects duplicate node ids', () => {
    const problems = validate(flow([hook(), map(), map()], [{ from: 'hook', to: 'shape' }]));
    expect(problems).toEqual([expect.objectContaining({ nodeId: 'shape', message: "Duplicate node id 'shape'" })]);
  });

  describe('ports', () => {
    it('rejects an unknown port and lists the ports the node has', () => {
      const check = node('check', 'core.if', { condition: '{{ $trigger.body.paid }}' });
      const problems = validate(flow([hook(), check, map()], [{ from: 'hook', to: 'check' }, { from: 'check', port: 'maybe', to: 'shape' }]));
      expect(problems).toEqual([{ nodeId: 'check', message: "Unknown port 'maybe' on 'check' (ports: true, false)" }]);
    });

    it('accepts the named ports of a condition', () => {
      const check = node('check', 'core.if', { condition: true });
      const graph = flow([hook(), check, map('yes'), map('no')], [
        { from: 'hook', to: 'check' },
        { from: 'check', port: 'true', to: 'yes' },
        { from: 'check', port: 'false', to: 'no' },
      ]);
      expect(validate(graph)).toEqual([]);
    });

    it('rejects the default port on a node that only has named ports', () => {
      const check = node('check', 'core.if', { condition: true });
      const problems = validate(flow([hook(), check, map()], [{ from: 'hook', to: 'check' }, { from: 'check', to: 'shape' }]));
      expect(problems).toEqual([expect.objectContaining({ nodeId: 'check', message: expect.stringContaining("Unknown port 'out'") })]);
    });

    it('allows the error port on an action that has one and lists it among the ports', () => {
      const call = node('call', 'core.http', { url: 'https://api.example.com' });
      const ok = flow([hook(), call, map()], [{ from: 'hook', to: 'call' }, { from: 'call', port: 'error', to: 'shape' }]);
      expect(validate(ok)).toEqual([]);

      const bad = flow([hook(), call, map()], [{ from: 'hook', to: 'call' }, { from: 'call', port: 'oops', to: 'shape' }]);
      expect(validate(bad)).toEqual([{ nodeId: 'call', message: "Unknown port 'oops' on 'call' (ports: out, error)" }]);
    });

    it('refuses the error port on nodes without one (conditions, expressions, core.fail)', () => {
      const check = node('check', 'core.if', { condition: true });
      const code = node('code', 'core.code', { code: 'return {};' });
      const fail = node('stop', 'core.fail', { message: 'no' });
      const graph = flow([hook(), check, code, fail, map('a'), map('b'), map('c')], [
        { from: 'hook', to: 'check' },
        { from: 'check', port: 'true', to: 'code' },
        { from: 'check', port: 'false', to: 'stop' },
        { from: 'check', port: 'error', to: 'a' },
        { from: 'code', port: 'error', to: 'b' },
        { from: 'stop', port: 'error', to: 'c' },
      ]);
      const problems = validate(graph);
      expect(problems.map((p) => p.nodeId)).toEqual(['check', 'code', 'stop']);
      for (const p of problems) expect(p.message).toContain("Unknown port 'error'");
      expect(problems[2].message).toBe("Unknown port 'error' on 'stop' (ports: )");
    });

    it('derives the ports of core.switch from its case names, plus default', () => {
      const route = node('route', 'core.switch', {
        value: '{{ $trigger.body.status }}',
        cases: [{ port: 'won', equals: 142 }, { port: 'lost', equals: 143 }],
      });
      const ok = flow([hook(), route, map('a'), map('b'), map('c')], [
        { from: 'hook', to: 'route' },
        { from: 'route', port: 'won', to: 'a' },
        { from: 'route', port: 'lost', to: 'b' },
        { from: 'route', port: 'default', to: 'c' },
      ]);
      expect(validate(ok)).toEqual([]);

      const bad = flow([hook(), route, map('a')], [{ from: 'hook', to: 'route' }, { from: 'route', port: 'pending', to: 'a' }]);
      expect(validate(bad)).toEqual([{ nodeId: 'route', message: "Unknown port 'pending' on 'route' (ports: won, lost, default)" }]);
    });
  });

  describe('edges', () => {
    it('rejects an edge from or to a node that does not exist', () => {
      const problems = validate(flow([hook(), map()], [{ from: 'hook', to: 'shape' }, { from: 'ghost', to: 'shape' }, { from: 'shape', to: 'nowhere' }]));
      expect(problems).toEqual([
        { nodeId: 'ghost', message: "Edge starts at unknown node 'ghost'" },
        { nodeId: 'nowhere', message: "Edge ends at unknown node 'nowhere'" },
      ]);
    });

    it('rejects a cycle and lists its path', () => {
      const graph = flow([hook(), map('a'), map('b'), map('c')], [
        { from: 'hook', to: 'a' },
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
      ]);
      expect(validate(graph)).toEqual([{ nodeId: 'a', message: 'Cycle: a → b → c → a' }]);
    });

    it('rejects a node wired to itself', () => {
      const graph = flow([hook(), map('a')], [{ from: 'hook', to: 'a' }, { from: 'a', to: 'a' }]);
      expect(validate(graph)).toEqual([{ nodeId: 'a', message: 'Cycle: a → a' }]);
    });

    it('checks a 30,000-node chain without recursion, and finds a loop closed at its far end', () => {
      const ids = Array.from({ length: 30_000 }, (_, i) => `n${i}`);
      const edges = [{ from: 'hook', to: ids[0] }, ...ids.slice(1).map((id, i) => ({ from: ids[i], to: id }))];
      const nodes = [hook(), ...ids.map((id) => node(id, 'core.map', { fields: { a: 'b' } }))];
      expect(validate(flow(nodes, edges))).toEqual([]);
      const looped = validate(flow(nodes, [...edges, { from: ids[ids.length - 1], to: ids[100] }]));
      expect(looped).toHaveLength(1);
      expect(looped[0].message).toMatch(/^Cycle: n100 → n101 → .* → n29999 → n100$/);
    });

    it('checks 30,000 edges fanning out of one node', () => {
      const ids = Array.from({ length: 30_000 }, (_, i) => `n${i}`);
      const graph = flow([hook(), ...ids.map((id) => node(id, 'core.map', { fields: { a: 'b' } }))], ids.map((id) => ({ from: 'hook', to: id })));
      expect(validate(graph)).toEqual([]);
    });

    it('does not mistake a diamond (two paths joining) for a cycle', () => {
      const check = node('check', 'core.if', { condition: true });
      const graph = flow([hook(), check, map('yes'), map('no'), map('join')], [
        { from: 'hook', to: 'check' },
        { from: 'check', port: 'true', to: 'yes' },
        { from: 'check', port: 'false', to: 'no' },
        { from: 'yes', to: 'join' },
        { from: 'no', to: 'join' },
      ]);
      expect(validate(graph)).toEqual([]);
    });
  });

  describe('triggers', () => {
    it('rejects a flow without a trigger', () => {
      expect(validate(flow([map()]))).toEqual([{ message: expect.stringContaining('The flow has no trigger') }]);
    });

    it('rejects an incoming edge into a trigger', () => {
      const graph = flow([hook(), map(), node('button', 'core.manual')], [{ from: 'hook', to: 'shape' }, { from: 'shape', to: 'button' }]);
      expect(validate(graph)).toEqual([{ nodeId: 'button', message: "Trigger 'button' cannot have incoming edges" }]);
    });

    it('accepts a flow with two triggers feeding the same node', () => {
      const graph = flow([hook(), node('button', 'core.manual'), map()], [{ from: 'hook', to: 'shape' }, { from: 'button', to: 'shape' }]);
      expect(validate(graph)).toEqual([]);
    });
  });

  describe('params', () => {
    it('names the label and the param of a missing required param', () => {
      const graph = flow([hook(), node('call', 'core.http', {})], [{ from: 'hook', to: 'call' }]);
      expect(validate(graph)).toEqual([{ nodeId: 'call', field: 'url', message: "Missing required param 'URL' (url)" }]);
    });

    it('treats null and the empty string as missing', () => {
      const graph = flow([node('hook', 'core.webhook', { path: '' }), node('call', 'core.http', { url: null })], [{ from: 'hook', to: 'call' }]);
      expect(validate(graph)).toEqual([
        expect.objectContaining({ nodeId: 'hook', field: 'path', message: "Missing required param 'Path' (path)" }),
        expect.objectContaining({ nodeId: 'call', field: 'url', message: "Missing required param 'URL' (url)" }),
      ]);
    });

    it('does not require a param that has a default', () => {
      const graph = flow([hook(), node('wait', 'core.delay', {}), node('code', 'core.code', {})], [{ from: 'hook', to: 'wait' }, { from: 'wait', to: 'code' }]);
      expect(validate(graph)).toEqual([]);
    });

    it('reports bad expression syntax with the path of the expression', () => {
      const graph = flow([hook(), node('shape', 'core.map', {
        fields: { total: '{{ ($trigger.body.net * 1.2 }}', name: 'Dear {{ $trigger.body.name }}' },
      })], [{ from: 'hook', to: 'shape' }]);
      expect(validate(graph)).toEqual([
        { nodeId: 'shape', field: 'fields.total', message: "Bad expression in 'shape.fields.total': Unexpected end of input" },
      ]);
    });

    it('checks every expression inside mixed text and lists', () => {
      const route = node('route', 'core.switch', {
        value: 'status {{ $trigger.body.a) }} of {{ $trigger.body.b }}',
        cases: [{ port: 'won', equals: '{{ $vars.won) }}' }],
      });
      const graph = flow([hook(), route, map()], [{ from: 'hook', to: 'route' }, { from: 'route', port: 'won', to: 'shape' }]);
      expect(validate(graph)).toEqual([
        expect.objectContaining({ nodeId: 'route', field: 'value', message: "Bad expression in 'route.value': Unexpected token )" }),
        expect.objectContaining({ nodeId: 'route', field: 'cases[0].equals', message: "Bad expression in 'route.cases[0].equals': Unexpected token )" }),
      ]);
    });

    it('takes params that do not accept expressions literally', () => {
      const graph = flow([hook(), node('code', 'core.code', { code: 'return { x: "{{ (" };' })], [{ from: 'hook', to: 'code' }]);
      expect(validate(graph)).toEqual([]);
    });

    it('rejects a param the node does not have', () => {
      const graph = flow([hook(), node('shape', 'core.map', { fields: { a: 1 }, colour: 'red' })], [{ from: 'hook', to: 'shape' }]);
      expect(validate(graph)).toEqual([{ nodeId: 'shape', field: 'colour', message: "Unknown param 'colour' for core.map" }]);
    });

    it('rejects a literal value of the wrong type', () => {
      const graph = flow([hook(), node('wait', 'core.delay', { amount: 'abc', unit: 'weeks' })], [{ from: 'hook', to: 'wait' }]);
      const problems = validate(graph);
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatchObject({ nodeId: 'wait', field: 'amount', message: expect.stringMatching(/^Param 'amount': /) });
      expect(problems[1]).toMatchObject({ nodeId: 'wait', field: 'unit', message: expect.stringMatching(/^Param 'unit': /) });
    });

    it('accepts a number typed as text and an expression where a number is expected', () => {
      const graph = flow([hook(), node('wait', 'core.delay', { amount: '150', unit: 'minutes' }), node('later', 'core.delay', { amount: '{{ $trigger.body.days }}', unit: 'days' })], [
        { from: 'hook', to: 'wait' },
        { from: 'wait', to: 'later' },
      ]);
      expect(validate(graph)).toEqual([]);
    });

    it('rejects a value below the minimum', () => {
      const graph = flow([hook(), node('wait', 'core.delay', { amount: -1 })], [{ from: 'hook', to: 'wait' }]);
      expect(validate(graph)).toEqual([expect.objectContaining({ nodeId: 'wait', field: 'amount' })]);
    });
  });

  it('reports every problem of a broken flow, not just the first', () => {
    const graph = flow([node('shape', 'core.map', {}), node('x', 'nope.nope')], [{ from: 'shape', to: 'ghost' }]);
    const problems = validate(graph);
    expect(problems.map((p) => p.message)).toEqual([
      "Missing required param 'Fields' (fields)",
      "Unknown node type 'nope.nope'",
      expect.stringContaining('The flow has no trigger'),
      "Edge ends at unknown node 'ghost'",
    ]);
  });
});

describe('loop bodies', () => {
  const loop = (id = 'rows') => node(id, 'core.forEach', { items: '{{ $trigger.body.rows }}' });
  const approval = () => node('approve', 'core.approval', { title: 'OK?', approvers: 'boss@example.com' });

  it('accepts a body entered from the item port and left through done, nested loops included', () => {
    const g = flow([hook(), loop(), loop('inner'), map('perRow'), map('perCell'), map('after')], [
      { from: 'hook', to: 'rows' }, { from: 'rows', port: 'item', to: 'perRow' }, { from: 'perRow', to: 'inner' },
      { from: 'inner', port: 'item', to: 'perCell' }, { from: 'rows', port: 'done', to: 'after' },
    ]);
    expect(validate(g)).toEqual([]);
  });

  it('refuses an edge into a body from outside it, naming both nodes', () => {
    const g = flow([hook(), loop(), map('perRow'), map('outside')], [
      { from: 'hook', to: 'rows' }, { from: 'rows', port: 'item', to: 'perRow' }, { from: 'hook', to: 'outside' }, { from: 'outside', to: 'perRow' },
    ]);
    expect(validate(g)).toEqual([expect.objectContaining({ nodeId: 'perRow', message: expect.stringContaining(`also reached from 'outside' outside it`) })]);
  });

  it('refuses a node that is both per item and after the loop', () => {
    const g = flow([hook(), loop(), map('both')], [{ from: 'hook', to: 'rows' }, { from: 'rows', port: 'item', to: 'both' }, { from: 'rows', port: 'done', to: 'both' }]);
    expect(validate(g)).toEqual([expect.objectContaining({ nodeId: 'both', message: expect.stringContaining(`after its 'done' port too`) })]);
  });

  it('refuses a node whose link is per run inside a body, and points to sub-flows', () => {
    const g = flow([hook(), loop(), approval()], [{ from: 'hook', to: 'rows' }, { from: 'rows', port: 'item', to: 'approve' }]);
    expect(validate(g).map((p) => p.nodeId)).toContain('approve');
    expect(validate(g).find((p) => p.nodeId === 'approve')?.message).toMatch(/sub-flow/);
  });
});

describe('problem codes', () => {
  it('give every problem a code and the values its text names, for the editor to say in any language', () => {
    const problems = validateGraph(flow([node('call', 'core.http', { url: 'https://x/{{ $trigger.id', method: 'NOPE', extra: 1 })], [{ from: 'call', port: 'maybe', to: 'call' }]), options);
    expect(problems.every((p) => p.code)).toBe(true);
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'noTrigger' }),
      expect.objectContaining({ code: 'unclosedExpression', params: expect.objectContaining({ param: 'url' }) }),
      expect.objectContaining({ code: 'invalidValue', params: expect.objectContaining({ param: 'method', value: 'NOPE' }) }),
      expect.objectContaining({ code: 'unknownParam', params: expect.objectContaining({ param: 'extra' }) }),
      expect.objectContaining({ code: 'unknownPort', params: expect.objectContaining({ port: 'maybe' }) }),
    ]));
  });
});
