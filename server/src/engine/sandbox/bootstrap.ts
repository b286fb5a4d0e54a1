import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Luxon's browser build, run inside every isolate for the date helpers. It is wrapped in a function
 * so its `var luxon` stays local: a global would let one run change Luxon's settings for the next.
 */
const LUXON_FACTORY = `(function () {\n${readFileSync(path.join(path.dirname(require.resolve('luxon/package.json')), 'build/global/luxon.min.js'), 'utf8')}\n;return luxon;\n})`;

/** Names bound per evaluation to the flow's time zone and production calendar. */
export const ZONED_HELPERS = ['$date', '$formatDate', '$workdays'] as const;

/**
 * Source run once inside every fresh sandbox context. It is a string, not a host function, so no
 * compiler transform (helpers, down-levelling) can smuggle host references into the isolate.
 *
 * It returns `{ compile, install }`, which the host keeps as References; nothing of it is reachable
 * from user code. Compiled functions take the calendar key and time zone first: the zoned helpers
 * are built from them per call (and cached, frozen), so one isolate serves flows of any zone. Afterwards the realm is frozen: the context lives as long as its isolate and is shared
 * by every run, so any writable intrinsic would be a channel from one run to the next.
 */
export const BOOTSTRAP_SOURCE = String.raw`(function (luxonFactory) {
  'use strict';
  const g = globalThis;
  const { DateTime } = luxonFactory();
  // ICU's locale and zone data load on first use, tens of milliseconds on a busy machine: paid here,
  // while the isolate is built off the event loop and without a limit, not by a user's first
  // expression within its 100 ms.
  for (const locale of ['en', 'ru', 'es']) DateTime.fromMillis(0, { zone: 'Europe/Moscow' }).setLocale(locale).toFormat('cccc dd MMMM yyyy HH:mm ZZZZ');

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
  const helpers = {
    $addDays: (value, days) => {
      const date = toDate(value);
      date.setUTCDate(date.getUTCDate() + Number(days));
      return date;
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

  // Production calendars by "id@version"; an edited calendar replaces its older versions.
  const calendars = new Map();
  const install = (key, data) => {
    for (const old of [...calendars.keys()]) if (old.slice(0, old.lastIndexOf('@')) === data.id) calendars.delete(old);
    for (const old of [...zoned.keys()]) if (old.startsWith(data.id + '@')) zoned.delete(old);
    calendars.set(key, { id: data.id, weekend: new Set(data.weekend), days: new Map(Object.entries(data.days)) });
  };

  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
  const zoned = new Map();
  const helpersFor = (calendarKey, zoneName) => {
    const zone = zoneName || 'UTC';
    const cacheKey = String(calendarKey) + '\u0000' + zone;
    const hit = zoned.get(cacheKey);
    if (hit) return hit;
    // The host's time zone must never change what a flow computes: without one, UTC.
    const toDateTime = (value) => {
      let dt;
      if (value instanceof Date) dt = DateTime.fromJSDate(value, { zone });
      else if (typeof value === 'number') dt = DateTime.fromMillis(value, { zone });
      else if (typeof value === 'string') {
        dt = DateTime.fromISO(value.trim(), { zone });
        if (!dt.isValid) dt = DateTime.fromJSDate(new Date(value), { zone });
      }
      if (!dt || !dt.isValid) throw new RangeError('Invalid date: ' + String(value));
      return dt;
    };
    const calendar = () => {
      const found = calendarKey === null || calendarKey === undefined ? undefined : calendars.get(calendarKey);
      if (!found) throw new Error('$workdays needs a production calendar, and none is set for this flow');
      return found;
    };
    const isWorkday = (cal, dt) => {
      const type = cal.days.get(dt.toISODate());
      if (type === 'workday' || type === 'short') return true;
      if (type === 'holiday' || type === 'dayoff') return false;
      return !cal.weekend.has(dt.weekday);
    };
    // Mirrors WorkingCalendar.addWorkdays (nodes/sdk/calendar.ts): n working days after the date, not counting it.
    const addWorkdays = (cal, dt, n) => {
      if (!Number.isInteger(n)) throw new RangeError('A number of working days must be whole, got ' + String(n));
      const step = n < 0 ? -1 : 1;
      let left = Math.abs(n);
      let idle = 0;
      let day = dt;
      while (left > 0) {
        day = day.plus({ days: step });
        if (isWorkday(cal, day)) { left--; idle = 0; }
        else if (++idle > 1098) throw new RangeError('Calendar ' + cal.id + ' has no working day near ' + day.toISODate());
      }
      return day;
    };
    // A bare date in gives a bare date out; anything else comes back as a Date at the same wall-clock time.
    const same = (input, dt) => (typeof input === 'string' && ISO_DAY.test(input.trim()) ? dt.toISODate() : dt.toJSDate());
    const workdays = Object.freeze({
      isWorkday: (value) => isWorkday(calendar(), toDateTime(value)),
      add: (value, n) => same(value, addWorkdays(calendar(), toDateTime(value), Number(n))),
      next: (value) => same(value, addWorkdays(calendar(), toDateTime(value), 1)),
      previous: (value) => same(value, addWorkdays(calendar(), toDateTime(value), -1)),
      shift: (value, direction = 'next') => {
        const cal = calendar();
        const dt = toDateTime(value);
        return same(value, isWorkday(cal, dt) ? dt : addWorkdays(cal, dt, direction === 'previous' ? -1 : 1));
      },
      between: (a, b) => {
        const cal = calendar();
        const from = toDateTime(a).startOf('day');
        const to = toDateTime(b).startOf('day');
        const sign = to < from ? -1 : 1;
        const [lo, hi] = sign < 0 ? [to, from] : [from, to];
        let count = 0;
        for (let day = lo.plus({ days: 1 }); day <= hi; day = day.plus({ days: 1 })) if (isWorkday(cal, day)) count++;
        return sign * count;
      },
    });
    const set = Object.freeze({
      $date: (value) => toDateTime(value === undefined ? new Date() : value).toJSDate(),
      // Patterns from before Luxon ("DD.MM.YYYY") keep working: YYYY marks one, and DD meant the day.
      $formatDate: (value, format = 'yyyy-MM-dd', locale = 'en') => {
        const pattern = /YYYY/.test(String(format)) ? String(format).replace(/YYYY/g, 'yyyy').replace(/DD/g, 'dd') : String(format);
        return toDateTime(value).setLocale(String(locale)).toFormat(pattern);
      },
      $workdays: workdays,
    });
    // Cached and shared by later runs: nothing of it, not even a function's own properties, may be writable.
    for (const fn of [...Object.values(set), ...Object.values(workdays)]) if (typeof fn === 'function') Object.freeze(fn);
    if (zoned.size > 64) zoned.clear();
    zoned.set(cacheKey, set);
    return set;
  };

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
  const ZONED = ['$date', '$formatDate', '$workdays'];
  // The Function constructors parse the body on its own, so a source cannot close the wrapper
  // and run code at compile time; "use strict" makes writes to frozen objects throw.
  const compile = (kind, params, source) => {
    const zonedNames = ZONED.filter((name) => !params.includes(name));
    const all = [...zonedNames, ...params];
    let inner;
    if (kind === 'code') inner = new AsyncFunction(...all, '"use strict";\n' + source);
    // Statements ("let x = 1; x * 2") evaluate through a strict direct eval: it yields the
    // completion value and keeps declarations local. The host has parse-checked the source.
    else if (kind === 'statements') inner = new FunctionCtor(...all, '"use strict";\nreturn eval(' + stringify(source) + ');');
    else inner = new FunctionCtor(...all, '"use strict";\nreturn (\n' + source + '\n);');
    return function (calendarKey, zone, ...args) {
      const helpers = helpersFor(calendarKey, zone);
      return inner(...zonedNames.map((name) => helpers[name]), ...args);
    };
  };
  return { compile, install };
})(${LUXON_FACTORY})`;
