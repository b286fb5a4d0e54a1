import { describeNode, type TriggerResult } from '../../../sdk';
import type { AsproSimulator } from '../simulator';
import { poll, startAspro, triggerContext } from '../spec-support';
import { asproInvoicePaid, MAX_PAGES_PER_POLL, RECHECK_MINUTES } from './invoice-paid';

const params = { connection: 'aspro-main' };
const LIST = '/api/v1/module/fin/invoice/list';

describe('aspro.invoicePaid (poll)', () => {
  let sim: AsproSimulator;
  let clock: Date;
  const ctx = () => triggerContext(sim, { now: () => clock });
  const later = (seconds = 60) => (clock = new Date(clock.getTime() + seconds * 1000));
  const keys = (results: TriggerResult[]) => results.map((r) => r.dedupeKey);
  const lists = () => sim.requests.filter((r) => r.path === LIST);
  /** The cursor after the first full read, as a freshly published flow gets it. */
  const listening = async (p: Record<string, unknown> = params) => {
    let result = await poll(asproInvoicePaid, p, ctx(), undefined);
    while ((result.cursor as { scan?: unknown }).scan) result = await poll(asproInvoicePaid, p, ctx(), result.cursor);
    expect(result.results).toEqual([]);
    return result.cursor;
  };

  beforeAll(async () => (sim = await startAspro({ now: () => clock })));
  afterAll(() => sim.stop());
  beforeEach(() => {
    clock = new Date('2026-03-02T09:00:00.000Z');
    sim.requests.length = 0;
    sim.reset();
  });

  it('declares itself a polling trigger that emits aspro.invoice.paid', () => {
    expect(asproInvoicePaid.definition).toMatchObject({ source: 'poll', emits: ['aspro.invoice.paid'] });
    expect(describeNode(asproInvoicePaid).sampleOutput).toBeDefined();
  });

  it('starts nothing for invoices paid before the flow listened', async () => {
    sim.pay(sim.addInvoice().id);
    sim.addInvoice();

    const first = await poll(asproInvoicePaid, params, ctx(), undefined);

    expect(first.results).toEqual([]);
    expect(first.cursor).toEqual({ watermark: '2026-03-02 09:00:00', recent: ['1001@2026-03-02 09:00:00#paid', '1002@2026-03-02 09:00:00'] });
    expect(lists()[0].query).toMatchObject({ page: '1', limit: '100', api_key: sim.apiKey });
  });

  it('delivers an invoice once it is paid, keyed by id and payment time, with the paid event', async () => {
    const invoice = sim.addInvoice({ total: '12500.00', cf_12: '2027-03-04' });
    const cursor = await listening();
    later();
    sim.pay(invoice.id, { paidDate: '2026-03-02 09:01:00' });

    const { results, cursor: next } = await poll(asproInvoicePaid, { ...params, subscriptionEndField: 'cf_12' }, ctx(), cursor);

    expect(results).toEqual([{
      output: { invoice: expect.objectContaining({ id: invoice.id, paid: true, paidAt: '2026-03-02 09:01:00', total: '12500.00', subscriptionEndsAt: '2027-03-04' }) },
      dedupeKey: `${invoice.id}:2026-03-02 09:01:00`,
      businessKey: String(invoice.id),
      event: { type: 'aspro.invoice.paid', key: String(invoice.id), data: expect.objectContaining({ id: invoice.id, paid: true }) },
    }]);
    expect(next).toEqual({ watermark: '2026-03-02 09:01:00', recent: [`${invoice.id}@2026-03-02 09:01:00#paid`] });
  });

  it('notices a payment by the update it makes, even when the payment is dated earlier', async () => {
    const invoice = sim.addInvoice();
    const cursor = await listening();
    later(3600);
    sim.pay(invoice.id, { paidDate: '2026-02-27 00:00:00' });

    expect(keys((await poll(asproInvoicePaid, params, ctx(), cursor)).results)).toEqual([`${invoice.id}:2026-02-27 00:00:00`]);
  });

  it('a second poll from the returned cursor delivers nothing already delivered; edits that are not payments start nothing', async () => {
    const a = sim.addInvoice();
    const b = sim.addInvoice();
    const start = await listening();
    later();
    sim.pay(a.id);
    const first = await poll(asproInvoicePaid, params, ctx(), start);
    expect(keys(first.results)).toEqual([`${a.id}:2026-03-02 09:01:00`]);

    const second = await poll(asproInvoicePaid, params, ctx(), first.cursor);
    expect(second.results).toEqual([]);

    later();
    sim.touch(b.id, { note: 'Позвонить в пятницу' });
    const third = await poll(asproInvoicePaid, params, ctx(), second.cursor);
    expect(third.results).toEqual([]);

    later();
    sim.pay(b.id);
    expect(keys((await poll(asproInvoicePaid, params, ctx(), third.cursor)).results)).toEqual([`${b.id}:2026-03-02 09:03:00`]);
  });

  it('a poll repeated from an older cursor (as after a crash) returns the same invoices with the same dedupe keys', async () => {
    const a = sim.addInvoice();
    const b = sim.addInvoice();
    const start = await listening();
    later();
    sim.pay(a.id);
    sim.pay(b.id);

    const once = await poll(asproInvoicePaid, params, ctx(), start);
    const again = await poll(asproInvoicePaid, params, ctx(), start);

    expect(again).toEqual(once);
    expect(keys(again.results)).toEqual([`${a.id}:2026-03-02 09:01:00`, `${b.id}:2026-03-02 09:01:00`]);
  });

  it('an invoice edited after it was paid comes back with the same dedupe key, so it starts no second run', async () => {
    const invoice = sim.addInvoice();
    const start = await listening();
    later();
    sim.pay(invoice.id);
    const first = await poll(asproInvoicePaid, params, ctx(), start);
    later();
    sim.touch(invoice.id, { note: 'Закрывающие документы отправлены' });

    const again = await poll(asproInvoicePaid, params, ctx(), first.cursor);

    expect(keys(again.results)).toEqual(keys(first.results));
  });

  it(`reads at most ${MAX_PAGES_PER_POLL} pages per poll and finishes the read over the next polls`, async () => {
    const ids = Array.from({ length: 650 }, () => sim.addInvoice().id);
    expect([ids[0], ids[639]]).toEqual([1001, 1640]);
    const baseline = await poll(asproInvoicePaid, params, ctx(), undefined);
    expect(lists()).toHaveLength(MAX_PAGES_PER_POLL);
    expect(baseline.cursor).toMatchObject({ watermark: null, scan: { page: 6, seen: 500 }, baseline: true });
    const start = await poll(asproInvoicePaid, params, ctx(), baseline.cursor);
    expect(start.cursor).toEqual({ watermark: '2026-03-02 09:00:00', recent: expect.any(Array) });

    later();
    sim.pay(1001);
    sim.pay(1640);
    sim.requests.length = 0;
    const first = await poll(asproInvoicePaid, params, ctx(), start.cursor);
    expect(lists()).toHaveLength(MAX_PAGES_PER_POLL);
    expect(keys(first.results)).toEqual(['1001:2026-03-02 09:01:00']);
    expect(first.cursor).toMatchObject({ watermark: '2026-03-02 09:00:00', scan: { page: 6, high: '2026-03-02 09:01:00' } });

    const second = await poll(asproInvoicePaid, params, ctx(), first.cursor);
    expect(keys(second.results)).toEqual(['1640:2026-03-02 09:01:00']);
    expect(second.cursor).toMatchObject({ watermark: '2026-03-02 09:01:00', recent: expect.arrayContaining(['1001@2026-03-02 09:01:00#paid', '1640@2026-03-02 09:01:00#paid']) });
    expect((second.cursor as { recent: string[] }).recent).toHaveLength(650);

    const third = await poll(asproInvoicePaid, params, ctx(), second.cursor);
    expect(third.results).toEqual([]);
  });

  it('catches a payment made on a page already read while later pages were still being read', async () => {
    for (let i = 0; i < 650; i++) sim.addInvoice();
    const start = await listening();
    const first = await poll(asproInvoicePaid, params, ctx(), start);
    expect(first.cursor).toMatchObject({ scan: { page: 6 } });
    later();
    sim.pay(1001);
    later();
    sim.pay(1600);

    const second = await poll(asproInvoicePaid, params, ctx(), first.cursor);
    expect(keys(second.results)).toEqual(['1600:2026-03-02 09:02:00']);
    expect(second.cursor).toMatchObject({ watermark: '2026-03-02 09:02:00' });

    const third = await poll(asproInvoicePaid, params, ctx(), second.cursor);
    expect(keys(third.results)).toEqual(['1001:2026-03-02 09:01:00']);

    const fourth = await poll(asproInvoicePaid, params, ctx(), third.cursor);
    expect(fourth.results).toEqual([]);
  });

  it('catches a payment made in the same second as the read that saw the invoice unpaid', async () => {
    const invoice = sim.addInvoice();
    const start = await listening();
    sim.pay(invoice.id);

    expect(keys((await poll(asproInvoicePaid, params, ctx(), start)).results)).toEqual([`${invoice.id}:2026-03-02 09:00:00`]);
  });

  it(`looks again only ${RECHECK_MINUTES} minutes under the watermark`, async () => {
    const old = sim.addInvoice();
    const start = await listening();
    later(3600);
    sim.touch(sim.addInvoice().id);
    const moved = await poll(asproInvoicePaid, params, ctx(), start);
    expect(moved.cursor).toMatchObject({ watermark: '2026-03-02 10:00:00', recent: [`${old.id + 1}@2026-03-02 10:00:00`] });
    // An update an hour under the watermark is one the last read saw: it is not looked at again.
    sim.invoices.get(old.id)!.bcy_paid_total = '1000.00';
    sim.invoices.get(old.id)!.paid_date = '2026-03-02 09:00:00';

    expect((await poll(asproInvoicePaid, params, ctx(), moved.cursor)).results).toEqual([]);
  });

  it('with a paid status id asks Aspro for that status only and takes it as paid', async () => {
    const invoice = sim.addInvoice();
    const withStatus = { ...params, paidStatusId: sim.paidStatusId };
    const start = await listening(withStatus);
    later();
    sim.touch(invoice.id, { status_id: sim.paidStatusId });

    const { results } = await poll(asproInvoicePaid, withStatus, ctx(), start);

    expect(lists().every((r) => r.query['filter[status_id]'] === String(sim.paidStatusId))).toBe(true);
    expect(results.map((r) => r.event?.key)).toEqual([String(invoice.id)]);
  });

  it('in an account without invoices, delivers the first one paid after publishing', async () => {
    const start = await listening();
    expect(start).toEqual({ watermark: '', recent: [] });
    later();
    const invoice = sim.addInvoice();
    sim.pay(invoice.id);

    expect((await poll(asproInvoicePaid, params, ctx(), start)).results.map((r) => r.businessKey)).toEqual([String(invoice.id)]);
  });

  it('starts afresh, with a warning, from a cursor it did not write', async () => {
    sim.pay(sim.addInvoice().id);
    const context = ctx();
    const { results, cursor } = await poll(asproInvoicePaid, params, context, { eventId: 'x' });

    expect(results).toEqual([]);
    expect(cursor).toMatchObject({ watermark: '2026-03-02 09:00:00' });
    expect(context.logs).toEqual([expect.objectContaining({ level: 'warn' })]);
  });
});
