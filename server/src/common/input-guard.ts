import type { NextFunction, Request, Response } from 'express';

/** Deeper than any flow, form or webhook we know of; deep enough input overflows recursive code later on. */
export const MAX_INPUT_DEPTH = 64;

export interface InputFlaw {
  field: string;
  message: string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/;

function textFlaw(text: string): string | null {
  if (!UNSTORABLE.test(text)) return null;
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  return LONE_SURROGATE.test(text) ? 'contains a lone UTF-16 surrogate (not valid Unicode)' : null;
}

interface Visit {
  value: unknown;
  depth: number;
  parent: Visit | null;
  key: string;
}

/** The dotted path of a visit, built only for the one that is reported. */
function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | null = visit; at; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}

/**
 * The first thing in a parsed request that no route may accept: nesting past the limit, NUL or a lone
 * surrogate in a string or key (Postgres refuses both), or a `__proto__` key. Walks with its own stack,
 * so a hostile depth cannot overflow ours.
 */
export function findInputFlaw(value: unknown, root: string, options: { checkText?: boolean; maxDepth?: number } = {}): InputFlaw | null {
  const { checkText = true, maxDepth = MAX_INPUT_DEPTH } = options;
  const stack: Visit[] = [{ value, depth: 0, parent: null, key: root }];
  while (stack.length) {
    const visit = stack.pop()!;
    const current = visit.value;
    if (typeof current === 'string') {
      const flaw = checkText ? textFlaw(current) : null;
      if (flaw) return { field: pathOf(visit), message: `'${pathOf(visit)}' ${flaw}` };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (visit.depth >= maxDepth) return { field: pathOf(visit), message: `'${pathOf(visit)}' is nested deeper than ${maxDepth} levels` };
    const depth = visit.depth + 1;
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++) stack.push({ value: current[i], depth, parent: visit, key: String(i) });
      continue;
    }
    for (const key of Object.keys(current)) {
      const keyFlaw = key === '__proto__' ? 'is a reserved key' : checkText ? textFlaw(key) : null;
      if (keyFlaw) return { field: `${pathOf(visit)}.${key}`, message: `Key '${JSON.stringify(key).slice(1, -1)}' in '${pathOf(visit)}' ${keyFlaw}` };
      stack.push({ value: (current as Record<string, unknown>)[key], depth, parent: visit, key });
    }
  }
  return null;
}

function refuse(res: Response, flaw: InputFlaw): void {
  res.status(400).json({ statusCode: 400, error: 'bad_request', message: `Invalid request: ${flaw.message}`, field: flaw.field, issues: [flaw] });
}

/**
 * Runs after the body parsers, before any route. The API refuses malformed input with a 400 naming
 * the field. Webhooks are third-party deliveries whose senders would retry a refusal forever: only
 * their shape is refused, and their text is made storable when the run is stored (`storable`).
 */
export function inputGuard(req: Request, res: Response, next: NextFunction): void {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return refuse(res, { field: 'path', message: 'the path is not valid percent-encoded UTF-8' });
  }
  const hook = req.path.startsWith('/hooks/');
  const pathFlaw = textFlaw(path);
  if (pathFlaw) return refuse(res, { field: 'path', message: `the path ${pathFlaw}` });
  const flaw = findInputFlaw(req.query, 'query', { checkText: !hook }) ?? findInputFlaw(req.body, 'body', { checkText: !hook });
  if (flaw) return refuse(res, flaw);
  next();
}
