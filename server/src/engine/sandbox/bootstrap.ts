/**
 * Source run once inside every fresh sandbox context. It is a string, not a host function, so no
 * compiler transform (helpers, down-levelling) can smuggle host references into the isolate.
 *
 * It returns the `compile` function the host keeps as a Reference; nothing of it is reachable from
 * user code. Afterwards the realm is frozen: the context lives as long as its isolate and is shared
 * by every run, so any writable intrinsic would be a channel from one run to the next.
 */
export const BOOTSTRAP_SOURCE = String.raw`(function () {
  'use strict';
  const g = globalThis;

  // Nothing an expression needs; they only add host-like surface or cross-run nondeterminism.
  for (const name of ['console', 'WebAssembly', 'SharedArrayBuffer', 'Atomics', 'FinalizationRegistry', 'WeakRef']) {
    delete g[name];
  }
  // Legacy RegExp statics remember the last match realm-wide: a run could read the previous run's data.
  for (const key of Object.getOwnPropertyNames(RegExp)) {
    if (/^(\$.*|input|lastMatch|lastParen|leftContext|rightContext)$/.test(key)) delete RegExp[key];
  }

  const toDate = (value) => {
    const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
    if (Number.isNaN(date.getTime())) throw new RangeError('Invalid date: ' + String(value));
    return date;
  };
  const pad = (n, width) => String(n).padStart(width, '0');
  const helpers = {
    $date: (value) => toDate(value),
    $addDays: (value, days) => {
      const date = toDate(value);
      date.setUTCDate(date.getUTCDate() + Number(days));
      return date;
    },
    // UTC on purpose: the host's time zone must not change what a flow computes.
    $formatDate: (value, format = 'YYYY-MM-DD') => {
      const d = toDate(value);
      const parts = {
        YYYY: pad(d.getUTCFullYear(), 4), MM: pad(d.getUTCMonth() + 1, 2), DD: pad(d.getUTCDate(), 2),
        HH: pad(d.getUTCHours(), 2), mm: pad(d.getUTCMinutes(), 2), ss: pad(d.getUTCSeconds(), 2),
      };
      return String(format).replace(/YYYY|MM|DD|HH|mm|ss/g, (token) => parts[token]);
    },
    // Half away from zero via decimal shifting, so $round(1.005, 2) is 1.01 as an accountant expects.
    $round: (value, digits = 0) => {
      const n = Number(value);
      const shifted = Math.round(Number(Math.abs(n) + 'e' + digits));
      const result = Math.sign(n) * Number(shifted + 'e-' + digits);
      return Number.isNaN(result) ? Math.round(n * 10 ** digits) / 10 ** digits : result;
    },
  };
  for (const [name, fn] of Object.entries(helpers)) {
    Object.defineProperty(g, name, { value: fn, enumerable: false, writable: false, configurable: false });
  }

  // Frozen prototypes break ordinary code like "err.name = 'X'" or "obj.toString = ..." (the
  // override mistake). Turning those few properties into accessors lets such assignments create an
  // own property on the instance while the shared prototype stays untouched. Array and Promise
  // constructors are left alone: V8's fast paths depend on them being plain data properties.
  const tame = (proto, keys) => {
    for (const key of keys) {
      const desc = Object.getOwnPropertyDescriptor(proto, key);
      if (!desc || !('value' in desc)) continue;
      const value = desc.value;
      Object.defineProperty(proto, key, {
        get() { return value; },
        set(next) {
          if (this === proto) throw new TypeError('Cannot assign to read only property ' + String(key) + ' of a shared built-in');
          Object.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
        },
        enumerable: desc.enumerable,
        configurable: false,
      });
    }
  };
  tame(Object.prototype, Reflect.ownKeys(Object.prototype));
  tame(Array.prototype, ['toString']);
  tame(Function.prototype, ['constructor', 'toString', 'bind', 'call', 'apply']);
  for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError]) {
    tame(E.prototype, ['constructor', 'name', 'message', 'toString']);
  }

  // Intrinsics reachable only through syntax or instances, not through a global name.
  const hidden = [
    function* () {}, async function () {}, async function* () {}, (function* () {})(), (async function* () {})(),
    [].values(), new Map().values(), new Set().values(), ''[Symbol.iterator](), /x/[Symbol.matchAll](''),
    [].values().map((x) => x), Iterator.from({ next() { return { done: true }; } }),
    new Intl.Segmenter().segment(''), new Intl.Segmenter().segment('')[Symbol.iterator](),
  ];
  const seen = new Set();
  const stack = [g, ...hidden];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) continue;
    seen.add(value);
    Object.freeze(value);
    stack.push(Object.getPrototypeOf(value));
    for (const key of Reflect.ownKeys(value)) {
      const desc = Object.getOwnPropertyDescriptor(value, key);
      stack.push(desc.value, desc.get, desc.set);
    }
  }

  const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
  const FunctionCtor = Function;
  const stringify = JSON.stringify;
  // The Function constructors parse the body on its own, so a source cannot close the wrapper
  // and run code at compile time; "use strict" makes writes to frozen objects throw.
  return function compile(kind, params, source) {
    if (kind === 'code') return new AsyncFunction(...params, '"use strict";\n' + source);
    // Statements ("let x = 1; x * 2") evaluate through a strict direct eval: it yields the
    // completion value and keeps declarations local. The host has parse-checked the source.
    if (kind === 'statements') return new FunctionCtor(...params, '"use strict";\nreturn eval(' + stringify(source) + ');');
    return new FunctionCtor(...params, '"use strict";\nreturn (\n' + source + '\n);');
  };
})()`;
