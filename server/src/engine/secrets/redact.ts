export const REDACTED = '[redacted]';

/**
 * Replaces every occurrence of a known secret inside a JSON-like value. Secrets are the decrypted
 * credential values a step or trigger used, so a node that echoes a token (in a header, an error
 * message, a URL) never gets it into a run step or the API.
 */
export function redactSecrets<T>(value: T, secrets: ReadonlySet<string>): T {
  const usable = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  if (!usable.length) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return usable.reduce((text, secret) => text.split(secret).join(REDACTED), v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
