import { hasExpression } from '../../../lib/expression';

export function formatNumber(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** Numbers stay numbers; anything else (an expression, or text the server will flag) stays text. */
export function parseNumber(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (!hasExpression(trimmed) && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return text;
}

export function formatJson(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return hasExpression(value) ? value : JSON.stringify(value);
  return JSON.stringify(value, null, 2);
}

/** JSON where it parses, the raw text for expressions, a quoted string otherwise. */
export function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (hasExpression(trimmed)) return text;
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}

export const jsonEqual = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function toLocalInput(value: unknown): string {
  if (typeof value !== 'string' || !value || hasExpression(value)) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function fromLocalInput(text: string): string | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
