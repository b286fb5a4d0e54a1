import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createFlowbridgeApp, type FlowbridgeApp } from '../../server/src/bootstrap';
import { loadConfig, type AppConfig } from '../../server/src/config/app-config';
import type { Clock } from '../../server/src/engine/clock';
import { RunStarter } from '../../server/src/engine/run-starter';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp extends FlowbridgeApp {
  db: TestDatabase;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  /** Enqueues runs whose wait or retry is due by the (fake) clock, as the worker's sweep would. */
  wakeDue(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The real application on a database of its own: real Postgres, real queue, real sandbox.
 * The worker runs in-process unless `worker: false`; pass a FakeClock to move time.
 */
export async function startTestApp(options: { clock?: Clock; worker?: boolean; config?: Partial<AppConfig> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({ databaseUrl: db.url, secretKey: randomBytes(32).toString('hex'), ...options.config }, []);
  config.worker = { ...config.worker, pollIntervalMs: 200, heartbeatMs: 200, deadAfterMs: 1500, sweepMs: 60_000, ...options.config?.worker };
  let built: FlowbridgeApp;
  try {
    built = await createFlowbridgeApp(config, { clock: options.clock });
    if (options.worker !== false) await built.worker.start();
  } catch (error) {
    await db.drop();
    throw error;
  }
  const server = built.app.getHttpServer() as App;
  return {
    ...built,
    db,
    config,
    http: () => request(server),
    wakeDue: () => built.app.get(RunStarter).wakeDue(),
    async close() {
      await built.app.close();
      await db.drop();
    },
  };
}

/** Polls until `probe` returns a value that `done` accepts; fails with the last value seen. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last, null, 2).slice(0, 2000)}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await probe();
  }
  return last;
}

export async function waitForRun(app: TestApp, runId: string, statuses: string[] = ['succeeded', 'failed', 'cancelled'], timeoutMs?: number) {
  const res = await eventually(() => app.http().get(`/api/runs/${runId}`), (r) => statuses.includes(r.body.status), timeoutMs);
  return res.body;
}
