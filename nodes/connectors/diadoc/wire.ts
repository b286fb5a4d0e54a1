/**
 * Reading Diadoc's JSON answers: objects from outside, read by own keys only. Diadoc's JSON mode is
 * its protobuf messages rendered as JSON: enums arrive as their names, timestamps as .NET ticks.
 */
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function field(record: unknown, name: string): unknown {
  return isRecord(record) && Object.hasOwn(record, name) ? record[name] : undefined;
}

export function path(record: unknown, ...names: string[]): unknown {
  let node = record;
  for (const name of names) node = field(node, name);
  return node;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

// .NET ticks: 100 ns steps since 0001-01-01, the unit of every Diadoc timestamp.
const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n;

export function ticksFromDate(date: Date): string {
  return (BigInt(date.getTime()) * 10_000n + TICKS_AT_UNIX_EPOCH).toString();
}

/** Ticks (a number or a numeric string) as an ISO instant; undefined when it is not one. */
export function isoFromTicks(value: unknown): string | undefined {
  const raw = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,20}$/.test(raw)) return undefined;
  const ms = Number((BigInt(raw) - TICKS_AT_UNIX_EPOCH) / 10_000n);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
