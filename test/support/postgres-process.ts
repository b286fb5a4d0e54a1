import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const LAUNCHER = `
const { startEmbeddedPostgres } = await import(process.env.FB_PG_MODULE);
const pg = await startEmbeddedPostgres({ dataDir: process.env.FB_PG_DATA, port: Number(process.env.FB_PG_PORT), durable: false });
console.log(JSON.stringify({ url: pg.url, port: pg.port }));
const stop = async () => { await pg.stop(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => {}, 1 << 30);
`;

/**
 * A Postgres cluster a spec owns (scripts/embedded-postgres.mjs in a child process), so the spec
 * can stop and start it under running workers. Restarting keeps the data dir, port and password.
 */
export class PostgresProcess {
  url = '';
  port = 0;
  private child?: ChildProcess;

  constructor(private readonly dataDir: string) {}

  async start(): Promise<string> {
    const child = spawn(process.execPath, ['--input-type=module', '-e', LAUNCHER], {
      env: { ...process.env, NODE_OPTIONS: '', FB_PG_MODULE: join(__dirname, '../../scripts/embedded-postgres.mjs'), FB_PG_DATA: this.dataDir, FB_PG_PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const errors: string[] = [];
    child.stderr?.on('data', (d: Buffer) => errors.push(d.toString()));
    const first = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`Postgres launcher exited (${code}): ${errors.join('').slice(-2000)}`)));
    });
    const started = JSON.parse(first) as { url: string; port: number };
    this.url = started.url;
    this.port = started.port;
    return this.url;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
