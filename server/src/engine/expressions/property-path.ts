import { SandboxError } from '../sandbox/sandbox';

/** Returned when an expression is not a simple path, or reading it needs JS semantics. */
export const NOT_A_PATH: unique symbol = Symbol('not a path');

interface Step {
  key: string;
  optional: boolean;
}

const ROOT = /^[A-Za-z_$][\w$]*/y;
// `.name`, `?.name`, `[0]`, `['key']`, `["key"]`, `?.[…]`; quoted keys without escapes only.
const STEP = /(?:(\?\.|\.)([A-Za-z_$][\w$]*)|(\?\.)?\[(?:(0|[1-9]\d{0,14})|'([^'\\\r\n]*)'|"([^"\\\r\n]*)")\])/y;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const parsed = new Map<string, { root: string; steps: Step[] } | null>();
const PARSED_LIMIT = 5000;

function parse(expression: string): { root: string; steps: Step[] } | null {
  const cached = parsed.get(expression);
  if (cached !== undefined) return cached;
  let result: { root: string; steps: Step[] } | null = null;
  ROOT.lastIndex = 0;
  const root = ROOT.exec(expression);
  if (root) {
    const steps: Step[] = [];
    let at = root[0].length;
    STEP.lastIndex = at;
    for (let m = STEP.exec(expression); m && at < expression.length; m = STEP.exec(expression)) {
      const key = m[2] ?? m[4] ?? m[5] ?? m[6];
      steps.push({ key, optional: m[1] === '?.' || m[3] === '?.' });
      at = STEP.lastIndex;
    }
    if (at === expression.length && !steps.some((s) => FORBIDDEN.has(s.key))) result = { root: root[0], steps };
  }
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(expression, result);
  return result;
}

/** True for `$a.b[0]['c']`-style sources, which always compile. */
export function isSimplePath(expression: string): boolean {
  return parse(expression) !== null;
}

function isPlainData(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null; // any realm's Object.prototype
}

/**
 * Reads `$trigger.body.lead.price`-style paths in the host, skipping the isolate. It must give what
 * the sandbox would: own data properties only, a copy of objects, undefined for a missing key and
 * the same TypeError for reading through null/undefined. Anything else (inherited members, getters,
 * strings' `.length`, Dates, Maps) is left to the sandbox by returning NOT_A_PATH.
 */
export function readPath(expression: string, scope: Record<string, unknown>): unknown {
  const path = parse(expression);
  if (!path || !Object.hasOwn(scope, path.root)) return NOT_A_PATH;
  let current: unknown = scope[path.root];
  for (const { key, optional } of path.steps) {
    if (current === null || current === undefined) {
      if (optional) return undefined;
      throw new SandboxError('runtime', `TypeError: Cannot read properties of ${current} (reading '${key}')`);
    }
    if (typeof current !== 'object' || !isPlainData(current)) return NOT_A_PATH;
    const desc = Object.getOwnPropertyDescriptor(current, key);
    if (!desc) {
      const inherited = Array.isArray(current) ? Array.prototype : Object.prototype;
      if (key in inherited) return NOT_A_PATH;
      current = undefined;
    } else if (!('value' in desc)) {
      return NOT_A_PATH;
    } else {
      current = desc.value;
    }
  }
  if (typeof current === 'function' || typeof current === 'symbol') return NOT_A_PATH;
  if (current === null || typeof current !== 'object') return current;
  try {
    return structuredClone(current);
  } catch {
    return NOT_A_PATH; // let the sandbox report what cannot be copied, in its own words
  }
}

// A simple path, one arithmetic or comparison operator, a plain decimal literal (no octal-looking
// zeros, no exponent): `$trigger.body.amount > 100`, `$steps.shape.total * 1.2`.
const OPERATION = /^([\s\S]*?)\s*(===|!==|>=|<=|>|<|\*|\/|\+|-|%)\s*((?:0|[1-9]\d{0,14})(?:\.\d{1,15})?)\s*$/;
/** Longer sources are the sandbox's: the lazy split above is quadratic in the worst case. */
const OPERATION_LIMIT = 200;

/**
 * Computes `<path> <operator> <number>` in the host when the path holds a number: double arithmetic
 * and comparison give the same in both realms. Any other operand (a string, null, a missing key) is
 * coerced by JS rules, and is left to the sandbox, as is a path that cannot be read.
 */
export function readOperation(expression: string, scope: Record<string, unknown>): unknown {
  if (expression.length > OPERATION_LIMIT) return NOT_A_PATH;
  const match = OPERATION.exec(expression);
  if (!match) return NOT_A_PATH;
  let left: unknown;
  try {
    left = readPath(match[1].trim(), scope);
  } catch {
    return NOT_A_PATH;
  }
  if (typeof left !== 'number') return NOT_A_PATH;
  const right = Number(match[3]);
  switch (match[2]) {
    case '===': return left === right;
    case '!==': return left !== right;
    case '>=': return left >= right;
    case '<=': return left <= right;
    case '>': return left > right;
    case '<': return left < right;
    case '*': return left * right;
    case '/': return left / right;
    case '+': return left + right;
    case '-': return left - right;
    default: return left % right;
  }
}
