import { DateTime } from 'luxon';

/** The types a column may have; a cell is stored as JSON of that type (dates as ISO text, datetimes in UTC). */
export const COLUMN_TYPES = ['text', 'number', 'boolean', 'date', 'datetime', 'json'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface Column {
  name: string;
  type: ColumnType;
  required: boolean;
}

/** Letters, digits and _, so a table is reachable as `$tables.<name>` and a column fits an index expression. */
export const TABLE_NAME = /^[a-z][a-z0-9_]{1,62}$/;
export const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Nested JSON cells deeper than this are refused: a row is data, not a document store. */
const MAX_JSON_DEPTH = 32;

/** What refuses a write: the store answers it as a 4xx naming `field`, never a 500. */
export class TableError extends Error {
  constructor(readonly kind: 'not_found' | 'bad_input' | 'conflict' | 'limit', message: string, readonly field?: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

export function columnNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || !COLUMN_NAME.test(name)) return 'a column name is 1–63 letters, digits or _, not starting with a digit';
  if (name === '__proto__') return `'__proto__' is reserved`;
  return null;
}

/**
 * A cell as stored, or a problem. Empty text and null mean "no value"; text typed into a CSV or a
 * form ("12,5", "true", "2026-03-02 09:15") is read the way a person means it.
 */
export function coerceCell(column: Column, value: unknown): { value: unknown } | { problem: string } {
  if (value === undefined || value === null || value === '') return { value: null };
  switch (column.type) {
    case 'text':
      if (typeof value === 'string') return { value };
      if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
      return { problem: 'expects text' };
    case 'number': {
      if (typeof value === 'number') return Number.isFinite(value) ? { value } : { problem: 'expects a finite number' };
      if (typeof value === 'string') {
        const text = value.trim().replace(/^(-?\d+),(\d+)$/, '$1.$2');
        const parsed = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : NaN;
        return Number.isFinite(parsed) ? { value: parsed } : { problem: `expects a number, got '${clip(value)}'` };
      }
      return { problem: 'expects a number' };
    }
    case 'boolean': {
      if (typeof value === 'boolean') return { value };
      const text = String(value).trim().toLowerCase();
      if (['true', '1', 'yes'].includes(text)) return { value: true };
      if (['false', '0', 'no'].includes(text)) return { value: false };
      return { problem: `expects true or false, got '${clip(String(value))}'` };
    }
    case 'date': {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return { problem: `expects a date as yyyy-MM-dd, got '${clip(String(value))}'` };
      return DateTime.fromISO(value.trim(), { zone: 'utc' }).isValid ? { value: value.trim() } : { problem: `'${value}' is not a calendar date` };
    }
    case 'datetime': {
      if (typeof value !== 'string' && !(value instanceof Date)) return { problem: 'expects a date and time in ISO 8601' };
      const parsed = value instanceof Date ? DateTime.fromJSDate(value) : DateTime.fromISO(value.trim().replace(' ', 'T'), { zone: 'utc', setZone: true });
      if (!parsed.isValid || parsed.year < 1 || parsed.year > 9999) return { problem: `expects a date and time in ISO 8601 (e.g. 2026-03-02T09:15:00+03:00), got '${clip(String(value))}'` };
      // One fixed UTC form: text order is time order, so ranges compare as text.
      return { value: parsed.toUTC().toISO({ suppressMilliseconds: false }) };
    }
    case 'json':
      return depthOf(value) > MAX_JSON_DEPTH ? { problem: `is nested deeper than ${MAX_JSON_DEPTH} levels` } : { value };
  }
}

/** A filter or range bound read as the column's type. */
export function coerceBound(column: Column, value: unknown, field: string): unknown {
  const coerced = coerceCell(column, value);
  if ('problem' in coerced) throw new TableError('bad_input', `'${field}' ${coerced.problem}`, field);
  return coerced.value;
}

/**
 * A row checked against the columns: unknown names, wrong types and missing required cells are
 * refused with the column named. `partial` leaves absent columns out (an update of some cells).
 */
export function checkRow(columns: readonly Column[], keyColumns: readonly string[], input: unknown, where: string, partial = false): Map<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new TableError('bad_input', `'${where}' must be an object of column → value`, where);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const row = new Map<string, unknown>();
  for (const name of Object.keys(input)) {
    const column = byName.get(name);
    if (!column) throw new TableError('bad_input', `'${where}.${name}' is not a column of this table`, `${where}.${name}`);
    const coerced = coerceCell(column, (input as Record<string, unknown>)[name]);
    if ('problem' in coerced) throw new TableError('bad_input', `'${where}.${name}' ${coerced.problem}`, `${where}.${name}`);
    if (coerced.value !== null) row.set(name, coerced.value);
  }
  if (!partial) {
    for (const column of columns) {
      if ((column.required || keyColumns.includes(column.name)) && !row.has(column.name)) {
        throw new TableError('bad_input', `'${where}.${column.name}' is required`, `${where}.${column.name}`);
      }
    }
  }
  return row;
}

/** The unique key as stored: the key cells as a JSON array, so ["a", 1] and ["a", "1"] differ like their types. */
export function keyOf(keyColumns: readonly string[], row: ReadonlyMap<string, unknown>): string | null {
  if (!keyColumns.length) return null;
  return JSON.stringify(keyColumns.map((c) => row.get(c) ?? null));
}

/** How `$tables.<name>[…]` names a row: its one key cell as text, or the cells joined by '|'. */
export function lookupKeyOf(keyColumns: readonly string[], data: Record<string, unknown>): string {
  return keyColumns.map((c) => (Object.hasOwn(data, c) ? String(data[c]) : '')).join('|');
}

/** A row map as a plain JSON object that cannot be bent by a key such as `constructor`. */
export function rowObject(row: ReadonlyMap<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(row);
}

function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (depth > MAX_JSON_DEPTH) return depth;
    if (current !== null && typeof current === 'object') for (const item of Object.values(current)) stack.push([item, depth + 1]);
  }
  return max;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
