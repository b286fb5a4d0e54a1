import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_SIMULATORS_ALLOW } from './test-app';

const MAIN = join(__dirname, '../../dist/server/src/main.js');

/** A real worker process built from dist/, as `npm start -- --role=worker` runs it (or API and worker in one, role all). */
export function spawnWorker(databaseUrl: string, env: Record<string, string> = {}, role: 'worker' | 'all' = 'worker'): ChildProcess & { output: string[] } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does it first)`);
  const child = spawn(process.execPath, ['--no-node-snapshot', MAIN, `--role=${role}`], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: databaseUrl,
      FLOWBRIDGE_WORKER_HEARTBEAT_MS: '200',
      FLOWBRIDGE_WORKER_DEAD_AFTER_MS: '1500',
      FLOWBRIDGE_WORKER_POLL_MS: '200',
      FLOWBRIDGE_WORKER_STALL_MS: '3000',
      FLOWBRIDGE_LOG_LEVEL: 'warn',
      // Like startTestApp: the specs' remotes listen on loopback.
      FLOWBRIDGE_OUTBOUND_ALLOW: LOCAL_SIMULATORS_ALLOW,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }) as ChildProcess & { output: string[] };
  child.output = [];
  child.stdout?.on('data', (d: Buffer) => child.output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => child.output.push(d.toString()));
  return child;
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
