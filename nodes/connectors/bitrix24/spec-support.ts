import { createHttpClient, memoryTriggerState, type IncomingRequest, type NodeContext, type TriggerContext, type TriggerState } from '../../sdk';
import { Bitrix24Simulator, type Bitrix24SimulatorOptions } from './simulator';

/** Shared set-up for the Bitrix24 specs: a started simulator and contexts whose connection points at it. */
export async function startBitrix24(options?: Bitrix24SimulatorOptions): Promise<Bitrix24Simulator> {
  const sim = new Bitrix24Simulator(options);
  await sim.start();
  return sim;
}

export function connectionTo(sim: Bitrix24Simulator, overrides: Record<string, string | undefined> = {}) {
  return { webhookUrl: sim.webhookUrl, applicationToken: sim.applicationToken, ...overrides };
}

export function nodeContext(sim: Bitrix24Simulator, overrides: Partial<NodeContext> & { connection?: Record<string, string | undefined> } = {}): Partial<NodeContext> {
  const { connection, ...rest } = overrides;
  const credentials = connectionTo(sim, connection);
  return { http: createHttpClient(), credentials: async <T>() => credentials as T, ...rest };
}

export function triggerContext(sim: Bitrix24Simulator, overrides: { connection?: Record<string, string | undefined>; state?: TriggerState } = {}) {
  const warnings: string[] = [];
  const credentials = connectionTo(sim, overrides.connection);
  const ctx: TriggerContext = {
    flowId: 'flow-1',
    now: () => new Date(),
    http: createHttpClient(),
    log: { info: () => undefined, warn: (message) => warnings.push(message), error: () => undefined },
    credentials: async <T>() => credentials as T,
    state: overrides.state ?? memoryTriggerState(),
  };
  return Object.assign(ctx, { warnings });
}

/** A delivery as our hook intake hands it over: the raw form bytes, the body not yet nested. */
export function hookRequest(rawBody: string, body: unknown = {}): IncomingRequest {
  return { method: 'POST', path: 'bitrix24/7c1e9a40b2d35f68', headers: { 'content-type': 'application/x-www-form-urlencoded' }, query: {}, body, rawBody: Buffer.from(rawBody), ip: '127.0.0.1' };
}
