import { EasyCountSimulator } from '../../nodes/connectors/easycount/simulator';
import { KommoSimulator } from '../../nodes/connectors/kommo/simulator';
import { StripeSimulator } from '../../nodes/connectors/stripe/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { allAttempts, eventually, startTestApp, waitForRun, type TestApp } from '../support/test-app';

/** Seed 000 (Kommo + EasyCount), end to end through HTTP against the simulators. */
describe('scenario: deal reaches "To invoice" → EasyCount invoice → payment link on the deal → paid', () => {
  const PIPELINE = 7001;
  const STAGE = { toInvoice: 70010001, invoiceSent: 70010002, paid: 70010003 };
  const FIELD = { paymentLink: 900003, invoiceNumber: 900004 };
  const SECRETS = { kommoToken: 'kommo-long-lived-token-9f8e7d', easycountKey: 'ezcount-api-key-5c4b3a', stripeSecret: 'whsec_scenario_1a2b3c4d5e' };

  const clock = new FakeClock(new Date());
  const kommo = new KommoSimulator({ accessToken: SECRETS.kommoToken });
  const easycount = new EasyCountSimulator({ apiKey: SECRETS.easycountKey });
  const stripe = new StripeSimulator();
  let app: TestApp;
  let invoiceFlowId: string;
  let paymentsFlowId: string;

  beforeAll(async () => {
    await Promise.all([kommo.start(), easycount.start()]);
    app = await startTestApp({ clock });
    for (const key of ['kommo', 'easycount', 'stripe']) await app.http().post(`/api/connectors/${key}/enable`).expect(200);
    const connect = async (connector: string, credentials: Record<string, string>) =>
      (await app.http().post('/api/connections').send({ connector, name: `${connector} (simulator)`, credentials }).expect(201)).body.id as string;
    const kommoConnection = await connect('kommo', { baseUrl: kommo.url, accessToken: SECRETS.kommoToken });
    const easycountConnection = await connect('easycount', { baseUrl: easycount.url, apiKey: SECRETS.easycountKey, developerEmail: 'dev@example.com' });
    const stripeConnection = await connect('stripe', { webhookSecret: SECRETS.stripeSecret });

    const listed = (await app.http().get('/api/templates').expect(200)).body.find((t: { id: string }) => t.id === 'kommo-easycount-invoice');
    expect(listed.connectors).toEqual(['kommo', 'easycount', 'stripe']);
    expect(listed.texts.ru.title).toMatch(/^Сделка → счёт/);
    const created = await app.http().post('/api/templates/kommo-easycount-invoice/instantiate').send({
      publish: true,
      lang: 'ru',
      params: {
        kommoConnection, easycountConnection, stripeConnection, pipelineId: PIPELINE,
        toInvoiceStatusId: STAGE.toInvoice, invoiceSentStatusId: STAGE.invoiceSent, paidStatusId: STAGE.paid,
        paymentLinkFieldId: FIELD.paymentLink, invoiceNumberFieldId: FIELD.invoiceNumber,
        kommoHookPath: 'kommo/scenario', stripeHookPath: 'stripe/scenario',
      },
    }).expect(201);
    // Created in the analyst's language: flows and nodes carry Russian names, ids and expressions stay.
    expect(created.body.flows.map((f: { name: string }) => f.name)).toEqual(['Счёт по сделке и контроль оплаты', 'Оплаты из Stripe']);
    expect(created.body.flows[0].graph.nodes.find((n: { id: string }) => n.id === 'invoice').name).toBe('Выставить счёт');
    [invoiceFlowId, paymentsFlowId] = created.body.flows.map((f: { id: string; publishedVersion: number }) => {
      expect(f.publishedVersion).toBe(1);
      return f.id;
    });
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([kommo.stop(), easycount.stop()]);
  });
  beforeEach(() => {
    kommo.clearFaults();
    easycount.clearFaults();
  });

  const fireStageChange = (body: string) =>
    app.http().post('/hooks/kommo/scenario').set('content-type', 'application/x-www-form-urlencoded').send(body);
  const customField = (leadId: number, fieldId: number) =>
    kommo.leads.get(leadId)?.custom_fields_values?.find((f) => f.field_id === fieldId)?.values?.[0]?.value;
  const stripeDelivery = (invoiceNumber: string, secret = SECRETS.stripeSecret) => {
    const event = stripe.paymentIntentSucceeded({ amount: 450000, currency: 'ils', metadata: { invoice_id: invoiceNumber } });
    const { body, headers } = stripe.signedDelivery(event, secret, Math.floor(clock.now().getTime() / 1000));
    return app.http().post('/hooks/stripe/scenario').set(headers).set('content-type', 'application/json').send(body);
  };

  it('invoices the deal with its amount and client, writes the link back, and marks it paid on payment', async () => {
    const lead = kommo.addLead({ name: 'Eilat tour for 2', price: 4500 });
    const accepted = await fireStageChange(kommo.moveLead(lead.id, STAGE.toInvoice)).expect(202);
    const runId = accepted.body.runId;

    const waiting = await waitForRun(app, runId, ['waiting', 'failed']);
    expect(waiting.status).toBe('waiting');
    expect(waiting.businessKey).toBe(String(lead.id));
    expect(easycount.docs).toHaveLength(1);
    const doc = easycount.docs[0];
    expect(doc.total).toBe(4500);
    expect(doc.customerName).toBe('Eilat tour for 2');
    const updated = kommo.leads.get(lead.id)!;
    expect(updated.status_id).toBe(STAGE.invoiceSent);
    expect(customField(lead.id, FIELD.paymentLink)).toMatch(new RegExp(`^${easycount.url}/payment/page/`));
    expect(customField(lead.id, FIELD.invoiceNumber)).toBe(doc.docNumber);

    await stripeDelivery(doc.docNumber).expect(202);
    const done = await waitForRun(app, runId);
    expect(done.status).toBe('succeeded');
    expect(kommo.leads.get(lead.id)!.status_id).toBe(STAGE.paid);
    const paymentRuns = await app.http().get(`/api/runs?flowId=${paymentsFlowId}`).expect(200);
    expect(paymentRuns.body.items[0].businessKey).toBe(doc.docNumber);
  });

  it('creates one invoice when Kommo delivers the same webhook three times', async () => {
    const lead = kommo.addLead({ name: 'Dead Sea weekend', price: 1200 });
    const body = kommo.moveLead(lead.id, STAGE.toInvoice);
    const before = easycount.docs.length;
    const replies = [await fireStageChange(body), await fireStageChange(body), await fireStageChange(body)];
    expect(replies.map((r) => r.status)).toEqual([202, 200, 200]);
    expect(new Set(replies.map((r) => r.body.runId)).size).toBe(1);
    await waitForRun(app, replies[0].body.runId, ['waiting', 'failed']);
    expect(easycount.docs.length - before).toBe(1);
  });

  it('invoices every deal of a bulk stage change, each in its own run', async () => {
    const first = kommo.addLead({ name: 'Masada sunrise', price: 300 });
    const second = kommo.addLead({ name: 'Jaffa food tour', price: 450 });
    const secondLeadOnly = new URLSearchParams(kommo.moveLead(second.id, STAGE.toInvoice));
    const batch = new URLSearchParams(kommo.moveLead(first.id, STAGE.toInvoice));
    for (const [key, value] of secondLeadOnly) if (key.startsWith('leads[status][0]')) batch.append(key.replace('[0]', '[1]'), value);
    const before = easycount.docs.length;
    const res = await fireStageChange(batch.toString()).expect(202);
    expect(res.body.runs).toHaveLength(2);
    const runs = await Promise.all(res.body.runs.map((r: { runId: string }) => waitForRun(app, r.runId, ['waiting', 'failed'])));
    expect(runs.map((r) => r.businessKey).sort()).toEqual([String(first.id), String(second.id)].sort());
    expect(easycount.docs.slice(before).map((d) => d.total).sort((a, b) => a - b)).toEqual([300, 450]);
  });

  it('still creates exactly one invoice when EasyCount answers 500 twice', async () => {
    easycount.injectFault({ status: 500, times: 2, pathPrefix: '/api/createDoc' });
    const lead = kommo.addLead({ name: 'Galilee hiking', price: 800 });
    const before = easycount.docs.length;
    const { body } = await fireStageChange(kommo.moveLead(lead.id, STAGE.toInvoice)).expect(202);
    for (let failures = 1; failures <= 2; failures++) {
      await eventually(() => app.http().get(`/api/runs/${body.runId}`), (r) => (allAttempts(r.body) as { nodeId: string; status: string }[]).filter((s) => s.nodeId === 'invoice' && s.status === 'failed').length === failures);
      clock.advance(60_000);
      await app.wakeDue();
    }
    const run = await waitForRun(app, body.runId, ['waiting', 'failed']);
    expect(run.status).toBe('waiting');
    expect(easycount.docs.length - before).toBe(1);
    expect((allAttempts(run) as { nodeId: string; status: string }[]).filter((s) => s.nodeId === 'invoice').map((s) => s.status)).toEqual(['failed', 'failed', 'succeeded']);
  });

  it('refuses a Stripe webhook with a bad signature with 401 and starts nothing', async () => {
    const before = (await app.http().get(`/api/runs?flowId=${paymentsFlowId}`).expect(200)).body.items.length;
    const res = await stripeDelivery('whatever', 'whsec_wrong_secret_000').expect(401);
    expect(res.body.message).not.toContain(SECRETS.stripeSecret);
    expect((await app.http().get(`/api/runs?flowId=${paymentsFlowId}`).expect(200)).body.items.length).toBe(before);
  });

  it('blocks publishing while a connector the flow uses is disabled', async () => {
    await app.http().post('/api/connectors/easycount/disable').expect(200);
    try {
      const res = await app.http().post(`/api/flows/${invoiceFlowId}/publish`).expect(400);
      expect(res.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ nodeId: 'invoice', message: expect.stringMatching(/Connector 'EasyCount.*' is disabled/) })]));
      const catalogue = await app.http().get('/api/nodes').expect(200);
      expect(catalogue.body.map((n: { type: string }) => n.type)).not.toContain('easycount.createInvoice');
    } finally {
      await app.http().post('/api/connectors/easycount/enable').expect(200);
    }
  });

  it('never shows a credential in runs, connections or the audit log', async () => {
    const runs = await app.http().get(`/api/runs?flowId=${invoiceFlowId}&limit=50`).expect(200);
    const bodies = await Promise.all(runs.body.items.map((r: { id: string }) => app.http().get(`/api/runs/${r.id}`).expect(200)));
    const everything = JSON.stringify([
      bodies.map((b) => b.body),
      (await app.http().get('/api/connections').expect(200)).body,
      (await app.http().get('/api/audit').expect(200)).body,
      (await app.http().get(`/api/flows/${invoiceFlowId}/export`).expect(200)).body,
    ]);
    expect(bodies.length).toBeGreaterThan(2);
    for (const secret of Object.values(SECRETS)) expect(everything).not.toContain(secret);
  });
});
