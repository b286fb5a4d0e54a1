import { createHttpClient, pollTrigger, recordingTriggerContext, type NodeContext } from '../../sdk';
import { AsproSimulator, type AsproSimulatorOptions } from './simulator';

/** Shared set-up for the Aspro.Cloud specs: a started simulator and contexts whose connection points at it. */
export async function startAspro(options?: AsproSimulatorOptions): Promise<AsproSimulator> {
  const sim = new AsproSimulator(options);
  await sim.start();
  return sim;
}

export function connectionTo(sim: AsproSimulator, overrides: Record<string, string | undefined> = {}) {
  return { accountUrl: sim.url, apiKey: sim.apiKey, ...overrides };
}

export function nodeContext(sim: AsproSimulator, overrides: Partial<NodeContext> & { connection?: Record<string, string | undefined> } = {}): Partial<NodeContext> {
  const { connection, ...rest } = overrides;
  const credentials = connectionTo(sim, connection);
  return { http: createHttpClient(), credentials: async <T>() => credentials as T, ...rest };
}

export function triggerContext(sim: AsproSimulator, overrides: { connection?: Record<string, string | undefined>; now?: () => Date } = {}) {
  return recordingTriggerContext(connectionTo(sim, overrides.connection), { now: overrides.now });
}

/** Calls a polling trigger as the engine does (see pollTrigger). */
export const poll = pollTrigger;
