/** Reading the portal's JSON: objects from outside, read by own keys only. */
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function field(record: unknown, name: string): unknown {
  return isRecord(record) && Object.hasOwn(record, name) ? record[name] : undefined;
}

/** A dotted path of own keys: `client.inn`. */
export function at(record: unknown, dotted: string): unknown {
  let node = record;
  for (const name of dotted.split('.')) node = field(node, name);
  return node;
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A timestamp as an ISO instant, so that two spellings of one moment compare equal. */
export function instant(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Portal ids ordered as the portal orders them: numerically when both are numbers, else as text. */
export function compareIds(a: string, b: string): number {
  if (/^\d{1,30}$/.test(a) && /^\d{1,30}$/.test(b)) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
