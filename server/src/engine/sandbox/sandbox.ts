import ivm from 'isolated-vm';
import { BOOTSTRAP_SOURCE } from './bootstrap';

export type SandboxFailure = 'syntax' | 'runtime' | 'timeout' | 'memory';

export class SandboxError extends Error {
  constructor(readonly reason: SandboxFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SandboxError';
  }
}

export interface SandboxOptions {
  /** Isolates kept warm; sync evaluations use an idle one, code runs spread over them. */
  poolSize?: number;
  memoryLimitMb?: number;
  /** Per expression evaluation. */
  timeoutMs?: number;
  /** Per code-node run, including the promise settling. */
  codeTimeoutMs?: number;
  /** Compiled functions kept per isolate (LRU). */
  cacheSize?: number;
}

type Kind = 'expression' | 'code';
type Form = Kind | 'statements';
type Compiled = ivm.Reference<(...args: unknown[]) => unknown>;

interface Slot {
  isolate: ivm.Isolate;
  compile: ivm.Reference<(form: Form, params: string[], source: string) => unknown>;
  noop: ivm.Reference<() => void>;
  cache: Map<string, Compiled>;
  busy: number;
  broken: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const TIMED_OUT = 'Script execution timed out.';

/**
 * Runs user expressions and code-node bodies in pooled isolated-vm isolates. Each isolate has one
 * long-lived, frozen context (see bootstrap.ts), so reuse is cheap and nothing written by one run
 * is visible to the next. Values cross the boundary only as structured-clone copies.
 */
export class Sandbox {
  private readonly slots: (Slot | undefined)[];
  private readonly memoryLimitMb: number;
  private readonly timeoutMs: number;
  private readonly codeTimeoutMs: number;
  private readonly cacheSize: number;
  private next = 0;
  private replaced = 0;
  private disposed = false;

  constructor(options: SandboxOptions = {}) {
    this.slots = new Array(Math.max(1, options.poolSize ?? 2)).fill(undefined);
    this.memoryLimitMb = options.memoryLimitMb ?? 64;
    this.timeoutMs = options.timeoutMs ?? 100;
    this.codeTimeoutMs = options.codeTimeoutMs ?? 1000;
    this.cacheSize = options.cacheSize ?? 1000;
  }

  /**
   * Evaluates a JS expression synchronously. Scope keys become parameters of a cached function;
   * only the ones the source mentions are copied in, so a large `$steps` costs nothing to
   * expressions that do not read it.
   */
  evaluate(expression: string, scope: Record<string, unknown>, options?: { timeoutMs?: number }): unknown {
    const source = normalizeExpression(expression);
    const names = scopeNames(scope);
    const timeout = options?.timeoutMs ?? this.timeoutMs;
    const index = this.pick(true);
    const slot = this.slot(index);
    try {
      const fn = this.compiled(slot, 'expression', names, source, timeout);
      return fn.applySync(undefined, argumentsFor(source, names, scope), {
        arguments: { copy: true },
        result: { copy: true },
        timeout,
      });
    } catch (error) {
      throw this.failure(index, slot, error, timeout, source);
    }
  }

  /**
   * Runs a code-node body: the body of an `async` function with the scope's names as parameters.
   * It may `return` any copyable value and `await` promises made inside the sandbox; there are no
   * timers or I/O to wait for, so a promise that never settles ends as a timeout.
   */
  async runCode(body: string, scope: Record<string, unknown>, options?: { timeoutMs?: number }): Promise<unknown> {
    const names = scopeNames(scope);
    const timeout = options?.timeoutMs ?? this.codeTimeoutMs;
    const index = this.pick(false);
    const slot = this.slot(index);
    slot.busy++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const fn = this.compiled(slot, 'code', names, body, timeout);
      const call = fn.apply(undefined, argumentsFor(body, names, scope), {
        arguments: { copy: true },
        result: { copy: true, promise: true },
        timeout,
      });
      // isolated-vm's timeout covers running code and microtasks, not a promise left pending.
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SandboxError('timeout', `timed out after ${timeout} ms`)), timeout + 50);
      });
      call.catch(() => undefined);
      return await Promise.race([call, stalled]);
    } catch (error) {
      throw this.failure(index, slot, error, timeout, body);
    } finally {
      clearTimeout(timer);
      slot.busy--;
    }
  }

  /** Compiles (never runs) an expression; returns the SyntaxError message or null. */
  checkSyntax(expression: string): string | null {
    if (expression.trim().replace(/;+\s*$/, '') === '') return 'empty expression';
    return this.syntaxOf('expression', normalizeExpression(expression));
  }

  checkCodeSyntax(body: string): string | null {
    return this.syntaxOf('code', body);
  }

  /** For metrics and tests: live isolates, compiled functions held, isolates replaced after dying. */
  stats(): { isolates: number; compiled: number; replaced: number } {
    const live = this.slots.filter((slot): slot is Slot => slot !== undefined);
    return { isolates: live.length, compiled: live.reduce((n, slot) => n + slot.cache.size, 0), replaced: this.replaced };
  }

  dispose(): void {
    this.disposed = true;
    for (let i = 0; i < this.slots.length; i++) this.retire(i);
  }

  private syntaxOf(kind: Kind, source: string): string | null {
    const index = this.pick(true);
    const slot = this.slot(index);
    try {
      this.build(slot, kind, [], source, this.timeoutMs).release();
      return null;
    } catch (error) {
      if (error instanceof SandboxError && error.reason === 'syntax') return (error.cause as Error).message;
      throw this.failure(index, slot, error, this.timeoutMs, source);
    }
  }

  private compiled(slot: Slot, kind: Kind, names: string[], source: string, timeout: number): Compiled {
    const key = `${kind}\u0000${names.join(',')}\u0000${source}`;
    const hit = slot.cache.get(key);
    if (hit) {
      slot.cache.delete(key);
      slot.cache.set(key, hit);
      return hit;
    }
    const fn = this.build(slot, kind, names, source, timeout);
    slot.cache.set(key, fn);
    if (slot.cache.size > this.cacheSize) {
      const [oldest, evicted] = slot.cache.entries().next().value!;
      slot.cache.delete(oldest);
      evicted.release();
    }
    return fn;
  }

  private build(slot: Slot, kind: Kind, names: string[], source: string, timeout: number): Compiled {
    const compile = (form: Form) =>
      slot.compile.applySync(undefined, [form, names, source], {
        arguments: { copy: true },
        result: { reference: true },
        timeout,
      }) as Compiled;
    try {
      return compile(kind);
    } catch (error) {
      if (!isSyntaxError(error)) throw error;
      if (kind === 'code') throw syntaxFailure(error);
    }
    // Not an expression; maybe statements. Their parse error is the one to report: it points at the
    // user's text rather than at the parenthesis the expression wrapper adds.
    try {
      slot.isolate.compileScriptSync(`"use strict";${source}`).release();
    } catch (error) {
      throw isSyntaxError(error) ? syntaxFailure(error) : error;
    }
    return compile('statements');
  }

  /** Translates whatever isolated-vm threw into a SandboxError, replacing the isolate if it died. */
  private failure(index: number, slot: Slot, error: unknown, timeout: number, source: string): SandboxError {
    const dead = slot.broken || slot.isolate.isDisposed;
    if (dead && this.slots[index] === slot) {
      this.retire(index);
      this.replaced++;
    }
    if (error instanceof SandboxError) return error;
    if (!dead) this.flush(slot);
    const message = isError(error) ? error.message : '';
    if (dead || /memory limit/.test(message)) {
      return new SandboxError('memory', `ran out of memory (limit ${this.memoryLimitMb} MB)`, { cause: error });
    }
    if (message === TIMED_OUT) return new SandboxError('timeout', `timed out after ${timeout} ms`, { cause: error });
    return new SandboxError('runtime', describe(error, source), { cause: error });
  }

  /**
   * V8 leaves the failure of a dynamic import() pending in the isolate when no host loader exists;
   * it would surface in the next, unrelated call. An empty call after every error drains it.
   */
  private flush(slot: Slot): void {
    try {
      slot.noop.applySync(undefined, [], { timeout: this.timeoutMs });
    } catch {
      // the pending error is the one being discarded
    }
  }

  /**
   * Sync work takes the first idle isolate, so one stays hot and compiles each expression once
   * (applySync on an isolate busy with a code run would block until that run ends). Code runs
   * spread round-robin over the least busy isolates, as they may overlap.
   */
  private pick(sync: boolean): number {
    this.assertOpen();
    const count = this.slots.length;
    if (sync) {
      const idle = this.slots.findIndex((slot) => (slot?.busy ?? 0) === 0);
      if (idle >= 0) return idle;
    }
    let best = this.next % count;
    for (let step = 1; step < count; step++) {
      const i = (this.next + step) % count;
      if ((this.slots[i]?.busy ?? 0) < (this.slots[best]?.busy ?? 0)) best = i;
    }
    this.next = (best + 1) % count;
    return best;
  }

  private slot(index: number): Slot {
    return (this.slots[index] ??= this.createSlot());
  }

  private createSlot(): Slot {
    const slot = { cache: new Map(), busy: 0, broken: false } as unknown as Slot;
    slot.isolate = new ivm.Isolate({
      memoryLimit: this.memoryLimitMb,
      onCatastrophicError: () => {
        slot.broken = true;
      },
    });
    const context = slot.isolate.createContextSync();
    slot.compile = context.evalSync(BOOTSTRAP_SOURCE, { reference: true }) as Slot['compile'];
    slot.noop = context.evalSync('(function () {})', { reference: true }) as Slot['noop'];
    return slot;
  }

  private retire(index: number): void {
    const slot = this.slots[index];
    this.slots[index] = undefined;
    if (slot && !slot.isolate.isDisposed) slot.isolate.dispose();
  }

  private assertOpen(): void {
    if (this.disposed) throw new Error('Sandbox is disposed');
  }
}

// isolated-vm builds its errors in Node's main realm; under jest (a vm context) instanceof fails.
function isError(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';
}

function isSyntaxError(value: unknown): value is Error {
  return isError(value) && value.name === 'SyntaxError';
}

/** The script compiler appends a position in our wrapped source; it would only mislead users. */
function syntaxFailure(error: Error): SandboxError {
  const message = error.message.replace(/\s*\[<isolated-vm>:\d+:\d+\]$/, '');
  return new SandboxError('syntax', `SyntaxError: ${message}`, { cause: new SyntaxError(message) });
}

/** Trailing semicolons are a habit from statements; they make `return (x;)` invalid. */
function normalizeExpression(expression: string): string {
  const source = expression.trim().replace(/;+\s*$/, '');
  if (source === '') throw new SandboxError('syntax', 'SyntaxError: empty expression');
  return source;
}

function scopeNames(scope: Record<string, unknown>): string[] {
  const names = Object.keys(scope);
  for (const name of names) {
    if (!IDENTIFIER.test(name) || name === 'eval' || name === 'arguments') {
      throw new SandboxError('runtime', `scope name '${name}' is not a JavaScript identifier`);
    }
  }
  return names;
}

/** `arguments` and direct `eval` can reach parameters without naming them; then copy everything. */
function argumentsFor(source: string, names: string[], scope: Record<string, unknown>): unknown[] {
  const all = source.includes('arguments') || source.includes('eval');
  return names.map((name) => (all || source.includes(name) ? scope[name] : undefined));
}

function describe(error: unknown, source: string): string {
  if (!isError(error)) return `Uncaught ${String(error)}`;
  if (error.message === 'Not supported' && source.includes('import')) {
    return 'Error: import() is not available in the sandbox';
  }
  if (/could not be cloned|Unsupported type/.test(error.message)) {
    return `a value cannot cross the sandbox boundary (functions, symbols and promises are not data): ${error.message}`;
  }
  return `${error.name}: ${error.message}`;
}
