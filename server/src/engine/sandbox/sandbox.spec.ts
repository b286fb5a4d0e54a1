import { Sandbox, SandboxError } from './sandbox';

const scope = () => ({
  $trigger: { body: { price: 100, lead: { name: 'Acme', tags: ['a', 'b'] } } },
  $steps: { invoice: { output: { id: 'INV-1', total: 120.5 } } },
  $now: '2026-12-28T09:30:00.000Z',
});

async function asyncFailureOf(promise: Promise<unknown>): Promise<SandboxError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SandboxError);
  return error as SandboxError;
}

describe('Sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = new Sandbox({ poolSize: 2 });
  });
  afterAll(() => sandbox.dispose());

  describe('evaluate', () => {
    it('evaluates expressions over the scope and keeps value types', async () => {
      expect(await sandbox.evaluate('$trigger.body.price * 1.2', scope())).toBe(120);
      expect(await sandbox.evaluate('$trigger.body.price > 50', scope())).toBe(true);
      expect(await sandbox.evaluate('$trigger.body.lead', scope())).toEqual({ name: 'Acme', tags: ['a', 'b'] });
      expect(await sandbox.evaluate('{ id: $steps.invoice.output.id, n: null }', scope())).toEqual({ id: 'INV-1', n: null });
      expect(await sandbox.evaluate('$trigger.missing', scope())).toBeUndefined();
      expect(await sandbox.evaluate('$trigger.body.lead.tags.map((t) => t.toUpperCase()).join("-")', scope())).toBe('A-B');
    });

    it('accepts a trailing semicolon and statements with a completion value', async () => {
      expect(await sandbox.evaluate('$trigger.body.price;', scope())).toBe(100);
      expect(await sandbox.evaluate('const p = $trigger.body.price; p / 4', scope())).toBe(25);
      expect(await sandbox.evaluate('if ($trigger.body.price > 10) { "big" } else { "small" }', scope())).toBe('big');
    });

    it('offers frozen date and rounding helpers', async () => {
      expect(await sandbox.evaluate('$formatDate($addDays($now, 5))', scope())).toBe('2027-01-02');
      expect(await sandbox.evaluate('$formatDate($now, "DD.MM.YYYY HH:mm")', scope())).toBe('28.12.2026 09:30');
      expect(await sandbox.evaluate('$date($now)', scope())).toEqual(new Date('2026-12-28T09:30:00.000Z'));
      expect(await sandbox.evaluate('[$round(1.005, 2), $round(-2.5), $round(2.345, 1)]', scope())).toEqual([1.01, -3, 2.3]);
      expect((await asyncFailureOf(sandbox.evaluate('$date("not a date")', scope()))).message).toBe('RangeError: Invalid date: not a date');
      expect((await asyncFailureOf(sandbox.evaluate('$round = 1', scope()))).reason).toBe('runtime');
    });

    it('reuses compiled functions instead of compiling again', async () => {
      const fresh = new Sandbox({ poolSize: 1 });
      try {
        for (let i = 0; i < 50; i++) await fresh.evaluate('$trigger.body.price + 1', scope());
        expect(fresh.stats().compiled).toBe(1);
        await fresh.evaluate('$trigger.body.price + 2', scope());
        expect(fresh.stats().compiled).toBe(2);
      } finally {
        fresh.dispose();
      }
    });

    it('bounds the compiled-function cache', async () => {
      const small = new Sandbox({ poolSize: 1, cacheSize: 3 });
      try {
        for (let i = 0; i < 10; i++) expect(await small.evaluate(`${i} + 1`, {})).toBe(i + 1);
        expect(small.stats().compiled).toBe(3);
      } finally {
        small.dispose();
      }
    });

    it('reports syntax errors, runtime errors and results that are not data', async () => {
      const syntax = (await asyncFailureOf(sandbox.evaluate('1 +', scope())));
      expect(syntax.reason).toBe('syntax');
      expect(syntax.message).toBe('SyntaxError: Unexpected end of input');
      expect((await asyncFailureOf(sandbox.evaluate('foo', scope()))).message).toBe('ReferenceError: foo is not defined');
      expect((await asyncFailureOf(sandbox.evaluate('$trigger.nope.x', scope()))).message).toBe(
        "TypeError: Cannot read properties of undefined (reading 'x')",
      );
      expect((await asyncFailureOf(sandbox.evaluate('(() => { throw 5 })()', scope()))).message).toBe('Uncaught 5');
      for (const notData of ['() => 1', 'Symbol("s")', '({ f() {} })', 'Promise.resolve(1)']) {
        const error = (await asyncFailureOf(sandbox.evaluate(notData, scope())));
        expect(error.reason).toBe('runtime');
        expect(error.message).toMatch(/cannot cross the sandbox boundary/);
      }
      expect((await asyncFailureOf(sandbox.evaluate('   ', scope()))).reason).toBe('syntax');
    });

    it('times out endless loops and stays usable', async () => {
      const started = Date.now();
      const error = (await asyncFailureOf(sandbox.evaluate('while (true) {}', scope())));
      expect(error.reason).toBe('timeout');
      expect(error.message).toBe('timed out after 100 ms');
      expect(Date.now() - started).toBeLessThan(2000);
      expect((await asyncFailureOf(sandbox.evaluate('(() => { for (;;) {} })()', scope(), { timeoutMs: 20 }))).message).toBe(
        'timed out after 20 ms',
      );
      expect(await sandbox.evaluate('1 + 1', scope())).toBe(2);
    });

    it('settles call-free expressions without a trip through the event loop, and keeps spinning ones off it', async () => {
      await sandbox.evaluate('$trigger.body.price * 2', scope());
      let turned = false;
      setImmediate(() => (turned = true));
      expect(await sandbox.evaluate('$trigger.body.price * 2', scope())).toBe(200);
      expect(turned).toBe(false);

      let ticks = 0;
      const timer = setInterval(() => ticks++, 2);
      try {
        const spin = '(() => { const end = Date.now() + 60; while (Date.now() < end); return 1 })()';
        expect(await sandbox.evaluate(spin, scope())).toBe(1);
      } finally {
        clearInterval(timer);
      }
      expect(ticks).toBeGreaterThan(3);
    });

    it('does not mutate host input objects', async () => {
      const input = scope();
      const before = structuredClone(input);
      expect(await sandbox.evaluate('($trigger.body.price = 5, $trigger.body.lead.tags.push("x"), $trigger.body)', input)).toEqual({
        price: 5,
        lead: { name: 'Acme', tags: ['a', 'b', 'x'] },
      });
      expect(input).toEqual(before);
    });

    it('gives the caller a copy, not a live object', async () => {
      const first = (await sandbox.evaluate('$trigger.body', scope())) as { price: number };
      first.price = 1;
      expect(await sandbox.evaluate('$trigger.body.price', scope())).toBe(100);
    });

    it('rejects scope names that cannot be parameters', async () => {
      await expect(sandbox.evaluate('1', { 'my-var': 1 })).rejects.toThrow(/not a JavaScript identifier/);
      await expect(sandbox.evaluate('1', { eval: 1 })).rejects.toThrow(/not a JavaScript identifier/);
    });
  });

  describe('isolation', () => {
    it('has no host objects, timers or module loading', async () => {
      expect(await sandbox.evaluate('[typeof require, typeof process, typeof setTimeout, typeof fetch, typeof console, typeof module]', {})).toEqual(
        Array(6).fill('undefined'),
      );
      expect((await asyncFailureOf(sandbox.evaluate('require("fs")', {}))).message).toBe('ReferenceError: require is not defined');
    });

    it('keeps the constructor escape inside the sandbox', async () => {
      expect((await asyncFailureOf(sandbox.evaluate('this.constructor.constructor("return process")()', {}))).reason).toBe('runtime');
      expect(await sandbox.evaluate('({}).constructor.constructor("return typeof process")()', {})).toBe('undefined');
      expect(await sandbox.evaluate('Function("return this")() === globalThis', {})).toBe(true);
      expect(await sandbox.evaluate('Object.isFrozen(Function("return this")())', {})).toBe(true);
      expect(await sandbox.evaluate('Function("return this")().process', {})).toBeUndefined();
      expect(await sandbox.evaluate('(0, eval)("typeof process")', {})).toBe('undefined');
    });

    it('fails dynamic import cleanly, and the next evaluation is unaffected', async () => {
      expect((await asyncFailureOf(sandbox.evaluate('import("fs")', {}))).reason).toBe('runtime');
      expect(await sandbox.evaluate('2 + 2', {})).toBe(4);
      expect((await asyncFailureOf(sandbox.evaluate('(import("fs"), 1)', {}))).message).toBe('Error: import() is not available in the sandbox');
      expect(await sandbox.evaluate('3 + 3', {})).toBe(6);
    });

    it('leaks no state between evaluations', async () => {
      const single = new Sandbox({ poolSize: 1 });
      try {
        const attempts = [
          'globalThis.leak = 1',
          'Object.prototype.polluted = 1',
          'Array.prototype.y = 1',
          'JSON.parse = () => 1',
          'Math.random = () => 4',
          'Object.defineProperty(globalThis, "leak", { value: 1 })',
          '(0, eval)("var leak = 1")',
          'Object.getPrototypeOf(function* () {}).extra = 1',
        ];
        for (const attempt of attempts) expect((await asyncFailureOf(single.evaluate(attempt, {}))).message).toMatch(/^TypeError/);
        expect(await single.evaluate('var leak = 1; leak', {})).toBe(1);
        expect(await single.evaluate('Function("leak = 2")(), typeof leak', {})).toBe('undefined');
        expect(await single.evaluate('[typeof leak, ({}).polluted, [].y, typeof Math.random()]', {})).toEqual(['undefined', undefined, undefined, 'number']);
        // legacy RegExp statics would carry the previous run's matched text
        await single.evaluate('/(secret-\\d+)/.exec("token secret-42")', {});
        expect(await single.evaluate('typeof RegExp.$1', {})).toBe('undefined');
      } finally {
        single.dispose();
      }
    });

    it('still lets code assign over inherited built-in members on its own objects', async () => {
      expect(await sandbox.evaluate('(() => { const e = new Error("m"); e.name = "Custom"; return String(e) })()', {})).toBe('Custom: m');
      expect(await sandbox.evaluate('(() => { const o = {}; o.toString = () => "mine"; return `${o}` })()', {})).toBe('mine');
      expect((await asyncFailureOf(sandbox.evaluate('Object.prototype.toString = () => "x"', {}))).reason).toBe('runtime');
      expect(await sandbox.evaluate('String({})', {})).toBe('[object Object]');
    });
  });

  describe('memory', () => {
    it('refuses a 1 GB string without harming the host', async () => {
      const error = (await asyncFailureOf(sandbox.evaluate("'x'.repeat(2 ** 30)", {})));
      expect(['runtime', 'memory']).toContain(error.reason);
      expect(error.message).toMatch(/RangeError|out of memory/);
      expect(await sandbox.evaluate('"still" + " alive"', {})).toBe('still alive');
    });

    it('replaces an isolate killed by the memory limit and keeps answering', async () => {
      const small = new Sandbox({ poolSize: 1, memoryLimitMb: 16, timeoutMs: 5000 });
      try {
        expect(await small.evaluate('1', {})).toBe(1);
        const error = (await asyncFailureOf(small.evaluate('(() => { const a = []; for (;;) a.push(new Array(1e5).fill(1.5)) })()', {})));
        expect(error.reason).toBe('memory');
        expect(error.message).toBe('ran out of memory (limit 16 MB)');
        expect(small.stats().replaced).toBe(1);
        expect(await small.evaluate('$x * 2', { $x: 21 })).toBe(42);
        expect(small.stats().isolates).toBe(1);
      } finally {
        small.dispose();
      }
    });

    it('builds a huge string by doubling and fails cleanly', async () => {
      const error = (await asyncFailureOf(sandbox.evaluate('(() => { let s = "x"; for (;;) s += s })()', {}, { timeoutMs: 5000 })));
      expect(['runtime', 'memory']).toContain(error.reason);
      expect(await sandbox.evaluate('40 + 2', {})).toBe(42);
    });
  });

  describe('runCode', () => {
    it('runs a function body that returns objects, with await', async () => {
      await expect(
        sandbox.runCode('const total = $trigger.body.price * 2; return { total, who: $trigger.body.lead.name }', scope()),
      ).resolves.toEqual({ total: 200, who: 'Acme' });
      await expect(sandbox.runCode('const v = await Promise.resolve(3); return v * $x', { $x: 2 })).resolves.toBe(6);
      await expect(sandbox.runCode('let x = 1', {})).resolves.toBeUndefined();
    });

    it('does not leak var or state between runs', async () => {
      await sandbox.runCode('var counter = 1; return counter', {});
      await expect(sandbox.runCode('return typeof counter', {})).resolves.toBe('undefined');
    });

    it('times out busy loops, microtask loops and promises that never settle', async () => {
      const fast = { timeoutMs: 50 };
      expect((await asyncFailureOf(sandbox.runCode('while (true) {}', {}, fast))).message).toBe('timed out after 50 ms');
      expect((await asyncFailureOf(sandbox.runCode('for (;;) await null', {}, fast))).reason).toBe('timeout');
      expect((await asyncFailureOf(sandbox.runCode('await new Promise(() => {})', {}, fast))).reason).toBe('timeout');
      await expect(sandbox.runCode('return 1', {})).resolves.toBe(1);
    });

    it('reports errors thrown by the code and failed imports', async () => {
      expect((await asyncFailureOf(sandbox.runCode('throw new TypeError("bad input")', {}))).message).toBe('TypeError: bad input');
      expect((await asyncFailureOf(sandbox.runCode('return await import("fs")', {}))).message).toBe(
        'Error: import() is not available in the sandbox',
      );
      expect((await asyncFailureOf(sandbox.runCode('return require("fs")', {}))).message).toBe('ReferenceError: require is not defined');
      expect((await asyncFailureOf(sandbox.runCode('return }', {}))).reason).toBe('syntax');
      expect((await asyncFailureOf(sandbox.runCode('return { f: () => 1 }', {}))).message).toMatch(/cannot cross the sandbox boundary/);
    });

    it('evaluates on an idle isolate while code runs on another', async () => {
      const running = sandbox.runCode('const end = Date.now() + 300; while (Date.now() < end) {} return "done"', {});
      // Order, not a stopwatch: the expression is answered while the other isolate still spins.
      const first = await Promise.race([sandbox.evaluate('6 * 7', {}).then((v) => `evaluate ${v}`), running.then(() => 'code')]);
      expect(first).toBe('evaluate 42');
      await expect(running).resolves.toBe('done');
    });

    it('replaces an isolate that ran out of memory in code', async () => {
      const small = new Sandbox({ poolSize: 1, memoryLimitMb: 16, codeTimeoutMs: 5000 });
      try {
        const error = await asyncFailureOf(small.runCode('const a = []; for (;;) a.push(new Array(1e5).fill(1.5))', {}));
        expect(error.reason).toBe('memory');
        await expect(small.runCode('return $x + 1', { $x: 1 })).resolves.toBe(2);
        expect(small.stats()).toMatchObject({ isolates: 1, replaced: 1 });
      } finally {
        small.dispose();
      }
    });

    it('runs several bodies at once across the pool', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => sandbox.runCode('return $i * $i', { $i: i })));
      expect(results).toEqual([0, 1, 4, 9, 16, 25, 36, 49]);
    });
  });

  describe('fairness', () => {
    it('starts the time limit when a run gets an isolate, not while it waits for one', async () => {
      const one = new Sandbox({ poolSize: 1, codeTimeoutMs: 300, timeoutMs: 300 });
      try {
        const spin = (ms: number) => `const end = Date.now() + ${ms}; while (Date.now() < end) {} return ${ms}`;
        const submitted = Date.now();
        const runs = [one.runCode(spin(200), {}), one.runCode(spin(200), {}), one.evaluate('(() => { const end = Date.now() + 200; while (Date.now() < end) {} return "expr" })()', {})];
        expect(one.stats().queued).toBe(2);
        await expect(Promise.all(runs)).resolves.toEqual([200, 200, 'expr']);
        // The last one finished well after its 300 ms limit counted from submission.
        expect(Date.now() - submitted).toBeGreaterThanOrEqual(600);
      } finally {
        one.dispose();
      }
    });

    it('fails only the memory bomb among twelve concurrent code runs', async () => {
      const pool = new Sandbox({ poolSize: 2, memoryLimitMb: 32, codeTimeoutMs: 5000 });
      try {
        const work = 'let sum = 0; for (let i = 0; i < 2e5; i++) sum += i % 7; const a = []; for (let i = 0; i < 200; i++) a.push({ i, s: "x".repeat(100) }); return { n: $n, sum, len: a.length }';
        const neighbours = Array.from({ length: 12 }, (_, n) => pool.runCode(work, { $n: n }));
        const bomb = pool.runCode('const a = []; for (;;) a.push(new Array(1e5).fill(1.5))', {});
        const settled = await Promise.allSettled([...neighbours.slice(0, 6), bomb, ...neighbours.slice(6)]);
        const failed = settled.map((r, i) => [i, r.status]).filter(([, status]) => status === 'rejected');
        expect(failed).toEqual([[6, 'rejected']]);
        expect(((settled[6] as PromiseRejectedResult).reason as SandboxError).reason).toBe('memory');
        expect(pool.stats()).toMatchObject({ replaced: 1, queued: 0 });
        await expect(Promise.all([pool.runCode('return 1', {}), pool.runCode('return 2', {})])).resolves.toEqual([1, 2]);
      } finally {
        pool.dispose();
      }
    });

    it('keeps the event loop free while every isolate spins', async () => {
      const pool = new Sandbox({ poolSize: 2, timeoutMs: 400, codeTimeoutMs: 400 });
      try {
        const spinning = [pool.evaluate('(() => { for (;;) {} })()', {}), pool.runCode('for (;;) {}', {})].map((p) => p.then(() => 'done', (e: SandboxError) => e.reason));
        const lags: number[] = [];
        const until = Date.now() + 300;
        while (Date.now() < until) {
          const asked = performance.now();
          await new Promise((resolve) => setTimeout(resolve, 5));
          lags.push(performance.now() - asked - 5);
        }
        expect(await Promise.all(spinning)).toEqual(['timeout', 'timeout']);
        // A synchronous spin would hold the loop for the whole 400 ms timeout: one sample, one 400 ms lag.
        // The bounds leave room for a machine busy with other suites.
        expect(lags.length).toBeGreaterThan(10);
        expect(Math.max(...lags)).toBeLessThan(200);
      } finally {
        pool.dispose();
      }
    });

    it('rejects the waiting runs when disposed', async () => {
      const one = new Sandbox({ poolSize: 1, codeTimeoutMs: 200 });
      const running = one.runCode('for (;;) {}', {}).catch((e: Error) => e.message);
      const waiting = one.runCode('return 1', {}).catch((e: Error) => e.message);
      one.dispose();
      expect(await waiting).toBe('Sandbox is disposed');
      expect(typeof (await running)).toBe('string');
    });
  });

  describe('syntax checks', () => {
    it('compiles without running', () => {
      expect(sandbox.checkSyntax('$trigger.body.price * 1.2')).toBeNull();
      expect(sandbox.checkSyntax('while (true) {}')).toBeNull();
      expect(sandbox.checkSyntax('1 +')).toBe('Unexpected end of input');
      expect(sandbox.checkSyntax('return 1')).toBe('Illegal return statement');
      expect(sandbox.checkSyntax('')).toBe('empty expression');
      expect(sandbox.checkCodeSyntax('return await $x')).toBeNull();
      expect(sandbox.checkCodeSyntax('return }')).toMatch(/Unexpected token/);
    });
  });

  it('refuses work once disposed', async () => {
    const gone = new Sandbox();
    await gone.evaluate('1', {});
    gone.dispose();
    await expect(gone.evaluate('1', {})).rejects.toThrow('Sandbox is disposed');
  });
});
