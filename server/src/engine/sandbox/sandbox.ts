import ivm from 'isolated-vm';
import type { CalendarData } from '@flowbridge/nodes/sdk/calendar';
import { BOOTSTRAP_SOURCE } from './bootstrap';
import { isBoundedExpression } from './bounded-expression';

export type SandboxFailure = 'syntax' | 'runtime' | 'timeout' | 'memory';

export class SandboxError extends Error {
  constructor(readonly reason: SandboxFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SandboxError';
  }
}

export interface SandboxOptions {
  /**
   * Isolates kept warm, one per evaluation running at a time. Each serves one evaluation at a time,
   * so a run that spins or blows its memory limit only ever takes its own evaluation down.
   */
  poolSize?: number;
  memoryLimitMb?: number;
  /** Per expression evaluation, counted from when it starts running, not while it waits for an isolate. */
  timeoutMs?: number;
  /** Per code-node run, including the promise settling; queueing time does not count. */
  codeTimeoutMs?: number;
  /** Compiled functions kept per isolate (LRU). */
  cacheSize?: number;
  /** Told how long each evaluation held its isolate (metrics). */
  observe?: (kind: 'expression' | 'code', seconds: number) => void;
}

/**
 * What the zoned helpers ($date, $formatDate, $workdays) of one evaluation work with: the flow's
 * time zone (UTC without one) and production calendar. A calendar is copied into an isolate once
 * per version, not per evaluation.
 */
export interface EvaluationEnv {
  timezone?: string;
  calendar?: CalendarData;
}

export interface EvaluationOptions {
  timeoutMs?: number;
  env?: EvaluationEnv;
}

type Kind = 'expression' | 'code';
type Form = Kind | 'statements';
type Compiled = ivm.Reference<(...args: unknown[]) => unknown>;

interface Entry {
  fn: Compiled;
  /** Cannot loop (bounded-expression.ts): called on this thread, skipping the hop to isolated-vm's. */
  sync: boolean;
}

interface Slot {
  isolate: ivm.Isolate;
  compile: ivm.Reference<(form: Form, params: string[], source: string) => unknown>;
  noop: ivm.Reference<() => void>;
  install: ivm.Reference<(key: string, data: CalendarData) => void>;
  /** Calendar id → the "id@version" this isolate holds. */
  calendars: Map<string, string>;
  cache: Map<string, Entry>;
  broken: boolean;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const TIMED_OUT = 'Script execution timed out.';
/** How long copying a production calendar into an isolate may take (several years of days). */
const CALENDAR_INSTALL_TIMEOUT_MS = 2_000;

/**
 * Runs user expressions and code-node bodies in pooled isolated-vm isolates. Each isolate has one
 * long-lived, frozen context (see bootstrap.ts), so reuse is cheap and nothing written by one run
 * is visible to the next. Values cross the boundary only as structured-clone copies.
 *
 * Evaluations that can loop run on isolated-vm's own threads, so a spinning expression never stalls
 * the event loop that serves HTTP; only expressions without calls or functions, which cannot loop,
 * run on the calling thread (bounded-expression.ts). Each isolate runs one evaluation at a time;
 * the others wait in a FIFO queue, and their time limit starts only once they hold an isolate.
 */
export class Sandbox {
  private readonly slots: (Slot | undefined)[];
  private readonly idle: number[];
  private readonly waiting: { resolve: (index: number) => void; reject: (error: Error) => void }[] = [];
  /** Syntax checks compile synchronously; an isolate of their own is never busy with a run. */
  private checker: Slot | undefined;
  private readonly memoryLimitMb: number;
  private readonly timeoutMs: number;
  private readonly codeTimeoutMs: number;
  private readonly cacheSize: number;
  private replaced = 0;
  private disposed = false;
  private readonly observe?: SandboxOptions['observe'];

  constructor(options: SandboxOptions = {}) {
    const size = Math.max(1, options.poolSize ?? 2);
    this.slots = new Array(size).fill(undefined);
    this.idle = Array.from({ length: size }, (_, i) => i);
    this.memoryLimitMb = options.memoryLimitMb ?? 64;
    this.timeoutMs = options.timeoutMs ?? 100;
    this.codeTimeoutMs = options.codeTimeoutMs ?? 1000;
    this.cacheSize = options.cacheSize ?? 1000;
    this.observe = options.observe;
  }

  /** Times the work done while holding an isolate, queueing excluded. */
  private async timed<T>(kind: 'expression' | 'code', work: () => Promise<T>): Promise<T> {
    if (!this.observe) return work();
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.observe(kind, (performance.now() - started) / 1000);
    }
  }

  /**
   * Evaluates a JS expression. Scope keys become parameters of a cached function; only the ones
   * the source mentions are copied in, so a large `$steps` costs nothing to expressions that do
   * not read it.
   */
  async evaluate(expression: string, scope: Record<string, unknown>, options?: EvaluationOptions): Promise<unknown> {
    this.assertOpen();
    const source = normalizeExpression(expression);
    const names = scopeNames(scope);
    const timeout = options?.timeoutMs ?? this.timeoutMs;
    const args = argumentsFor(source, names, scope);
    return this.withSlot(source, timeout, (slot) => this.timed('expression', async () => {
      const { fn, sync } = await this.compiled(slot, 'expression', names, source, timeout);
      const env = await this.envArguments(slot, source, options?.env, timeout);
      const call = { arguments: { copy: true }, result: { copy: true }, timeout } as const;
      return sync ? fn.applySync(undefined, [...env, ...args], call) : fn.apply(undefined, [...env, ...args], call);
    }));
  }

  /**
   * Runs a code-node body: the body of an `async` function with the scope's names as parameters.
   * It may `return` any copyable value and `await` promises made inside the sandbox; there are no
   * timers or I/O to wait for, so a promise that never settles ends as a timeout.
   */
  async runCode(body: string, scope: Record<string, unknown>, options?: EvaluationOptions): Promise<unknown> {
    this.assertOpen();
    const names = scopeNames(scope);
    const timeout = options?.timeoutMs ?? this.codeTimeoutMs;
    const args = argumentsFor(body, names, scope);
    return this.withSlot(body, timeout, (slot) => this.timed('code', async () => {
      const { fn } = await this.compiled(slot, 'code', names, body, timeout);
      const env = await this.envArguments(slot, body, options?.env, timeout);
      const call = fn.apply(undefined, [...env, ...args], { arguments: { copy: true }, result: { copy: true, promise: true }, timeout });
      call.catch(() => undefined);
      // isolated-vm's timeout covers running code and microtasks, not a promise left pending.
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // Whatever the call still holds must not reach the next run on this isolate.
          slot.broken = true;
          reject(new SandboxError('timeout', `timed out after ${timeout} ms`));
        }, timeout + 50);
      });
      try {
        return await Promise.race([call, stalled]);
      } finally {
        clearTimeout(timer);
      }
    }));
  }

  /** Compiles (never runs) an expression; returns the SyntaxError message or null. */
  checkSyntax(expression: string): string | null {
    if (expression.trim().replace(/;+\s*$/, '') === '') return 'empty expression';
    return this.syntaxOf('expression', normalizeExpression(expression));
  }

  checkCodeSyntax(body: string): string | null {
    return this.syntaxOf('code', body);
  }

  /** For metrics and tests: live isolates, compiled functions held, isolates replaced after dying, evaluations waiting. */
  stats(): { isolates: number; compiled: number; replaced: number; queued: number } {
    const live = this.slots.filter((slot): slot is Slot => slot !== undefined);
    return { isolates: live.length, compiled: live.reduce((n, slot) => n + slot.cache.size, 0), replaced: this.replaced, queued: this.waiting.length };
  }

  dispose(): void {
    this.disposed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('Sandbox is disposed'));
    for (let i = 0; i < this.slots.length; i++) this.retire(i);
    if (this.checker && !this.checker.isolate.isDisposed) this.checker.isolate.dispose();
    this.checker = undefined;
  }

  private async withSlot<T>(source: string, timeout: number, work: (slot: Slot) => Promise<T>): Promise<T> {
    const index = await this.acquire();
    try {
      const slot = await this.slot(index);
      try {
        return await work(slot);
      } catch (error) {
        throw this.failure(index, slot, error, timeout, source);
      }
    } finally {
      this.release(index);
    }
  }

  /** The calendar key and time zone a compiled function takes first; installs the calendar when this isolate lacks its version. */
  private async envArguments(slot: Slot, source: string, env: EvaluationEnv | undefined, timeout: number): Promise<[string | null, string | null]> {
    const timezone = env?.timezone ?? null;
    const calendar = env?.calendar;
    if (!calendar) return [null, timezone];
    const key = `${calendar.id}@${calendar.version}`;
    // Only sources that can reach $workdays pay for copying a calendar in.
    const mayUse = source.includes('$workdays') || source.includes('eval') || source.includes('arguments');
    if (!mayUse) return [null, timezone];
    if (slot.calendars.get(calendar.id) !== key) {
      // Copying a calendar in is our work, not the expression's: it must not eat the expression's
      // budget (on a loaded machine it alone took over 100 ms), but it is bounded all the same.
      await slot.install.apply(undefined, [key, calendar], { arguments: { copy: true }, timeout: Math.max(timeout, CALENDAR_INSTALL_TIMEOUT_MS) });
      slot.calendars.set(calendar.id, key);
    }
    return [key, timezone];
  }

  private acquire(): Promise<number> {
    this.assertOpen();
    const index = this.idle.pop();
    if (index !== undefined) return Promise.resolve(index);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(index: number): void {
    const next = this.waiting.shift();
    if (next) next.resolve(index);
    else this.idle.push(index);
  }

  private syntaxOf(kind: Kind, source: string): string | null {
    this.assertOpen();
    const slot = (this.checker ??= this.createSlot());
    try {
      const compile = (form: Form) => slot.compile.applySync(undefined, [form, [], source], { arguments: { copy: true }, result: { reference: true }, timeout: this.timeoutMs }) as Compiled;
      try {
        compile(kind).release();
        return null;
      } catch (error) {
        if (!isSyntaxError(error)) throw error;
        if (kind === 'code') return syntaxMessage(error);
      }
      try {
        slot.isolate.compileScriptSync(`"use strict";${source}`).release();
        return null;
      } catch (error) {
        if (isSyntaxError(error)) return syntaxMessage(error);
        throw error;
      }
    } catch (error) {
      if (slot.broken || slot.isolate.isDisposed) this.checker = undefined;
      throw new SandboxError('runtime', describe(error, source), { cause: error });
    }
  }

  private async compiled(slot: Slot, kind: Kind, names: string[], source: string, timeout: number): Promise<Entry> {
    const key = `${kind}\u0000${names.join(',')}\u0000${source}`;
    const hit = slot.cache.get(key);
    if (hit) {
      slot.cache.delete(key);
      slot.cache.set(key, hit);
      return hit;
    }
    const { fn, form } = await this.build(slot, kind, names, source, timeout);
    const entry = { fn, sync: form === 'expression' && isBoundedExpression(source) };
    slot.cache.set(key, entry);
    if (slot.cache.size > this.cacheSize) {
      const [oldest, evicted] = slot.cache.entries().next().value!;
      slot.cache.delete(oldest);
      evicted.fn.release();
    }
    return entry;
  }

  private async build(slot: Slot, kind: Kind, names: string[], source: string, timeout: number): Promise<{ fn: Compiled; form: Form }> {
    const compile = (form: Form) =>
      slot.compile.apply(undefined, [form, names, source], {
        arguments: { copy: true },
        result: { reference: true },
        timeout,
      }) as Promise<Compiled>;
    try {
      return { fn: await compile(kind), form: kind };
    } catch (error) {
      if (!isSyntaxError(error)) throw error;
      if (kind === 'code') throw syntaxFailure(error);
    }
    // Not an expression; maybe statements. Their parse error is the one to report: it points at the
    // user's text rather than at the parenthesis the expression wrapper adds.
    try {
      (await slot.isolate.compileScript(`"use strict";${source}`)).release();
    } catch (error) {
      throw isSyntaxError(error) ? syntaxFailure(error) : error;
    }
    return { fn: await compile('statements'), form: 'statements' };
  }

  /** Translates whatever isolated-vm threw into a SandboxError, replacing the isolate if it died. */
  private failure(index: number, slot: Slot, error: unknown, timeout: number, source: string): SandboxError {
    const dead = slot.isolate.isDisposed || (slot.broken && !(error instanceof SandboxError && error.reason === 'timeout'));
    if ((slot.broken || slot.isolate.isDisposed) && this.slots[index] === slot) {
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
   * it would surface in the next, unrelated call. An empty call after every error drains it. The
   * isolate is ours alone at this point, so the sync call cannot wait behind other work.
   */
  private flush(slot: Slot): void {
    try {
      slot.noop.applySync(undefined, [], { timeout: this.timeoutMs });
    } catch {
      // the pending error is the one being discarded
    }
  }

  /**
   * An isolate killed while idle (a catastrophic error) is replaced before anyone uses it. The new
   * context is built on isolated-vm's thread: freezing the realm takes milliseconds the event loop
   * should spend serving requests.
   */
  private async slot(index: number): Promise<Slot> {
    const current = this.slots[index];
    if (current && (current.broken || current.isolate.isDisposed)) {
      this.retire(index);
      this.replaced++;
    }
    if (this.slots[index]) return this.slots[index];
    const slot = { cache: new Map(), calendars: new Map(), broken: false } as unknown as Slot;
    slot.isolate = new ivm.Isolate({
      memoryLimit: this.memoryLimitMb,
      onCatastrophicError: () => {
        slot.broken = true;
      },
    });
    const context = await slot.isolate.createContext();
    const root = (await context.eval(BOOTSTRAP_SOURCE, { reference: true })) as ivm.Reference<{ compile: Slot['compile']; install: Slot['install'] }>;
    slot.compile = (await root.get('compile', { reference: true })) as unknown as Slot['compile'];
    slot.install = (await root.get('install', { reference: true })) as unknown as Slot['install'];
    root.release();
    slot.noop = (await context.eval('(function () {})', { reference: true })) as Slot['noop'];
    if (this.disposed) slot.isolate.dispose();
    this.assertOpen();
    return (this.slots[index] = slot);
  }

  private createSlot(): Slot {
    const slot = { cache: new Map(), calendars: new Map(), broken: false } as unknown as Slot;
    slot.isolate = new ivm.Isolate({
      memoryLimit: this.memoryLimitMb,
      onCatastrophicError: () => {
        slot.broken = true;
      },
    });
    const context = slot.isolate.createContextSync();
    const root = context.evalSync(BOOTSTRAP_SOURCE, { reference: true }) as ivm.Reference<{ compile: Slot['compile']; install: Slot['install'] }>;
    slot.compile = root.getSync('compile', { reference: true }) as unknown as Slot['compile'];
    slot.install = root.getSync('install', { reference: true }) as unknown as Slot['install'];
    root.release();
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
function syntaxMessage(error: Error): string {
  return error.message.replace(/\s*\[<isolated-vm>:\d+:\d+\]$/, '');
}

function syntaxFailure(error: Error): SandboxError {
  const message = syntaxMessage(error);
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
