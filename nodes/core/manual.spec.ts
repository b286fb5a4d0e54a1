import { isTrigger, type AnyNode, type IncomingRequest, type TriggerContext } from '../sdk';
import { manualTrigger } from './manual';

const ctx: TriggerContext = {
  flowId: 'flow-1',
  now: () => new Date('2026-03-02T10:00:00.000Z'),
  http: { request: async () => { throw new Error('no http in this spec'); } },
  log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  credentials: async () => { throw new Error('no credentials in this spec'); },
};

function request(body: unknown): IncomingRequest {
  return { method: 'POST', path: '', headers: {}, query: {}, body, rawBody: Buffer.from(JSON.stringify(body ?? null)), ip: '127.0.0.1' };
}

async function receive(body: unknown) {
  const node: AnyNode = manualTrigger;
  if (!isTrigger(node)) throw new Error('core.manual must be a trigger');
  return node.definition.receive!(request(body), node.paramsSchema.parse({}), ctx);
}

describe('core.manual', () => {
  it('is a manual trigger', () => {
    expect(manualTrigger.kind).toBe('trigger');
    expect(isTrigger(manualTrigger) && manualTrigger.definition.source).toBe('manual');
  });

  it('passes the posted payload on as the trigger output', async () => {
    expect(await receive({ dealId: 4711, stage: 'won' })).toEqual({ output: { dealId: 4711, stage: 'won' } });
  });

  it('outputs an empty object when pressed without a payload', async () => {
    expect(await receive(undefined)).toEqual({ output: {} });
    expect(await receive(null)).toEqual({ output: {} });
  });

  it('accepts dedupe and business key params', () => {
    expect(manualTrigger.paramsSchema.safeParse({ dedupeKey: '{{ $trigger.body.id }}', businessKey: 'x' }).success).toBe(true);
  });
});
