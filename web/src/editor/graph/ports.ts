import type { CatalogEntry } from '../../api/types';
import { ERROR_PORT } from './types';

type PortSpec = Pick<CatalogEntry, 'ports' | 'errorPort' | 'dynamicPorts'>;

/** Ports named by a list param's items, as the node definition declares them (see DynamicPorts in the SDK). */
function namedPorts(spec: NonNullable<CatalogEntry['dynamicPorts']>, params: Record<string, unknown>): string[] {
  const list = Object.hasOwn(params, spec.fromList) ? params[spec.fromList] : undefined;
  const names = (Array.isArray(list) ? list : []).map((item) => {
    const name = item && typeof item === 'object' && Object.hasOwn(item, spec.nameField) ? (item as Record<string, unknown>)[spec.nameField] : undefined;
    return typeof name === 'string' ? name.trim() : '';
  });
  return [...names.filter(Boolean), ...spec.then];
}

/** The output handles a node shows: declared ports (or the ones its params name), then `error` for actions that have it. */
export function outputPorts(entry: PortSpec | undefined, params: Record<string, unknown>): string[] {
  if (!entry) return [];
  const base = entry.ports === 'dynamic' ? (entry.dynamicPorts ? namedPorts(entry.dynamicPorts, params) : []) : entry.ports;
  const ports = [...new Set(base)];
  if (entry.errorPort && !ports.includes(ERROR_PORT)) ports.push(ERROR_PORT);
  return ports;
}

/** Triggers start runs, so nothing may lead into them. */
export function hasInput(entry: Pick<CatalogEntry, 'kind'> | undefined): boolean {
  return !!entry && entry.kind !== 'trigger';
}

/**
 * Keeps edges attached when a node's dynamic ports change: a port renamed in place (same position)
 * carries its edges along; edges from ports that no longer exist are dropped.
 */
export function reconcilePortEdges<E extends { source: string; sourceHandle?: string | null }>(
  nodeId: string,
  before: readonly string[],
  after: readonly string[],
  edges: readonly E[],
): E[] {
  if (before.join('\u0000') === after.join('\u0000')) return edges as E[];
  const renames = new Map<string, string>();
  if (before.length === after.length) {
    before.forEach((port, i) => {
      if (port !== after[i] && !after.includes(port)) renames.set(port, after[i]);
    });
  }
  const alive = new Set(after);
  return edges.flatMap((edge) => {
    if (edge.source !== nodeId) return [edge];
    const port = edge.sourceHandle ?? 'out';
    const renamed = renames.get(port);
    if (renamed) return [{ ...edge, sourceHandle: renamed, id: (edge as { id?: string }).id?.replace(`:${port}->`, `:${renamed}->`) }];
    return alive.has(port) ? [edge] : [];
  });
}
