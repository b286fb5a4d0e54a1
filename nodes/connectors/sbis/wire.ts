/**
 * Reading SBIS answers: every object is Cyrillic-keyed JSON from outside, read by own keys only,
 * and every scalar may arrive as a string ("Да"/"Нет" booleans, numbers as text).
 */
export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Json {
  return isRecord(value) ? value : {};
}

/** Reads `name` of a record that came from outside, own properties only. */
export function field(record: unknown, name: string): unknown {
  return isRecord(record) && Object.hasOwn(record, name) ? record[name] : undefined;
}

/** Follows a path of own keys: `path(doc, 'Состояние', 'Код')`. */
export function path(record: unknown, ...names: string[]): unknown {
  let node = record;
  for (const name of names) node = field(node, name);
  return node;
}

/** SBIS answers a single item where a list is expected when there is only one. */
export function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null || value === '' ? [] : [value];
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function yes(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(да|yes|true)$/i.test(value.trim()));
}

// SBIS servers keep Moscow time (UTC+3, no daylight saving since 2014) and write it without a zone.
const MOSCOW_OFFSET_MS = 3 * 60 * 60 * 1000;

function moscowParts(date: Date) {
  const m = new Date(date.getTime() + MOSCOW_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    day: pad(m.getUTCDate()), month: pad(m.getUTCMonth() + 1), year: String(m.getUTCFullYear()),
    hours: pad(m.getUTCHours()), minutes: pad(m.getUTCMinutes()), seconds: pad(m.getUTCSeconds()),
  };
}

/** `ДД.ММ.ГГГГ`, the date of a document. */
export function sbisDate(date: Date): string {
  const p = moscowParts(date);
  return `${p.day}.${p.month}.${p.year}`;
}

/** `ДД.ММ.ГГГГ ЧЧ.ММ.СС` (dots in the time too), as the change-list filter wants it. */
export function sbisDateTime(date: Date): string {
  const p = moscowParts(date);
  return `${p.day}.${p.month}.${p.year} ${p.hours}.${p.minutes}.${p.seconds}`;
}

const SBIS_DATE_TIME = /^(\d{2})\.(\d{2})\.(\d{4})(?:[ T](\d{2})[.:](\d{2})(?:[.:](\d{2}))?)?/;

/** An SBIS date or date-time (Moscow time) as an ISO instant; undefined when it is not one. */
export function isoFromSbis(value: unknown): string | undefined {
  const raw = text(value);
  const m = raw ? SBIS_DATE_TIME.exec(raw) : null;
  if (!m) return undefined;
  const [, day, month, year, hours = '00', minutes = '00', seconds = '00'] = m;
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds)) - MOSCOW_OFFSET_MS;
  return Number.isNaN(utc) ? undefined : new Date(utc).toISOString();
}

/** An SBIS date (`ДД.ММ.ГГГГ`) as `YYYY-MM-DD`, the day as written, without a zone shift. */
export function dayFromSbis(value: unknown): string | undefined {
  const raw = text(value);
  const m = raw ? /^(\d{2})\.(\d{2})\.(\d{4})/.exec(raw) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : undefined;
}
