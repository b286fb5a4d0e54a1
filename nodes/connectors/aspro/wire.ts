/** Reading Aspro.Cloud answers: records from outside, read by own keys only. */
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Json {
  return isRecord(value) ? value : {};
}

export function field(record: unknown, name: string): unknown {
  return isRecord(record) && Object.hasOwn(record, name) ? record[name] : undefined;
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function positiveInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** PHP backends write "no date" as empty, null or zeros. */
export function dateText(value: unknown): string | undefined {
  const raw = text(value);
  if (!raw || /^0{4}-0{2}-0{2}/.test(raw) || raw === '0') return undefined;
  return raw;
}

/**
 * A sortable key for Aspro's `YYYY-MM-DD HH:MM:SS` times (also accepted with a T, or as Unix
 * seconds); compared as text, so only ever against keys made here.
 */
export function timeKey(value: unknown): string | undefined {
  const raw = dateText(value);
  if (!raw) return undefined;
  if (/^\d{9,11}$/.test(raw)) return new Date(Number(raw) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?/.exec(raw);
  if (!m) return undefined;
  const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00';
  return `${m[1]} ${time}`;
}

/** A calendar day (`YYYY-MM-DD`) from a date, a date-time or Unix seconds. */
export function dayOf(value: unknown): string | undefined {
  return timeKey(value)?.slice(0, 10);
}
