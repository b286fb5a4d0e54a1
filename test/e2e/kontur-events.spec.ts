import { DiadocSimulator } from '../../nodes/connectors/diadoc/simulator';
import { KonturBillingSimulator } from '../../nodes/connectors/kontur-billing/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { TriggerPolls } from '../../server/src/engine/polls/trigger-polls';
import { eventually, publishFlow, startTestApp, type TestApp } from '../support/test-app';

/**
 * The Kontur connectors through the real engine: a Diadoc signature read from the box's event feed
 * resumes the run waiting on the message id, and a payment Kontur.Billing reports twice resumes the
 * run waiting on the invoice once. The hyphenated connector key travels through the API, the
 * connection store and the node types.
 */
describe('Kontur events resume the runs waiting for them', () => {
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const diadoc = new DiadocSimulator({ now: () => clock.now() });
  const billing = new KonturBillingSimulator({ now: () => clock.now() });
  let app: TestApp;

  beforeAll(async () => {
    await diadoc.start();
    await billing.start();
    app = await startTestApp({ clock });
  });
  afterAll(async () => {
    await app.close();
    await diadoc.stop();
    await billing.stop();
  });

  const waitingFlow = (name: string, eventType: string) => publishFlow(app, name, {
    nodes: [
      { id: 'start', type: 'core.manual', params: {} },
      { id: 'wait', type: 'core.waitForEvent', params: { eventType, correlationKey: '{{ $trigger.key }}', timeoutAmount: 5, timeoutUnit: 'days' } },
      { id: 'done', type: 'core.map', params: { fields: { data: '{{ $steps.wait.event }}' } } },
    ],
    edges: [{ from: 'start', to: 'wait' }, { from: 'wait', port: 'event', to: 'done' }],
  });
  const runsOf = async (flowId: string) => (await app.http().get(`/api/runs?flowId=${flowId}`).expect(200)).body.items as unknown[];

  it('a document signed in Diadoc resumes the run waiting on its message id, once', async () => {
    await app.http().post('/api/connectors/diadoc/enable').expect(200);
    const connection = (await app.http().post('/api/connections').send({
      connector: 'diadoc', name: 'Diadoc (simulator)',
      credentials: { baseUrl: diadoc.url, apiClientId: diadoc.apiClientId, login: diadoc.login, password: diadoc.password },
    }).expect(201)).body.id as string;
    const watcher = await publishFlow(app, 'Diadoc outcomes', { nodes: [{ id: 'events', type: 'diadoc.documentChanged', params: { connection, onlyOutcomes: true } }], edges: [] });
    const process = await waitingFlow('Act in Diadoc', 'diadoc.document.signed');
    const polls = app.app.get(TriggerPolls);
    await polls.pollDue();

    const message = diadoc.seedSentMessage();
    const { runId } = (await app.http().post(`/api/flows/${process}/run`).send({ payload: { key: message.messageId } }).expect(202)).body;
    await eventually(async () => (await app.http().get(`/api/runs/${runId}`)).body.status, (s) => s === 'waiting');

    clock.advance(3600_000);
    diadoc.sign(message.messageId);
    clock.advance(61_000);
    await polls.pollDue();
    const run = await eventually(async () => (await app.http().get(`/api/runs/${runId}`)).body, (r) => r.status === 'succeeded');
    expect(run.steps.filter((s: { nodeId: string }) => s.nodeId === 'wait').at(-1).port).toBe('event');

    clock.advance(61_000);
    await polls.pollDue();
    expect(await runsOf(watcher)).toHaveLength(1);
  });

  it('an invoice Kontur.Billing reports paid twice resumes the run waiting on it once, with the deal id', async () => {
    await app.http().post('/api/connectors/kontur-billing/enable').expect(200);
    const connection = (await app.http().post('/api/connections').send({
      connector: 'kontur-billing', name: 'Kontur.Billing (simulator)', credentials: { baseUrl: billing.apiUrl, apiKey: billing.apiKey },
    }).expect(201)).body.id as string;
    const watcher = await publishFlow(app, 'Kontur payments', { nodes: [{ id: 'paid', type: 'kontur-billing.invoicePaid', params: { connection } }], edges: [] });
    const process = await waitingFlow('Deal payment', 'kontur.invoice.paid');
    const polls = app.app.get(TriggerPolls);
    clock.advance(61_000);
    await polls.pollDue();

    const invoice = billing.issueInvoice(billing.addSale({ externalId: '10452' }).id);
    const { runId } = (await app.http().post(`/api/flows/${process}/run`).send({ payload: { key: invoice.id } }).expect(202)).body;
    await eventually(async () => (await app.http().get(`/api/runs/${runId}`)).body.status, (s) => s === 'waiting');

    clock.advance(61_000);
    billing.pay(invoice.id);
    clock.advance(61_000);
    await polls.pollDue();
    const run = await eventually(async () => (await app.http().get(`/api/runs/${runId}`)).body, (r) => r.status === 'succeeded');
    expect(run.steps.find((s: { nodeId: string }) => s.nodeId === 'done').output).toMatchObject({ data: { externalId: '10452', invoiceId: invoice.id } });

    clock.advance(61_000);
    billing.pay(invoice.id);
    clock.advance(61_000);
    await polls.pollDue();
    expect(await runsOf(watcher)).toHaveLength(1);
  });
});
