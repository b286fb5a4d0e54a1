export interface ExpressionContext {
  /** The caret is between an unclosed `{{` and its `}}`. */
  inside: boolean;
  tokenStart: number;
  token: string;
}

const TOKEN_TAIL = /[$A-Za-z0-9_.[\]"'-]*$/;

/** Where autocomplete applies: inside `{{ … }}`, or on a bare `$path` being typed. */
export function expressionContext(text: string, caret: number): ExpressionContext | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  const close = before.lastIndexOf('}}');
  const inside = open !== -1 && open > close;
  const token = TOKEN_TAIL.exec(before)?.[0] ?? '';
  if (!inside && !token.startsWith('$')) return null;
  return { inside, tokenStart: caret - token.length, token };
}

/** Puts `path` in place of the token being typed, wrapping it in `{{ }}` when outside an expression. */
export function insertPath(text: string, caret: number, context: ExpressionContext, path: string): { text: string; caret: number } {
  const head = text.slice(0, context.tokenStart);
  // The rest of a word the caret sits in is replaced too.
  const tail = text.slice(caret).replace(/^[A-Za-z0-9_$.[\]"']+/, '');
  if (!context.inside) {
    const inserted = `{{ ${path} }}`;
    return { text: head + inserted + tail, caret: head.length + inserted.length };
  }
  const closed = /^[^{]*\}\}/.test(tail);
  const inserted = closed ? path : `${path} }}`;
  return { text: head + inserted + tail, caret: head.length + path.length };
}

export function hasExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('{{');
}

/** Suggestions that match what was typed: prefix matches first, then any path containing it. */
export function filterPaths<T extends { path: string }>(items: readonly T[], token: string, limit = 60): T[] {
  const query = token.trim().toLowerCase();
  if (!query) return items.slice(0, limit);
  const prefix: T[] = [];
  const contains: T[] = [];
  for (const item of items) {
    const path = item.path.toLowerCase();
    if (path === query) continue;
    if (path.startsWith(query)) prefix.push(item);
    else if (path.includes(query.replace(/^\$/, ''))) contains.push(item);
    if (prefix.length >= limit) break;
  }
  return [...prefix, ...contains].slice(0, limit);
}

/** A `{{` that no `}}` closes, as the user types (the server checks the same at save). */
export function hasUnclosedExpression(text: string): boolean {
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open === -1) return false;
    const close = text.indexOf('}}', open + 2);
    if (close === -1) return true;
    at = close + 2;
  }
}

const SIMPLE_PATH = /\$(trigger|steps|prev|item)((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["[^"\]]+"\])+)/g;
const SEGMENT = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\["([^"\]]+)"\]/g;

/**
 * Simple paths in a template's expressions (`$trigger.lead.nmae`) that the sample data does not
 * have, although the object they read from is there: most likely a typo, flagged before it runs
 * as an empty value. Paths into data the editor has no sample of are not flagged.
 */
export function missingPaths(text: string, scope: { $trigger: unknown; $steps: Record<string, unknown>; $prev: unknown; $item?: unknown }): string[] {
  const missing: string[] = [];
  for (const part of text.split('{{').slice(1)) {
    const expression = part.split('}}')[0];
    for (const match of expression.matchAll(SIMPLE_PATH)) {
      // A call or an index by expression after the path: not a plain read, leave it to the preview.
      if (/^\s*[([]/.test(expression.slice((match.index ?? 0) + match[0].length))) continue;
      const root = match[1] === 'trigger' ? scope.$trigger : match[1] === 'steps' ? scope.$steps : match[1] === 'prev' ? scope.$prev : scope.$item;
      const segments = [...match[2].matchAll(SEGMENT)].map((m) => m[1] ?? m[2] ?? m[3]);
      let current: unknown = root;
      for (let i = 0; i < segments.length; i++) {
        if (current === null || typeof current !== 'object') break;
        // An empty sample ({}) says nothing about its shape; an array's methods and length are fine.
        if (!Array.isArray(current) && Object.keys(current).length === 0) break;
        if (Array.isArray(current) && !/^\d+$/.test(segments[i])) break;
        if (!Object.hasOwn(current, segments[i])) {
          missing.push(`$${match[1]}${match[2]}`);
          break;
        }
        current = (current as Record<string, unknown>)[segments[i]];
      }
    }
  }
  return [...new Set(missing)];
}
