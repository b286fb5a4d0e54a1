/** `{{ … }}` templates inside string params. Pure parsing only: evaluation happens in the sandbox. */

export type TemplatePart = { text: string } | { expression: string };

export function parseTemplate(value: string): TemplatePart[] {
  // indexOf, not a lazy regex: an unclosed `{{` repeated 100k times would make the regex quadratic.
  const parts: TemplatePart[] = [];
  let last = 0;
  for (let open = value.indexOf('{{'); open !== -1; open = value.indexOf('{{', last)) {
    const close = value.indexOf('}}', open + 2);
    if (close === -1) break;
    if (open > last) parts.push({ text: value.slice(last, open) });
    parts.push({ expression: value.slice(open + 2, close).trim() });
    last = close + 2;
  }
  if (last < value.length) parts.push({ text: value.slice(last) });
  return parts;
}

/** A param that is exactly one `{{ }}` keeps the value's type; mixed text becomes a string. */
export function singleExpression(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed.startsWith('{{') || !trimmed.endsWith('}}') || trimmed.length < 4) return undefined;
  const inner = trimmed.slice(2, -2);
  if (inner.includes('{{') || inner.includes('}}')) return undefined;
  return inner.trim();
}

export function hasExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (Array.isArray(value)) return value.some(hasExpression);
  if (value && typeof value === 'object') return Object.values(value).some(hasExpression);
  return false;
}

/** Every expression inside a param value, with the dotted path of where it sits. */
export function collectExpressions(value: unknown, path: string): { path: string; expression: string }[] {
  if (typeof value === 'string') {
    return parseTemplate(value).flatMap((p) => ('expression' in p ? [{ path, expression: p.expression }] : []));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => collectExpressions(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => collectExpressions(v, `${path}.${k}`));
  }
  return [];
}
