import { createHttpClient, pollTrigger, recordingTriggerContext, type NodeContext } from '../../sdk';
import { diadocTokens } from './client';
import { DiadocSimulator, type DiadocSimulatorOptions } from './simulator';

/** Shared set-up for the Diadoc specs: a started simulator and contexts whose connection points at it. */
export async function startDiadoc(options?: DiadocSimulatorOptions): Promise<DiadocSimulator> {
  const sim = new DiadocSimulator(options);
  await sim.start();
  return sim;
}

/** Forgets every Diadoc token the process keeps, so each spec starts by authenticating. */
export function resetTokens(): void {
  diadocTokens.clear();
}

export function connectionTo(sim: DiadocSimulator, overrides: Record<string, string | undefined> = {}) {
  return { baseUrl: sim.url, apiClientId: sim.apiClientId, login: sim.login, password: sim.password, ...overrides };
}

export function nodeContext(sim: DiadocSimulator, overrides: Partial<NodeContext> & { connection?: Record<string, string | undefined> } = {}): Partial<NodeContext> {
  const { connection, ...rest } = overrides;
  const credentials = connectionTo(sim, connection);
  return { http: createHttpClient(), credentials: async <T>() => credentials as T, ...rest };
}

export function triggerContext(sim: DiadocSimulator, overrides: { connection?: Record<string, string | undefined>; now?: () => Date } = {}) {
  return recordingTriggerContext(connectionTo(sim, overrides.connection), { now: overrides.now });
}

/** Calls a polling trigger as the engine does (see pollTrigger). */
export const poll = pollTrigger;

/** What core.document hands over. */
export const PDF = { filename: 'act-1042.pdf', contentBase64: Buffer.from('%PDF-1.4 act 1042').toString('base64') };
export const SIGNATURE = Buffer.from('CMS detached signature').toString('base64');
