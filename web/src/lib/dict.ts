/**
 * A record keyed by ids from flows or the server (node ids, node types): without a prototype,
 * `byNode['constructor']` is a node named so or nothing, never Object's constructor.
 */
export function dict<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (entries) for (const [key, value] of entries) out[key] = value;
  return out;
}
