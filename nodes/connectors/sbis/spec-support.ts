import { createHttpClient, pollTrigger, recordingTriggerContext, type NodeContext } from '../../sdk';
import { sbisSessions } from './client';
import { SbisSimulator, type SbisSimulatorOptions } from './simulator';

/** Shared set-up for the SBIS specs: a started simulator and contexts whose connection points at it. */
export async function startSbis(options?: SbisSimulatorOptions): Promise<SbisSimulator> {
  const sim = new SbisSimulator(options);
  await sim.start();
  return sim;
}

/** Forgets every SBIS session the process keeps, so each spec starts by logging in. */
export function resetSessions(): void {
  sbisSessions.clear();
}

export function connectionTo(sim: SbisSimulator, overrides: Record<string, string | undefined> = {}) {
  return { baseUrl: sim.url, login: sim.login, password: sim.password, ourInn: sim.ourInn, ourKpp: sim.ourKpp, ...overrides };
}

export function nodeContext(sim: SbisSimulator, overrides: Partial<NodeContext> & { connection?: Record<string, string | undefined> } = {}): Partial<NodeContext> {
  const { connection, ...rest } = overrides;
  const credentials = connectionTo(sim, connection);
  return { http: createHttpClient(), credentials: async <T>() => credentials as T, ...rest };
}

export function triggerContext(sim: SbisSimulator, overrides: { connection?: Record<string, string | undefined>; now?: () => Date } = {}) {
  return recordingTriggerContext(connectionTo(sim, overrides.connection), { now: overrides.now });
}

/** Calls a polling trigger as the engine does (see pollTrigger). */
export const poll = pollTrigger;

export const COUNTERPARTY = { inn: '7707083893', kpp: '773601001', name: 'ООО «Ромашка»' };
export const PDF = { filename: 'act-1042.pdf', contentBase64: Buffer.from('%PDF-1.4 act 1042').toString('base64') };
