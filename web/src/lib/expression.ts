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
