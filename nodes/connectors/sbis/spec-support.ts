import { createHttpClient, isTrigger, type AnyNode, type NodeContext, type PollResult, type TriggerContext } from '../../sdk';
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

/** Calls a polling trigger as the engine does: params validated by the node's schema first. */
export async function poll(node: AnyNode, params: Record<string, unknown>, ctx: TriggerContext, cursor: unknown): Promise<PollResult> {
  if (!isTrigger(node) || !node.definition.poll) throw new Error(`${node.type} does not poll`);
  const parsed = node.paramsSchema.parse(params);
  // The engine stores the cursor as JSON: a spec should see what survives that.
  const stored = cursor === undefined ? undefined : JSON.parse(JSON.stringify(cursor));
  return node.definition.poll(ctx, parsed as never, stored);
}

export const COUNTERPARTY = { inn: '7707083893', kpp: '773601001', name: 'ООО «Ромашка»' };
export const PDF = { filename: 'act-1042.pdf', contentBase64: Buffer.from('%PDF-1.4 act 1042').toString('base64') };
