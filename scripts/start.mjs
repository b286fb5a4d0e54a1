// `npm start [-- server args]`: install if needed, build, start embedded Postgres unless DATABASE_URL
// is set, then run the server in the foreground until it exits.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './ensure-installed.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const signalExit = (signal) => 128 + (constants.signals[signal] ?? 1);

let child;
let database;
let pendingSignal;
const lastForwarded = new Map();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!child) { pendingSignal ??= signal; return; }
    // One Ctrl-C reaches us twice (from the terminal and from npm); pass on only the first of a
    // burst, so that a server treating a repeated signal as "force quit" still drains.
    const now = Date.now();
    if (now - (lastForwarded.get(signal) ?? 0) < 1000) return;
    lastForwarded.set(signal, now);
    child.kill(signal);
  });
}

async function stopDatabase() {
  await database?.stop().catch((error) => console.error('stopping embedded Postgres:', error.message));
}

async function bailIfInterrupted() {
  if (!pendingSignal) return;
  await stopDatabase();
  process.exit(signalExit(pendingSignal));
}

async function ensureDatabase(adminUrl, name) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function main() {
  ensureInstalled(root);
  const { build } = await import('./build.mjs');
  await build({ root });
  await bailIfInterrupted();

  // The environment the production image sets (scripts/server-node-env.json), unless the user set it:
  // four malloc arenas, not up to eight per core for the threads of isolated-vm, libuv and V8, hold
  // ~20 MB less resident.
  const serverEnv = JSON.parse(readFileSync(path.join(root, 'scripts/server-node-env.json'), 'utf8'));
  const env = { ...serverEnv, ...process.env, PORT: process.env.PORT || '3000' };
  if (!env.DATABASE_URL) {
    const { startEmbeddedPostgres } = await import('./embedded-postgres.mjs');
    database = await startEmbeddedPostgres({
      dataDir: path.join(root, '.data', 'postgres'),
      port: Number(process.env.FLOWBRIDGE_PG_PORT || 5433),
    });
    await bailIfInterrupted();
    env.DATABASE_URL = await ensureDatabase(database.url, 'flowbridge');
    env.FLOWBRIDGE_DATA_DIR ||= path.join(root, '.data');
    env.FLOWBRIDGE_DEMO ||= '1';
  }

  const main = path.join(root, 'dist/server/src/main.js');
  if (!existsSync(main)) throw new Error(`${path.relative(root, main)} was not built; is server/src/main.ts there?`);
  // Own process group, so that signals reach the server only through the handler above (and, being
  // out of the terminal's foreground group, it must not read stdin).
  // The same V8 flags as the production image (scripts/server-node-flags.json): isolated-vm needs
  // no snapshot, and a small young generation and a slow-growing old one keep the resident set small.
  const flags = JSON.parse(readFileSync(path.join(root, 'scripts/server-node-flags.json'), 'utf8'));
  child = spawn(process.execPath, [...flags, '--enable-source-maps', main, ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  if (pendingSignal) child.kill(pendingSignal);
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, signal) => resolve(exitCode ?? signalExit(signal)));
  });
  await stopDatabase();
  process.exit(code);
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  child?.kill('SIGTERM');
  await stopDatabase();
  process.exit(1);
});
