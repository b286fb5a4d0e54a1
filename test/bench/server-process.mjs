// The built server (dist/) as its own process, started like server/src/main.ts (role "all": API and
// worker) but bound to 127.0.0.1 on a free port, which it reports over IPC. The bench uses it for
// resident memory and CPU without jest or the bench's instrumentation in the same process.
// It also creates an admin API token for the bench to publish flows with.
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/server/src');
const { loadConfig } = require(path.join(dist, 'config/app-config.js'));
const { createFlowbridgeApp } = require(path.join(dist, 'bootstrap.js'));

let secretKey;
try { ({ resolveSecretKey: secretKey } = require(path.join(dist, 'config/secret-key.js'))); } catch { /* older builds have no key */ }

const config = loadConfig({}, []);
if (secretKey) config.secretKey = secretKey(config.secretKey, config.dataDir);
const { app, worker } = await createFlowbridgeApp(config);
// An API-only process (the scale-out phase) leaves the runs to worker processes of their own.
if (config.role !== 'api') await worker.start();
await app.listen(0, '127.0.0.1');

// An admin API token for the bench, made the way test/support/test-app.ts makes its users.
let token;
try {
  const { UsersService } = require(path.join(dist, 'modules/users/users.service.js'));
  const { AuthService } = require(path.join(dist, 'modules/auth/auth.service.js'));
  const password = `bench-${Math.random().toString(36).slice(2)}-A1!`;
  const user = await app.get(UsersService).create({ email: 'bench-admin@bench.local', password, roles: ['admin'] });
  ({ token } = await app.get(AuthService).createToken(user.id, 'bench'));
} catch (error) {
  if (error?.code !== 'MODULE_NOT_FOUND') throw error; // a build from before authentication
}
// BENCH_HEAP_SNAPSHOT_DIR: heap snapshots after boot and after the runs (each after a full GC), for
// finding what the runs leave behind. They cost memory and time, so the bench's numbers are off then.
const snapshotDir = process.env.BENCH_HEAP_SNAPSHOT_DIR;
if (snapshotDir) {
  globalThis.gc?.();
  v8.writeHeapSnapshot(path.join(snapshotDir, 'idle.heapsnapshot'));
}
process.send({ port: app.getHttpServer().address().port, token });
// Event-loop delay and GC pauses per phase, for telling the engine's stalls from the machine's.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let gc = { count: 0, totalMs: 0, maxMs: 0 };
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc.count++;
    gc.totalMs += entry.duration;
    gc.maxMs = Math.max(gc.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });
let elu = performance.eventLoopUtilization();
process.on('message', (message) => {
  if (message === 'phase') {
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    const used = performance.eventLoopUtilization(elu);
    process.send({
      eventLoopUtilisation: Math.round(used.utilization * 100) / 100,
      eventLoopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
      gc: { count: gc.count, totalMs: Math.round(gc.totalMs), maxMs: Math.round(gc.maxMs * 10) / 10 },
    });
    loopDelay.reset();
    gc = { count: 0, totalMs: 0, maxMs: 0 };
    elu = performance.eventLoopUtilization();
    return;
  }
  if (message !== 'memory') return;
  const memory = process.memoryUsage();
  const resident = residentBreakdown();
  const spaces = heapSpaces();
  // Started with --expose-gc: the heap after a full collection is what is really retained.
  globalThis.gc?.();
  if (snapshotDir) v8.writeHeapSnapshot(path.join(snapshotDir, 'after-runs.heapsnapshot'));
  process.send({ memory, resident, spaces, afterGc: process.memoryUsage(), residentAfterGc: residentBreakdown() });
});
process.on('disconnect', async () => {
  await app.close();
  process.exit(0);
});

/**
 * Resident MB by kind of mapping: code and data of files (node, isolated-vm, libc), glibc's main
 * arena ([heap]), anonymous memory (V8's heap pages, the other malloc arenas, large malloc blocks),
 * thread stacks. Linux only; empty elsewhere.
 */
function residentBreakdown() {
  const kb = { files: 0, mainArena: 0, anonymous: 0, stacks: 0, other: 0 };
  let kind;
  let text = '';
  try { text = fs.readFileSync('/proc/self/smaps', 'utf8'); } catch { return {}; }
  for (const line of text.split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+ *(.*)$/.exec(line);
    if (mapping) {
      const name = mapping[1];
      kind = name.startsWith('/') ? 'files' : name === '[heap]' ? 'mainArena' : name.startsWith('[stack') ? 'stacks' : name === '' ? 'anonymous' : 'other';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && kind) kb[kind] += Number(rss[1]);
  }
  return Object.fromEntries(Object.entries(kb).map(([k, v]) => [k, Math.round(v / 1024)]));
}

/** V8's spaces: reserved and resident MB each (the young generation is new_space). */
function heapSpaces() {
  const mb = (bytes) => Math.round(bytes / 2 ** 20 * 10) / 10;
  return Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: mb(s.space_size), resident: mb(s.physical_space_size), used: mb(s.space_used_size) }]));
}
