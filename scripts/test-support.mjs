// What `npm test` and `npm run bench` share: a Postgres for the run, and jest started the same way.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureInstalled } from './ensure-installed.mjs';

/** Installs what is missing, builds, and makes a scratch folder for the run. */
export async function prepareRun(root, prefix) {
  ensureInstalled(root);
  const { build } = await import('./build.mjs');
  await build({ root });
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Ctrl-C and SIGTERM reach the running jest; `interrupted` tells the caller to stop starting things. */
export function forwardSignals() {
  const state = { child: undefined, interrupted: false };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      state.interrupted = true;
      state.child?.kill(signal);
    });
  }
  return state;
}

/**
 * Points env.FLOWBRIDGE_TEST_DATABASE_URL at DATABASE_URL when given, else at a throwaway embedded
 * cluster under `scratch` (durability off: commits cost no fsync). Returns how to stop it.
 */
export async function provideTestDatabase(env, scratch) {
  env.FLOWBRIDGE_TEST_DATABASE_URL ||= env.DATABASE_URL;
  if (env.FLOWBRIDGE_TEST_DATABASE_URL) return { embedded: false, stop: async () => {} };
  const { startEmbeddedPostgres } = await import('./embedded-postgres.mjs');
  const database = await startEmbeddedPostgres({ dataDir: path.join(scratch, 'postgres'), port: 0, durable: false });
  env.FLOWBRIDGE_TEST_DATABASE_URL = database.url;
  return { embedded: true, stop: () => database.stop() };
}

/** Runs jest with the flags NestJS (ESM-only, loaded through require) and isolated-vm need. */
export function startJest(root, env, args) {
  const jestEnv = { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-node-snapshot`.trim() };
  const child = spawn(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), ...args], { cwd: root, env: jestEnv, stdio: 'inherit' });
  const exit = new Promise((resolve) => {
    child.once('error', (error) => { console.error(error.message); resolve(1); });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  return { child, exit };
}
