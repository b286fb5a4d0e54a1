/** `{{ … }}` templates inside string params. Pure parsing only: evaluation happens in the sandbox. */
const EXPRESSION = /\{\{([\s\S]*?)\}\}/g;
const SINGLE = /^\s*\{\{([\s\S]*?)\}\}\s*$/;

export type TemplatePart = { text: string } | { expression: string };

export function parseTemplate(value: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of value.matchAll(EXPRESSION)) {
    if (match.index > last) parts.push({ text: value.slice(last, match.index) });
    parts.push({ expression: match[1].trim() });
    last = match.index + match[0].length;
  }
  if (last < value.length) parts.push({ text: value.slice(last) });
  return parts;
}

/** A param that is exactly one `{{ }}` keeps the value's type; mixed text becomes a string. */
export function singleExpression(value: string): string | undefined {
  const match = SINGLE.exec(value);
  if (!match || match[1].includes('{{') || match[1].includes('}}')) return undefined;
  return match[1].trim();
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
