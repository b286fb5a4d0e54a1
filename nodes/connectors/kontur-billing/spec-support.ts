import { createHttpClient, isTrigger, type AnyNode, type NodeContext, type PollResult, type TriggerContext } from '../../sdk';
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
  const logs: { level: string; message: string }[] = [];
  const credentials = connectionTo(sim, overrides.connection);
  const ctx: TriggerContext = {
    flowId: 'flow-1',
    now: overrides.now ?? (() => new Date()),
    http: createHttpClient(),
    log: {
      info: (message) => logs.push({ level: 'info', message }),
      warn: (message) => logs.push({ level: 'warn', message }),
      error: (message) => logs.push({ level: 'error', message }),
    },
    credentials: async <T>() => credentials as T,
  };
  return Object.assign(ctx, { logs });
}

/** Calls a polling trigger as the engine does: params validated first, the cursor as stored JSON. */
export async function poll(node: AnyNode, params: Record<string, unknown>, ctx: TriggerContext, cursor: unknown): Promise<PollResult> {
  if (!isTrigger(node) || !node.definition.poll) throw new Error(`${node.type} does not poll`);
  const parsed = node.paramsSchema.parse(params);
  const stored = cursor === undefined ? undefined : JSON.parse(JSON.stringify(cursor));
  return node.definition.poll(ctx, parsed as never, stored);
}

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
