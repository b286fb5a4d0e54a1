import type { FieldMap } from './define';
import type { FlowGraph, FlowNode } from './graph';

/**
 * Secret params (fields built with `f.secret`) never travel in the clear once saved. In a stored
 * graph one reads `{ "$secret": "<ciphertext>" }`; every API answer shows `{ "$secret": "set" }`;
 * the editor sends that marker back to keep the value, or a new string to replace it; exports drop it.
 */
export const SECRET_IS_SET = 'set';

export interface SecretParam {
  $secret: string;
}

export function isSecretParam(value: unknown): value is SecretParam {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as SecretParam).$secret === 'string' && Object.keys(value).length === 1;
}

/** Names of a node type's secret params. */
export function secretParamNames(fields: FieldMap): string[] {
  return Object.entries(fields).filter(([, field]) => field.ui.secret).map(([name]) => name);
}

/** The graph with every secret param passed through `change` (which returns undefined to drop it). */
export function mapSecretParams(graph: FlowGraph, secretsOf: (type: string) => string[], change: (value: unknown, node: FlowNode, name: string) => unknown): FlowGraph {
  let changed = false;
  const nodes = graph.nodes.map((node) => {
    const names = secretsOf(node.type).filter((name) => Object.hasOwn(node.params, name));
    if (!names.length) return node;
    changed = true;
    const params = { ...node.params };
    for (const name of names) {
      const next = change(params[name], node, name);
      if (next === undefined) delete params[name];
      else params[name] = next;
    }
    return { ...node, params };
  });
  return changed ? { ...graph, nodes } : graph;
}
