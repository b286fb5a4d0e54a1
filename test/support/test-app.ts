import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createFlowbridgeApp, type FlowbridgeApp } from '../../server/src/bootstrap';
import { parseOutboundAllowList } from '@flowbridge/nodes/sdk/outbound-policy';
import { loadConfig, type AppConfig } from '../../server/src/config/app-config';
import type { Clock } from '../../server/src/engine/clock';
import type { AnyNode } from '@flowbridge/nodes/sdk';
import { RunStarter } from '../../server/src/engine/run-starter';
import { AuthService } from '../../server/src/modules/auth/auth.service';
import { ROLES, type Role } from '../../server/src/modules/auth/roles';
import { UsersService } from '../../server/src/modules/users/users.service';
import { createTestDatabase, type TestDatabase } from './test-database';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Client = Record<Method, (url: string) => request.Test>;
export type TestRole = Role | 'anonymous';

export interface TestApp extends FlowbridgeApp {
  db: TestDatabase;
  config: AppConfig;
  /** Requests as the admin (API token); hooks ignore the header. */
  http: () => Client;
  /** Requests as a user holding just this role, or with no credentials at all. */
  as: (role: TestRole) => Client;
  users: Record<Role, { id: string; email: string; password: string; token: string }>;
  /** Enqueues runs whose wait or retry is due by the (fake) clock, as the worker's sweep would. */
  wakeDue(): Promise<number>;
  close(): Promise<void>;
  /** Stops the app but keeps its database, for a new app started on it (`startTestApp({ db })`). */
  stop(): Promise<void>;
}

/**
 * Specs run their simulators and recording servers on loopback, on ports picked at random. A spec
 * about the outbound policy itself passes `config: { outbound: { allow: [] } }` for the strict default.
 */
export const LOCAL_SIMULATORS_ALLOW = '127.0.0.1,[::1],localhost';
export const LOCAL_SIMULATORS: AppConfig['outbound'] = { allow: parseOutboundAllowList(LOCAL_SIMULATORS_ALLOW) };

/**
 * The real application on a database of its own: real Postgres, real queue, real sandbox.
 * The worker runs in-process unless `worker: false`; pass a FakeClock to move time, and
 * `adminDatabaseUrl` to create the database on a Postgres of the spec's own.
 */
export async function startTestApp(options: { clock?: Clock; worker?: boolean; config?: Partial<AppConfig>; adminDatabaseUrl?: string; db?: TestDatabase; extraNodes?: readonly AnyNode[]; spanExporter?: SpanExporter } = {}): Promise<TestApp> {
  const db = options.db ?? (await createTestDatabase(options.adminDatabaseUrl));
  const config = loadConfig({ databaseUrl: db.url, secretKey: randomBytes(32).toString('hex'), outbound: LOCAL_SIMULATORS, checkResponses: true, ...options.config }, []);
  config.worker = { ...config.worker, pollIntervalMs: 200, heartbeatMs: 200, deadAfterMs: 1500, sweepMs: 60_000, stallMs: 3000, ...options.config?.worker };
  let built: FlowbridgeApp;
  try {
    built = await createFlowbridgeApp(config, { clock: options.clock, extraNodes: options.extraNodes, spanExporter: options.spanExporter });
    if (options.worker !== false) await built.worker.start();
  } catch (error) {
    if (!options.db) await db.drop();
    throw error;
  }
  const server = built.app.getHttpServer() as App;
  const users = {} as TestApp['users'];
  for (const role of ROLES) {
    const password = `${role}-password-123`;
    // On a reused database the users are there already; each start gets fresh ones.
    const email = options.db ? `${role}.${randomBytes(3).toString('hex')}@test.local` : `${role}@test.local`;
    const user = await built.app.get(UsersService).create({ email, password, roles: [role] });
    const { token } = await built.app.get(AuthService).createToken(user.id, 'tests');
    users[role] = { id: user.id, email: user.email, password, token };
  }
  const client = (token?: string): Client => {
    const agent = request(server);
    const call = (method: Method) => (url: string) => (token ? agent[method](url).set('authorization', `Bearer ${token}`) : agent[method](url));
    return { get: call('get'), post: call('post'), put: call('put'), patch: call('patch'), delete: call('delete') };
  };
  return {
    ...built,
    db,
    config,
    users,
    http: () => client(users.admin.token),
    as: (role) => client(role === 'anonymous' ? undefined : users[role].token),
    wakeDue: () => built.app.get(RunStarter).wakeDue(),
    async close() {
      await built.app.close();
      if (!options.db) await db.drop();
    },
    async stop() {
      await built.app.close();
    },
  };
}

/** Creates a flow from its graph and publishes it, as an analyst would; returns the flow id. */
export async function publishFlow(app: TestApp, name: string, graph: object): Promise<string> {
  const flow = await app.http().post('/api/flows').send({ name, graph }).expect(201);
  await app.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
  return flow.body.id;
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

/** Every stored attempt of every step, oldest first: the run read folds a node's earlier rows into its newest one's history. */
export function allAttempts<T extends { nodeId: string; history?: object[] }>(run: { steps: T[] }): (T | (object & { nodeId: string }))[] {
  return run.steps.flatMap((s) => [...(s.history ?? []).map((h) => ({ ...h, nodeId: s.nodeId })), s]);
}
