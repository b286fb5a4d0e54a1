import { createHttpClient, pollTrigger, recordingTriggerContext, type NodeContext } from '../../sdk';
import { KonturBillingSimulator, type KonturBillingSimulatorOptions } from './simulator';

/** Shared set-up for the Kontur.Billing specs: a started simulator and contexts whose connection points at it. */
export async function startKonturBilling(options?: KonturBillingSimulatorOptions): Promise<KonturBillingSimulator> {
  const sim = new KonturBillingSimulator(options);
  await sim.start();
  return sim;
}

export function connectionTo(sim: KonturBillingSimulator, overrides: Record<string, string | undefined> = {}) {
  return { baseUrl: sim.apiUrl, apiKey: sim.apiKey, apiKeyHeader: sim.apiKeyHeader, ...overrides };
}

export function nodeContext(sim: KonturBillingSimulator, overrides: Partial<NodeContext> & { connection?: Record<string, string | undefined> } = {}): Partial<NodeContext> {
  const { connection, ...rest } = overrides;
  const credentials = connectionTo(sim, connection);
  return { http: createHttpClient(), credentials: async <T>() => credentials as T, ...rest };
}

export function triggerContext(sim: KonturBillingSimulator, overrides: { connection?: Record<string, string | undefined>; now?: () => Date } = {}) {
  return recordingTriggerContext(connectionTo(sim, overrides.connection), { now: overrides.now });
}

/** Calls a polling trigger as the engine does (see pollTrigger). */
export const poll = pollTrigger;

/** A deal converted in the CRM, as the create step gets it (seed 002). */
export const DEAL = {
  externalId: '10452',
  clientName: 'ООО «Ромашка»',
  clientInn: '7707083893',
  clientKpp: '773601001',
  contactName: 'Анна Петрова',
  contactPhone: '+7 912 345-67-89',
  contactEmail: 'buh@romashka.ru',
  orderType: 'Новое подключение',
  product: 'Контур.Экстерн',
  completionDate: '31.03.2026',
  comment: 'Клиент с сайта, нужна ЭЦП',
};
