import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { Client } from 'pg';

export interface Percentiles { n: number; p50: number; p90: number; p99: number; max: number; mean: number }

export function percentiles(values: number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (!n) return { n: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const at = (q: number) => round(sorted[Math.min(n - 1, Math.floor(q * n))]);
  return { n, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(sorted[n - 1]), mean: round(sorted.reduce((a, b) => a + b, 0) / n) };
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export interface LoadResult {
  sent: number;
  elapsedMs: number;
  latencies: number[];
  statuses: Record<string, number>;
  maxSendLagMs?: number;
}

/**
 * The load generator and the loopback billing/CRM servers live in a child process, so the
 * engine's process CPU and event loop measure the engine only.
 */
export class LoadClient {
  private readonly child: ChildProcess;
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor() {
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // the client needs neither vm modules nor isolated-vm
    this.child = fork(path.join(__dirname, 'load-client.mjs'), [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) waiter?.reject(new Error(`load client: ${msg.error}`));
      else waiter?.resolve(msg.result);
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`load client exited (${code})`));
      this.pending.clear();
    });
  }

  call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, cmd, ...args });
    });
  }

  /** Total CPU of the client process (load generation + simulators), from /proc. */
  cpuSeconds(): number {
    return this.child.pid ? procCpuSeconds(this.child.pid) : 0;
  }

  async close(): Promise<void> {
    await this.call('stop').catch(() => undefined);
    this.child.disconnect();
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

export function procCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
  } catch {
    return 0;
  }
}

/** Resident set now and at its peak (VmHWM), in MB, from /proc. */
export function procMemoryMb(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/** CPU seconds of every Postgres backend serving `database`, keyed by pid (from /proc; Linux only). */
export function postgresBackendCpu(database: string): Map<number, number> {
  const result = new Map<number, number>();
  let pids: string[];
  try { pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p)); } catch { return result; }
  for (const pid of pids) {
    let cmdline: string;
    try { cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
    // A backend's title is "postgres: [<cluster name>: ]<user> <database> <client> <state>".
    if (cmdline.startsWith('postgres: ') && cmdline.includes(` ${database} `)) result.set(Number(pid), procCpuSeconds(Number(pid)));
  }
  return result;
}

export function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

/** Busy and total jiffies of the whole machine, for "how loaded was the box" (everyone's load). */
export function hostCpu(): { busy: number; total: number } {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    const n = values.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - n[3] - n[4], total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export interface QueryStats {
  roundTrips: number;
  transactions: number;
  explicitCommits: number;
  byStatement: Map<string, { count: number; ms: number }>;
}

/**
 * Counts what the engine says to Postgres, client side, by wrapping pg's Client#query (TypeORM
 * and graphile-worker both use the pg module that jest's registry hands this file). A statement
 * outside BEGIN … COMMIT is its own transaction; BEGIN … COMMIT counts once.
 */
export class QueryCounter {
  stats: QueryStats = QueryCounter.empty();
  private installed?: () => void;

  static empty(): QueryStats {
    return { roundTrips: 0, transactions: 0, explicitCommits: 0, byStatement: new Map() };
  }

  install(): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const proto = require('pg').Client.prototype as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    const counter = this;
    proto.query = function wrapped(this: { __fbInTx?: boolean; __fbIgnore?: boolean }, ...args: unknown[]) {
      if (this.__fbIgnore) return original.apply(this, args);
      const config = args[0] as string | { text?: string; submit?: unknown } | undefined;
      const text = typeof config === 'string' ? config : config?.text;
      if (typeof text !== 'string' || (typeof config === 'object' && typeof config?.submit === 'function')) return original.apply(this, args);
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
      const lower = key.toLowerCase();
      const s = counter.stats;
      s.roundTrips++;
      if (/^(begin|start transaction)/.test(lower)) { this.__fbInTx = true; }
      else if (/^(commit|rollback|end)\b/.test(lower)) {
        if (this.__fbInTx) { s.transactions++; if (lower.startsWith('commit')) s.explicitCommits++; }
        this.__fbInTx = false;
      } else if (!this.__fbInTx) s.transactions++;
      const entry = s.byStatement.get(key) ?? { count: 0, ms: 0 };
      s.byStatement.set(key, entry);
      entry.count++;
      const started = performance.now();
      const done = () => { entry.ms += performance.now() - started; };
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = function (this: unknown, ...cbArgs: unknown[]) { done(); return (last as (...a: unknown[]) => unknown).apply(this, cbArgs); };
        return original.apply(this, args);
      }
      const result = original.apply(this, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
      return result;
    };
    this.installed = () => { proto.query = original; };
  }

  reset(): void {
    this.stats = QueryCounter.empty();
  }

  uninstall(): void {
    this.installed?.();
  }
}

/** Optional CPU profile of a phase (BENCH_CPU_PROFILE=1): the engine process's hottest functions by self time. */
export class Profiler {
  private session?: Session;

  async start(): Promise<void> {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 500 });
    await this.session.post('Profiler.start');
  }

  async stop(): Promise<{ profile: unknown; top: { fn: string; selfPct: number }[]; byArea: Record<string, number> }> {
    const { profile } = await this.session!.post('Profiler.stop');
    this.session!.disconnect();
    const self = new Map<number, number>();
    for (let i = 0; i < profile.samples!.length; i++) self.set(profile.samples![i], (self.get(profile.samples![i]) ?? 0) + (profile.timeDeltas![i] ?? 0));
    const byFn = new Map<string, number>();
    const byArea: Record<string, number> = {};
    let total = 0;
    for (const node of profile.nodes) {
      const t = self.get(node.id) ?? 0;
      total += t;
      const { functionName, url, lineNumber } = node.callFrame;
      const file = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules\/)/, '$1').replace(/^.*\/work\/main\//, '');
      const name = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
      byFn.set(name, (byFn.get(name) ?? 0) + t);
      byArea[area(functionName, url)] = (byArea[area(functionName, url)] ?? 0) + t;
    }
    const top = [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([fn, t]) => ({ fn, selfPct: round((100 * t) / total, 1) }));
    for (const key of Object.keys(byArea)) byArea[key] = round((100 * byArea[key]) / total, 1);
    return { profile, top, byArea };
  }
}

function area(functionName: string, url: string): string {
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(program)') return 'program (native, incl. isolated-vm)';
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (/\/server\/src\//.test(url)) return 'server/src';
  if (/\/nodes\//.test(url)) return 'nodes';
  if (url.startsWith('node:') || !url) return 'node core';
  return 'other';
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  (client as Client & { __fbIgnore?: boolean }).__fbIgnore = true; // the bench's own queries are not the engine's
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
