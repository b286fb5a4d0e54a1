function randomHex(bytes: number): string {
  const data = new Uint8Array(bytes);
  crypto.getRandomValues(data);
  return [...data].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A hard-to-guess webhook path for a trigger of this type ("kommo.leadStatusChanged" → "kommo/3f9c…"). */
export function newHookPath(type: string): string {
  const prefix = type.startsWith('core.') ? 'hook' : type.split('.')[0];
  return `${prefix}/${randomHex(8)}`;
}

/**
 * A copy of a trigger must not listen on the original's path (the server refuses two flows on one
 * path), so copies get a fresh one.
 */
export function withFreshHookPath<T extends { type: string; params: Record<string, unknown> }>(node: T): T {
  if (typeof node.params.path !== 'string' || !node.params.path) return node;
  return { ...node, params: { ...node.params, path: newHookPath(node.type) } };
}
