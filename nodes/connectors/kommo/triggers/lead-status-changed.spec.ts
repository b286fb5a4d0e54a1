import { AuthError, receiveTrigger } from '../../../sdk';
import flatFixture from '../fixtures/status-webhook.flat.json';
import nestedFixture from '../fixtures/status-webhook.nested.json';
import type { KommoSimulator } from '../simulator';
import { hookRequest, receive, startKommo, triggerContext } from '../spec-support';
import { kommoLeadStatusChanged } from './lead-status-changed';

const TO_INVOICE = '70010001';
const params = { connection: 'kommo-main', path: '/kommo/3f9c2a7e51d04b8c/', pipelineId: '7001', statusId: TO_INVOICE };
const rawFixture = new URLSearchParams(flatFixture).toString();

describe('kommo.leadStatusChanged', () => {
  let sim: KommoSimulator;
  const deliver = (request: ReturnType<typeof hookRequest>, overrides: Record<string, unknown> = {}, ctx = triggerContext(sim)) =>
    receive(kommoLeadStatusChanged, request, { ...params, ...overrides }, ctx);

  beforeAll(async () => (sim = await startKommo({ subdomain: 'example' })));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.leads.clear();
    sim.addLead({ id: 4711, name: 'Tel Aviv city break, 2 adults', price: 22500, status_id: Number(TO_INVOICE), pipeline_id: 7001 });
  });

  it('listens on its path without surrounding slashes', () => {
    expect(kommoLeadStatusChanged.definition.kind === 'trigger' && kommoLeadStatusChanged.definition.hookPath?.(params)).toBe('kommo/3f9c2a7e51d04b8c');
  });

  it.each([
    ['nested by our body parser', hookRequest({ body: nestedFixture, rawBody: rawFixture })],
    ['flat bracket keys', hookRequest({ body: flatFixture })],
    ['only raw form bytes', hookRequest({ body: {}, rawBody: rawFixture })],
  ])('reads a status webhook delivered as %s and re-reads the lead', async (_form, request) => {
    const result = await deliver(request);

    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v4/leads/4711']);
    expect(result).toEqual({
      output: {
        lead: expect.objectContaining({ id: 4711, name: 'Tel Aviv city break, 2 adults', price: 22500, statusId: 70010001, pipelineId: 7001 }),
        event: {
          leadId: 4711, statusId: 70010001, oldStatusId: 70010000, pipelineId: 7001, oldPipelineId: 7001,
          modifiedUserId: 2079718, modifiedAt: '2026-01-02T12:00:00.000Z',
        },
        account: { id: 30000001, subdomain: 'example', url: 'https://example.kommo.com' },
      },
      dedupeKey: 'kommo:lead:4711:status:70010001:1767355200',
      businessKey: '4711',
    });
  });

  it('gives repeated deliveries of one change the same dedupe key and a later move a new one', async () => {
    const body = sim.moveLead(4711, 70010002);
    const first = await deliver(hookRequest({ body }), { statusId: '70010002' });
    const repeat = await deliver(hookRequest({ body }), { statusId: '70010002' });
    sim.leads.get(4711)!.updated_at += 60;
    const later = await deliver(hookRequest({ body: sim.statusWebhookBody(sim.leads.get(4711)!, 70010001) }), { statusId: '70010002' });

    expect(first?.dedupeKey).toBeDefined();
    expect(repeat?.dedupeKey).toBe(first?.dedupeKey);
    expect(later?.dedupeKey).not.toBe(first?.dedupeKey);
  });

  it('accepts the body the simulator builds for a moved lead, with its custom fields', async () => {
    sim.leads.get(4711)!.custom_fields_values = [{ field_id: 900002, field_name: 'Payment terms', field_code: null, field_type: 'select', values: [{ value: 'Net 7', enum_id: 500012 }] }];
    const result = await deliver(hookRequest({ rawBody: sim.moveLead(4711, 142) }), { statusId: '142' });

    expect(result?.output).toMatchObject({ lead: { statusId: 142, customFields: { '900002': 'Net 7' } }, event: { statusId: 142, oldStatusId: 70010001 } });
  });

  it.each([
    ['another stage', { statusId: '70010003' }],
    ['another pipeline', { pipelineId: '8001' }],
  ])('ignores a lead that reached %s without calling Kommo', async (_case, filter) => {
    expect(await deliver(hookRequest({ body: nestedFixture }), filter)).toBeNull();
    expect(sim.requests).toHaveLength(0);
  });

  it('takes any stage when no filter is set', async () => {
    const result = await deliver(hookRequest({ body: nestedFixture }), { pipelineId: '', statusId: undefined });

    expect(result?.businessKey).toBe('4711');
  });

  it('ignores a delivery with no lead status change in it', async () => {
    expect(await deliver(hookRequest({ body: { leads: { add: [{ id: '4711' }] }, account: { id: '30000001' } } }))).toBeNull();
  });

  it('starts one run per matching lead of a bulk stage change', async () => {
    sim.addLead({ id: 4712, status_id: Number(TO_INVOICE), pipeline_id: 7001 });
    const form = new URLSearchParams(rawFixture + '&' + rawFixture.replaceAll('leads%5Bstatus%5D%5B0%5D', 'leads%5Bstatus%5D%5B1%5D').replace('=4711', '=4712'));
    const results = await receiveTrigger(kommoLeadStatusChanged, hookRequest({ rawBody: form.toString() }), params, triggerContext(sim));

    expect(results.map((r) => r.businessKey)).toEqual(['4711', '4712']);
    expect(new Set(results.map((r) => r.dedupeKey)).size).toBe(2);
  });

  it('accepts a delivery without calling Kommo, keys included: the re-read happens in the run', async () => {
    const [stored] = await receiveTrigger(kommoLeadStatusChanged, hookRequest({ body: nestedFixture }), params, triggerContext(sim), { load: false });

    expect(sim.requests).toHaveLength(0);
    expect(stored).toMatchObject({ output: { lead: { id: 4711 }, event: { leadId: 4711 } }, dedupeKey: 'kommo:lead:4711:status:70010001:1767355200', businessKey: '4711' });
  });

  it('ignores a lead deleted before the webhook arrived', async () => {
    sim.leads.clear();
    const ctx = triggerContext(sim);

    expect(await deliver(hookRequest({ body: nestedFixture }), {}, ctx)).toBeNull();
    expect(ctx.warnings).toHaveLength(1);
  });

  it("refuses a webhook naming another account than the connection's", async () => {
    const forged = structuredClone(nestedFixture);
    forged.account.id = '999';

    await expect(deliver(hookRequest({ body: forged }))).rejects.toBeInstanceOf(AuthError);
  });
});
