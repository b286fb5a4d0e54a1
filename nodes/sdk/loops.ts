import type { FlowEdge, FlowGraph, GraphProblem } from './graph';

/** The port a loop fires once per item (or batch); its body is everything reachable from it. */
export const LOOP_ITEM_PORT = 'item';
/** The port a loop fires once every item ended, with what each one ended with. */
export const LOOP_DONE_PORT = 'done';
/** Path of the steps at the top of a run; a loop's items add `.0`, `.1`, … to the path of the loop. */
export const ROOT_PATH = '0';

/**
 * Where every node of a graph sits relative to its loops. A loop's body is what its `item` port
 * reaches; a body is entered only from that port and left only through the loop's `done` (or
 * `error`) port, so bodies nest and every edge stays inside one body or enters it from its loop.
 */
export interface LoopShape {
  /** The innermost loop around a node; absent for nodes at the top of the run. */
  readonly loopOf: ReadonlyMap<string, string>;
  /** Loops around each node, outermost first (empty at the top). */
  readonly chains: ReadonlyMap<string, readonly string[]>;
  /** Nodes directly in a loop's body (not inside a loop nested there); `''` holds the top of the run. */
  readonly members: ReadonlyMap<string, readonly string[]>;
  /** Members of a loop's body with no edge to another member: what an iteration ends with. */
  readonly ends: ReadonlyMap<string, readonly string[]>;
  readonly incoming: ReadonlyMap<string, readonly FlowEdge[]>;
  readonly problems: readonly GraphProblem[];
  readonly hasLoops: boolean;
}

const portOf = (edge: FlowEdge) => edge.port ?? 'out';

/** Linear in nodes and edges per loop; the graph is assumed free of cycles (checked before). */
export function loopShape(graph: FlowGraph, isLoop: (nodeId: string) => boolean): LoopShape {
  const outgoing = new Map<string, FlowEdge[]>();
  const incoming = new Map<string, FlowEdge[]>();
  for (const edge of graph.edges) {
    push(outgoing, edge.from, edge);
    push(incoming, edge.to, edge);
  }
  const loops = graph.nodes.filter((n) => isLoop(n.id)).map((n) => n.id);
  const problems: GraphProblem[] = [];
  const bodies = new Map<string, Set<string>>();
  for (const loop of loops) {
    const body = new Set<string>();
    const queue = (outgoing.get(loop) ?? []).filter((e) => portOf(e) === LOOP_ITEM_PORT).map((e) => e.to);
    while (queue.length) {
      const id = queue.pop()!;
      if (id === loop || body.has(id)) continue;
      body.add(id);
      for (const edge of outgoing.get(id) ?? []) queue.push(edge.to);
    }
    bodies.set(loop, body);
    for (const id of body) {
      for (const edge of incoming.get(id) ?? []) {
        if (body.has(edge.from) || (edge.from === loop && portOf(edge) === LOOP_ITEM_PORT)) continue;
        problems.push({
          nodeId: id,
          code: edge.from === loop ? 'loopBoth' : 'loopEntry',
          params: { node: id, loop, from: edge.from, port: portOf(edge) },
          message: edge.from === loop
            ? `'${id}' is in the body of loop '${loop}' and after its '${portOf(edge)}' port too: a node is either run per item or once after the loop`
            : `'${id}' is in the body of loop '${loop}' but also reached from '${edge.from}' outside it: join the loop's result after its 'done' port instead`,
        });
      }
    }
  }

  const containing = new Map<string, string[]>();
  for (const [loop, body] of bodies) for (const id of body) push(containing, id, loop);
  const loopOf = new Map<string, string>();
  for (const [id, around] of containing) {
    // Bodies nest: the innermost loop is the one the most other loops are around.
    let innermost = around[0];
    for (const loop of around) if ((containing.get(loop)?.length ?? 0) > (containing.get(innermost)?.length ?? 0)) innermost = loop;
    loopOf.set(id, innermost);
  }
  const chains = new Map<string, readonly string[]>();
  const chainOf = (id: string): readonly string[] => {
    const known = chains.get(id);
    if (known) return known;
    const loop = loopOf.get(id);
    const chain = loop === undefined ? [] : [...chainOf(loop), loop];
    chains.set(id, chain);
    return chain;
  };
  const members = new Map<string, string[]>([['', []]]);
  for (const loop of loops) members.set(loop, []);
  for (const node of graph.nodes) {
    chainOf(node.id);
    push(members, loopOf.get(node.id) ?? '', node.id);
  }
  const ends = new Map<string, string[]>();
  for (const loop of loops) {
    const inside = new Set(members.get(loop));
    ends.set(loop, [...inside].filter((id) => !(outgoing.get(id) ?? []).some((e) => inside.has(e.to))));
  }
  return { loopOf, chains, members, ends, incoming, problems, hasLoops: loops.length > 0 };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The path a node's state has when seen from a step at `path`: cut to the node's own depth. */
export function pathAtDepth(path: string, depth: number): string {
  let at = -1;
  for (let i = 0; i <= depth; i++) {
    at = path.indexOf('.', at + 1);
    if (at === -1) return path;
  }
  return path.slice(0, at);
}
