import { AuthError, RateLimitError, RemoteError, runNode, type AnyNode } from '../../../sdk';
import type { KommoSimulator } from '../simulator';
import { nodeContext, startKommo } from '../spec-support';
import { kommoAddNote } from './add-note';
import { kommoCreateTask } from './create-task';
import { kommoGetLead } from './get-lead';
import { kommoUpdateLead } from './update-lead';

const cases: [string, AnyNode, Record<string, unknown>][] = [
  ['kommo.getLead', kommoGetLead, { leadId: 4711 }],
  ['kommo.updateLead', kommoUpdateLead, { leadId: 4711, price: 100 }],
  ['kommo.addNote', kommoAddNote, { leadId: 4711, text: 'Invoice sent' }],
  ['kommo.createTask', kommoCreateTask, { leadId: 4711, text: 'Call the client', dueAt: '2026-03-02T09:00:00Z' }],
];

describe.each(cases)('%s error mapping', (_type, node, params) => {
  let sim: KommoSimulator;
  const run = (ctx = nodeContext(sim)) => runNode(node, { connection: 'kommo-main', ...params }, ctx).catch((e: unknown) => e);

  beforeAll(async () => {
    sim = await startKommo();
    sim.addLead({ id: 4711 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.clearFaults();
  });

  it('reports a wrong token as an auth error that is not retried', async () => {
    const error = await run(nodeContext(sim, { connection: { accessToken: 'wrong' } }));

    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ retryable: false, message: expect.stringContaining('401') });
    expect(sim.requests).toHaveLength(1);
  });

  it('reports 429 as a rate limit honouring Retry-After', async () => {
    sim.injectFault({ status: 429, retryAfterSeconds: 7 });
    const error = await run();

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7000 });
  });

  it('reports 5xx as a retryable remote error', async () => {
    sim.injectFault({ status: 503 });
    const error = await run();

    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ status: 503, retryable: true });
  });

  it('reports an unreachable Kommo as a retryable remote error', async () => {
    const error = await run(nodeContext(sim, { connection: { baseUrl: 'http://127.0.0.1:1' } }));

    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ retryable: true });
  });
});
