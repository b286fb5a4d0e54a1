import { createHttpClient, receiveTrigger, type AnyNode, type IncomingRequest, type NodeContext, type TriggerContext, type TriggerResult } from '../../sdk';
import { KommoSimulator, type KommoSimulatorOptions } from './simulator';

/** Shared set-up for the Kommo specs: a started simulator and contexts whose connection points at it. */
export async function startKommo(options?: KommoSimulatorOptions): Promise<KommoSimulator> {
  const sim = new KommoSimulator(options);
  await sim.start();
  return sim;
}

export function connectionTo(sim: KommoSimulator, overrides: Record<string, string | undefined> = {}) {
  return { baseUrl: sim.url, accessToken: sim.accessToken, integrationSecret: sim.integrationSecret, ...overrides };
}

export function nodeContext(sim: KommoSimulator, overrides: Partial<NodeContext> & { connection?: Record<string, string | undefined> } = {}): Partial<NodeContext> {
  const { connection, ...rest } = overrides;
  const credentials = connectionTo(sim, connection);
  return { http: createHttpClient(), credentials: async <T>() => credentials as T, ...rest };
}

export function triggerContext(sim: KommoSimulator, overrides: { connection?: Record<string, string | undefined>; now?: () => Date } = {}) {
  const warnings: { message: string; data?: Record<string, unknown> }[] = [];
  const credentials = connectionTo(sim, overrides.connection);
  const ctx: TriggerContext = {
    flowId: 'flow-1',
    now: overrides.now ?? (() => new Date()),
    http: createHttpClient(),
    log: { info: () => undefined, warn: (message, data) => warnings.push({ message, data }), error: () => undefined },
    credentials: async <T>() => credentials as T,
  };
  return Object.assign(ctx, { warnings });
}

export function hookRequest(parts: { body?: unknown; rawBody?: string; headers?: Record<string, string>; query?: Record<string, string> }): IncomingRequest {
  return {
    method: 'POST',
    path: 'kommo/3f9c2a7e51d04b8c',
    headers: parts.headers ?? {},
    query: parts.query ?? {},
    body: parts.body ?? {},
    rawBody: Buffer.from(parts.rawBody ?? ''),
    ip: '127.0.0.1',
  };
}

/** Calls a trigger the way the hook intake does: params validated by the node's schema first. */
export async function receive(node: AnyNode, request: IncomingRequest, params: Record<string, unknown>, ctx: TriggerContext): Promise<TriggerResult | null> {
  const results = await receiveTrigger(node, request, params, ctx);
  if (results.length > 1) throw new Error(`expected one run, the delivery asked for ${results.length}`);
  return results[0] ?? null;
}
