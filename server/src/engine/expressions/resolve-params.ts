import { ExpressionError, parseTemplate, singleExpression } from '@flowbridge/nodes/sdk';
import { Sandbox, SandboxError, type EvaluationEnv } from '../sandbox/sandbox';
import { isSimplePath, NOT_A_PATH, readOperation, readPath } from './property-path';

export interface ResolveContext {
  sandbox: Sandbox;
  scope: Record<string, unknown>;
  nodeId: string;
  /** Where the value sits inside the node's params, e.g. `fields.total` or `items[0].price`. */
  path: string;
  timeoutMs?: number;
  /** The flow's time zone and production calendar, for $date, $formatDate and $workdays. */
  env?: EvaluationEnv;
}

const SHOWN_EXPRESSION_LIMIT = 200;

/**
 * Resolves `{{ }}` templates anywhere inside a param value. A string that is exactly one template
 * keeps the value's type; mixed text becomes a string. Strings without `{{` are returned as is.
 */
export async function resolveValue(value: unknown, ctx: ResolveContext): Promise<unknown> {
  if (typeof value === 'string') return value.includes('{{') ? resolveString(value, ctx) : value;
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i++) items.push(await resolveValue(value[i], { ...ctx, path: `${ctx.path}[${i}]` }));
    return items;
  }
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(value)) {
      const path = ctx.path ? `${ctx.path}.${key}` : key;
      entries.push([key, await resolveValue(item, { ...ctx, path })]);
    }
    // fromEntries defines keys, so a "__proto__" key stays data instead of changing the prototype.
    return Object.fromEntries(entries);
  }
  return value;
}

/** Resolves every param whose field accepts expressions; the others stay literal. */
export async function resolveParams(
  params: Record<string, unknown>,
  fields: Record<string, { ui: { expressions: boolean } }>,
  ctx: Omit<ResolveContext, 'path'>,
): Promise<Record<string, unknown>> {
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(params)) {
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    entries.push([key, field?.ui.expressions ? await resolveValue(value, { ...ctx, path: key }) : value]);
  }
  return Object.fromEntries(entries);
}

/**
 * Syntax of every `{{ }}` inside a template string (not of a bare expression): null when all
 * compile, else the first problem followed by the expression it is about.
 */
export function checkTemplateSyntax(sandbox: Sandbox, template: string): string | null {
  let unmatched = template;
  for (const part of parseTemplate(template)) {
    if (!('expression' in part)) continue;
    unmatched = unmatched.replace(/\{\{[\s\S]*?\}\}/, '');
    if (isSimplePath(part.expression)) continue;
    const problem = sandbox.checkSyntax(part.expression);
    if (problem) return `${problem}: {{ ${shorten(part.expression)} }}`;
  }
  return unmatched.includes('{{') ? 'Unclosed {{ in template' : null;
}

async function resolveString(value: string, ctx: ResolveContext): Promise<unknown> {
  const single = singleExpression(value);
  if (single !== undefined) return evaluate(single, ctx);
  let text = '';
  for (const part of parseTemplate(value)) text += 'text' in part ? part.text : toText(await evaluate(part.expression, ctx), part.expression, ctx);
  return text;
}

async function evaluate(expression: string, ctx: ResolveContext): Promise<unknown> {
  try {
    const fast = readPath(expression, ctx.scope);
    if (fast !== NOT_A_PATH) return fast;
    const operation = readOperation(expression, ctx.scope);
    if (operation !== NOT_A_PATH) return operation;
    return await ctx.sandbox.evaluate(expression, ctx.scope, { timeoutMs: ctx.timeoutMs, env: ctx.env });
  } catch (error) {
    throw expressionError(error, expression, ctx);
  }
}

function toText(value: unknown, expression: string, ctx: ResolveContext): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (isDate(value)) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    throw expressionError(error, expression, ctx);
  }
}

function expressionError(error: unknown, expression: string, ctx: ResolveContext): ExpressionError {
  const where = ctx.path ? `${ctx.nodeId}.${ctx.path}` : ctx.nodeId;
  const reason = error instanceof SandboxError ? error.reason : 'runtime';
  const detail = error instanceof SandboxError ? error.message : describe(error);
  const what = reason === 'timeout' || reason === 'memory' ? detail : `failed: ${detail}`;
  return new ExpressionError(`Expression in '${where}' ${what}: {{ ${shorten(expression)} }}`, {
    field: ctx.path || undefined,
    details: { nodeId: ctx.nodeId, expression, reason },
    cause: error,
  });
}

/** Host-side failures (a cycle in JSON.stringify, say); realm-agnostic like the sandbox's. */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('message' in error)) return String(error);
  return `${(error as Error).name}: ${(error as Error).message}`;
}

function shorten(expression: string): string {
  return expression.length > SHOWN_EXPRESSION_LIMIT ? `${expression.slice(0, SHOWN_EXPRESSION_LIMIT)}…` : expression;
}

/** Realm-agnostic on purpose: sandbox results are built in Node's main realm, jest specs in another. */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}
