import { describeNode, runNode, type TriggerResult } from '../../../sdk';
import { konturBillingCreatePotentialSale } from '../actions/create-potential-sale';
import type { KonturBillingSimulator } from '../simulator';
import { DEAL, nodeContext, poll, startKonturBilling, triggerContext } from '../spec-support';
import { MAX_PAGES_PER_POLL } from './changes';
import { konturBillingInvoicePaid } from './invoice-paid';
import { konturBillingPotentialSaleChanged } from './potential-sale-changed';

const params = { connection: 'kb-main' };

describe('Kontur.Billing polling triggers', () => {
  let sim: KonturBillingSimulator;
  let clock: Date;
  const ctx = () => triggerContext(sim, { now: () => clock });
  const later = (seconds = 60) => (clock = new Date(clock.getTime() + seconds * 1000));
  const keys = (results: TriggerResult[]) => results.map((r) => r.dedupeKey);
  const lists = (path: string) => sim.calls('GET', path);

  beforeAll(async () => (sim = await startKonturBilling({ now: () => clock })));
  afterAll(() => sim.stop());
  beforeEach(() => {
    clock = new Date('2026-03-02T09:00:00.000Z');
    sim.reset();
  });

  describe('kontur-billing.potentialSaleChanged', () => {
    const trigger = konturBillingPotentialSaleChanged;
    const listening = async (p: Record<string, unknown> = params) => (await poll(trigger, p, ctx(), undefined)).cursor;

    it('starts listening from now and asks with updatedSince, afterId and a bounded limit', async () => {
      sim.addSale();
      later();
      const first = await poll(trigger, params, ctx(), undefined);

      expect(first).toEqual({ results: [], cursor: { since: '2026-03-02T09:01:00.000Z' } });
      expect(lists('/potential-sales')[0].query).toEqual({ updatedSince: '2026-03-02T09:01:00.000Z', limit: '100' });
      expect(lists('/potential-sales')[0].headers['x-api-key']).toBe(sim.apiKey);
    });

    it('delivers a sale registered in the portal and an edit of it, one run per version, keyed by id and change time', async () => {
      const cursor = await listening();
      later();
      const sale = sim.addSale({ comment: 'Заявка от Контура' });
      const first = await poll(trigger, params, ctx(), cursor);

      expect(first.results).toEqual([{
        output: { change: 'created', sale: expect.objectContaining({ id: sale.id, externalId: null, client: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '773601001' }, comment: 'Заявка от Контура' }) },
        dedupeKey: `${sale.id}@2026-03-02T09:01:00.000Z`,
        businessKey: sale.id,
      }]);
      expect(first.cursor).toEqual({ since: '2026-03-02T09:01:00.000Z', afterId: sale.id });

      later();
      sim.editSale(sale.id, { status: 'В работе' });
      const second = await poll(trigger, params, ctx(), first.cursor);
      expect(second.results).toEqual([expect.objectContaining({ output: { change: 'updated', sale: expect.objectContaining({ status: 'В работе' }) }, dedupeKey: `${sale.id}@2026-03-02T09:02:00.000Z` })]);
      expect(lists('/potential-sales')[2].query).toMatchObject({ updatedSince: '2026-03-02T09:01:00.000Z', afterId: sale.id });
    });

    it('a sale the CRM created through the connector carries the deal id as its business key', async () => {
      const cursor = await listening();
      later();
      await runNode(konturBillingCreatePotentialSale, { connection: 'c', ...DEAL }, nodeContext(sim));
      const { results } = await poll(trigger, params, ctx(), cursor);
      expect(results).toEqual([expect.objectContaining({ businessKey: '10452', output: expect.objectContaining({ change: 'created' }) })]);
    });

    it('a second poll from the new cursor delivers nothing twice; one from an older cursor (a restart) gives the same dedupe keys', async () => {
      const start = await listening();
      later();
      const a = sim.addSale();
      const b = sim.addSale();
      const first = await poll(trigger, params, ctx(), start);
      expect(keys(first.results)).toEqual([`${a.id}@2026-03-02T09:01:00.000Z`, `${b.id}@2026-03-02T09:01:00.000Z`]);

      expect((await poll(trigger, params, ctx(), first.cursor)).results).toEqual([]);
      const again = await poll(trigger, params, ctx(), start);
      expect(again).toEqual(first);
    });

    it('orders sales of one change time by id (numerically) and resumes between them', async () => {
      const start = await listening();
      later();
      for (let i = 0; i < 3; i++) sim.addSale();
      // 95, 96, 97 and then 100…: "100" sorts after "97" as a number, before it as text.
      for (let i = 0; i < 3; i++) sim.addSale({ id: String(100 + i) });
      const first = await poll(trigger, params, ctx(), start);
      expect(first.results.map((r) => (r.output as { sale: { id: string } }).sale.id)).toEqual(['95', '96', '97', '100', '101', '102']);

      const resumed = await poll(trigger, params, ctx(), { since: '2026-03-02T09:01:00.000Z', afterId: '97' });
      expect(resumed.results.map((r) => (r.output as { sale: { id: string } }).sale.id)).toEqual(['100', '101', '102']);
    });

    it(`reads at most ${MAX_PAGES_PER_POLL} pages of 100 per poll and goes on from there`, async () => {
      const start = await listening();
      for (let i = 0; i < 620; i++) {
        if (i % 7 === 0) later(1);
        sim.addSale();
      }
      sim.requests.length = 0;
      const context = ctx();
      const first = await poll(trigger, params, context, start);
      expect(first.results).toHaveLength(500);
      expect(lists('/potential-sales')).toHaveLength(MAX_PAGES_PER_POLL);
      expect(lists('/potential-sales').every((r) => r.query.limit === '100')).toBe(true);
      expect(context.logs).toEqual([expect.objectContaining({ level: 'info', message: expect.stringContaining('more potential sales') })]);

      const second = await poll(trigger, params, ctx(), first.cursor);
      expect(second.results).toHaveLength(120);
      expect(new Set([...keys(first.results), ...keys(second.results)]).size).toBe(620);
      expect((await poll(trigger, params, ctx(), second.cursor)).results).toEqual([]);
    });

    it('"new only" starts runs for new sales alone, yet moves past the edits', async () => {
      const start = await listening({ ...params, only: 'created' });
      later();
      const old = sim.addSale({ createdAt: '2026-02-01T00:00:00.000Z' });
      const fresh = sim.addSale();
      const { results, cursor } = await poll(trigger, { ...params, only: 'created' }, ctx(), start);
      expect(results.map((r) => r.businessKey)).toEqual([fresh.id]);
      expect(cursor).toEqual({ since: old.updatedAt, afterId: fresh.id });
    });

    it('reads a portal with other field names through the mapping', async () => {
      const start = await listening();
      later();
      const sale = sim.addSale({ externalId: '10452' });
      const { results } = await poll(trigger, { ...params, fieldMapping: { externalId: 'externalId', clientInn: 'client.inn', status: 'orderType', orderType: 'status' } }, ctx(), start);
      expect(results[0]).toMatchObject({ output: { sale: { id: sale.id, status: 'Новое подключение', orderType: 'Зарегистрирована' } } });
    });

    it('starts afresh, with a warning, from a cursor it did not write', async () => {
      const context = ctx();
      const { cursor } = await poll(trigger, params, context, { page: 3 });
      expect(cursor).toEqual({ since: clock.toISOString() });
      expect(context.logs).toEqual([expect.objectContaining({ level: 'warn' })]);
    });
  });

  describe('kontur-billing.invoicePaid', () => {
    const trigger = konturBillingInvoicePaid;
    const listening = async () => (await poll(trigger, params, ctx(), undefined)).cursor;

    it('declares the kontur.invoice.paid event and a sample output', () => {
      expect(trigger.definition).toMatchObject({ source: 'poll', emits: ['kontur.invoice.paid'] });
      expect(describeNode(trigger).sampleOutput).toBeDefined();
    });

    it('delivers a paid invoice once, with the event keyed by invoice id carrying the deal id', async () => {
      const sale = sim.addSale({ externalId: '10452' });
      const invoice = sim.issueInvoice(sale.id, '12500.00');
      const cursor = await listening();
      later();
      sim.pay(invoice.id);

      const { results, cursor: next } = await poll(trigger, params, ctx(), cursor);

      expect(lists('/invoices').at(-1)!.query).toEqual({ status: 'paid', paidSince: '2026-03-02T09:00:00.000Z', limit: '100' });
      expect(results).toEqual([{
        output: { invoice: expect.objectContaining({ id: invoice.id, paid: true, externalId: '10452', amount: '12500.00', paidAt: '2026-03-02T09:01:00.000Z' }) },
        dedupeKey: `${invoice.id}:paid`,
        businessKey: '10452',
        event: {
          type: 'kontur.invoice.paid',
          key: invoice.id,
          data: { invoiceId: invoice.id, number: invoice.number, externalId: '10452', potentialSaleId: sale.id, amount: '12500.00', currency: 'RUB', paidAt: '2026-03-02T09:01:00.000Z' },
        },
      }]);
      expect(next).toEqual({ since: '2026-03-02T09:01:00.000Z', afterId: invoice.id });
      expect((await poll(trigger, params, ctx(), next)).results).toEqual([]);
    });

    it('a payment reported twice comes back under the same dedupe key, so it starts no second run', async () => {
      const sale = sim.addSale({ externalId: '10452' });
      const invoice = sim.issueInvoice(sale.id);
      const cursor = await listening();
      later();
      sim.pay(invoice.id);
      const first = await poll(trigger, params, ctx(), cursor);
      later();
      sim.pay(invoice.id);
      const second = await poll(trigger, params, ctx(), first.cursor);

      expect(keys(second.results)).toEqual(keys(first.results));
      // And a poll repeated from the older cursor after a restart answers the same keys.
      expect(keys((await poll(trigger, params, ctx(), cursor)).results)).toEqual(keys(first.results));
    });

    it('finds the deal id through the potential sale when the invoice does not carry it, reading each sale once', async () => {
      const sale = sim.addSale({ externalId: '10452' });
      const a = sim.issueInvoice(sale.id, '100.00', { withExternalId: false });
      const b = sim.issueInvoice(sale.id, '200.00', { withExternalId: false });
      const cursor = await listening();
      later();
      sim.pay(a.id);
      sim.pay(b.id);

      const { results } = await poll(trigger, params, ctx(), cursor);
      expect(results.map((r) => r.event?.data)).toEqual([expect.objectContaining({ externalId: '10452' }), expect.objectContaining({ externalId: '10452' })]);
      expect(sim.calls('GET', `/potential-sales/${sale.id}`)).toHaveLength(1);
    });

    it('ignores unpaid invoices a portal sends despite the status filter', async () => {
      const sale = sim.addSale({ externalId: '10452' });
      sim.issueInvoice(sale.id);
      const cursor = await listening();
      sim.injectFault({ status: 200, pathPrefix: `${sim.basePath}/invoices`, body: { items: [...sim.invoices.values()].map((i) => ({ ...i, paidAt: '2026-03-02T09:05:00Z' })), hasMore: false } });
      expect((await poll(trigger, params, ctx(), cursor)).results).toEqual([]);
    });
  });
});
