import type { TruncatedValue } from '../../api/types';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A child's path as an expression reads it: `.key`, `["odd key"]`, `[2]`. */
export function childPath(parent: string, key: string, inArray: boolean): string {
  if (inArray) return `${parent}[${key}]`;
  return IDENT.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

export function entriesOf(value: object): [string, unknown][] {
  return Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
}

export function isTruncated(value: unknown): value is TruncatedValue {
  return !!value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, '$truncated') && (value as { $truncated?: unknown }).$truncated === true;
}

/** What "copy value" puts on the clipboard: strings as they are, everything else as JSON. */
export function copyText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value, null, 2);
}

export interface JsonSearch {
  /** Paths whose key or value contains the text. */
  hits: Set<string>;
  /** Paths to open so every hit shows. */
  open: Set<string>;
  /** Stopped early: the value is larger than a search looks through. */
  capped: boolean;
}

/** Case-insensitive search through keys and plain values, bounded so a huge value cannot freeze the page. */
export function searchJson(value: unknown, text: string, root = '', limit = 20_000): JsonSearch {
  const hits = new Set<string>();
  const open = new Set<string>();
  const needle = text.trim().toLowerCase();
  let visited = 0;
  let capped = false;
  if (!needle) return { hits, open, capped };
  const visit = (node: unknown, path: string, key: string | null, ancestors: string[]): void => {
    if (++visited > limit) {
      capped = true;
      return;
    }
    const own = key !== null && key.toLowerCase().includes(needle);
    const leaf = node === null || typeof node !== 'object';
    if (own || (leaf && String(node).toLowerCase().includes(needle))) {
      hits.add(path);
      for (const a of ancestors) open.add(a);
    }
    if (leaf) return;
    const next = [...ancestors, path];
    for (const [k, child] of entriesOf(node as object)) {
      if (capped) return;
      visit(child, childPath(path, k, Array.isArray(node)), k, next);
    }
  };
  visit(value, root, null, []);
  return { hits, open, capped };
}
