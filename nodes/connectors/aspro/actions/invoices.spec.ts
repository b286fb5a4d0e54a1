import { InputError, runNode } from '../../../sdk';
import type { AsproSimulator } from '../simulator';
import { nodeContext, startAspro } from '../spec-support';
import { asproCreateInvoice } from './create-invoice';
import { asproGetCustomer } from './get-customer';
import { asproGetInvoice } from './get-invoice';
import { asproListInvoices } from './list-invoices';
import { asproSetInvoiceStatus } from './set-invoice-status';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const CUSTOMER = 311;

describe('Aspro.Cloud invoice actions', () => {
  let sim: AsproSimulator;
  const run = (node: Parameters<typeof runNode>[0], params: Record<string, unknown>, attempt = 1) =>
    runNode(node, { connection: 'aspro-main', ...params }, nodeContext(sim, { attempt, now: () => NOW }));
  const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error);

  beforeAll(async () => {
    sim = await startAspro({ now: () => NOW, pageCap: 25 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.reset();
    sim.addAccount({ id: CUSTOMER, name: 'ООО «Ромашка»', email: 'buh@romashka.example', inn: '7707083893', cf_12: '2027-03-04' });
  });

  describe('aspro.createInvoice', () => {
    const create = (params: Record<string, unknown> = {}, attempt = 1) =>
      run(asproCreateInvoice, { customerId: CUSTOMER, total: '12 500,50', description: 'Подписка, март 2026 – март 2027', ...params }, attempt);

    it('posts the invoice form-encoded with the key as a query param, and answers the invoice as Aspro stores it', async () => {
      const { output } = await create({ dueDate: '09.03.2026', currencyId: 1, customFields: { cf_12: '2027-03-02' } });

      const [post, get] = sim.requests;
      expect(post).toMatchObject({ method: 'POST', path: '/api/v1/module/fin/invoice/create', query: { api_key: sim.apiKey } });
      expect(post.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      expect(post.body).toEqual({
        customer_id: '311', invoice_date: '2026-03-02', due_date: '2026-03-09', sub_total: '12500.50', total: '12500.50',
        note: 'Подписка, март 2026 – март 2027', currency_id: '1', cf_12: '2027-03-02',
      });
      expect(get).toMatchObject({ method: 'GET', path: `/api/v1/module/fin/invoice/get/${sim.invoices.keys().next().value}` });
      expect(output).toMatchObject({
        customerId: CUSTOMER, customerName: 'ООО «Ромашка»', total: '12500.50', date: '2026-03-02', dueDate: '2026-03-09', paid: false, paidAt: null,
        customFields: { cf_12: '2027-03-02' }, resumed: false,
      });
    });

    it('a retry after a lost answer finds the invoice the first attempt created', async () => {
      const first = await create();
      sim.requests.length = 0;
      const retry = await create({}, 2);

      expect(sim.invoices.size).toBe(1);
      expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/module/fin/invoice/list', `GET /api/v1/module/fin/invoice/get/${(first.output as { id: number }).id}`]);
      expect(sim.requests[0].query).toMatchObject({ 'filter[customer_id]': '311' });
      expect(retry.output).toMatchObject({ id: (first.output as { id: number }).id, resumed: true });
    });

    it('a retry that finds nothing matching creates the invoice', async () => {
      sim.addInvoice({ customer_id: CUSTOMER, total: '99.00', invoice_date: '2026-03-02' });
      await create({}, 2);

      expect(sim.invoices.size).toBe(2);
    });

    it('names customerId when Aspro does not know the customer', async () => {
      const error = await failure(create({ customerId: 999 }));

      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'customerId', message: expect.stringContaining('customer not found') });
    });

    it.each([
      ['an amount that is not one', { total: '12,5,0' }, 'total'],
      ['a zero amount', { total: '0' }, 'total'],
      ['a customer id that is not one', { customerId: 'ООО Ромашка' }, 'customerId'],
      ['a date that is not one', { dueDate: '31.02.2026' }, 'dueDate'],
      ['a custom field that is not cf_<id>', { customFields: { subscription_end: '2027-01-01' } }, 'customFields'],
    ])('refuses %s before calling Aspro', async (_case, params, field) => {
      const error = await failure(create(params));

      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field });
      expect(sim.requests).toHaveLength(0);
    });
  });

  describe('aspro.getInvoice', () => {
    it('reads the invoice, whether it is paid, and the subscription end from the named field', async () => {
      const invoice = sim.addInvoice({ customer_id: CUSTOMER, total: '1500.00', cf_12: '2027-03-04 00:00:00' });
      sim.pay(invoice.id, { paidDate: '2026-03-04 11:20:00' });

      const { output } = await run(asproGetInvoice, { invoiceId: String(invoice.id), subscriptionEndField: 'cf_12' });

      expect(output).toMatchObject({ id: invoice.id, number: `СЧ-${invoice.id}`, total: '1500.00', paidTotal: '1500.00', paid: true, paidAt: '2026-03-04 11:20:00', subscriptionEndsAt: '2027-03-04' });
    });

    it('takes a partly paid invoice as unpaid', async () => {
      const invoice = sim.addInvoice({ total: '1500.00', bcy_paid_total: '500.00', paid_date: '2026-03-04 11:20:00' });

      expect((await run(asproGetInvoice, { invoiceId: invoice.id })).output).toMatchObject({ paid: false, paidAt: '2026-03-04 11:20:00' });
    });

    it('reports an unknown invoice as bad input on invoiceId', async () => {
      expect(await failure(run(asproGetInvoice, { invoiceId: 4040 }))).toMatchObject({ field: 'invoiceId' });
    });
  });

  describe('aspro.setInvoiceStatus', () => {
    it('updates the status and answers the invoice after the change', async () => {
      const invoice = sim.addInvoice();
      const { output } = await run(asproSetInvoiceStatus, { invoiceId: invoice.id, statusId: 3 });

      expect(sim.requests[0]).toMatchObject({ method: 'POST', path: `/api/v1/module/fin/invoice/update/${invoice.id}`, body: { status_id: '3' } });
      expect(output).toMatchObject({ id: invoice.id, statusId: 3 });
    });

    it('reports an unknown invoice as bad input on invoiceId', async () => {
      expect(await failure(run(asproSetInvoiceStatus, { invoiceId: 4040, statusId: 3 }))).toMatchObject({ field: 'invoiceId' });
    });
  });

  describe('aspro.listInvoices', () => {
    beforeEach(() => {
      for (let i = 0; i < 60; i++) {
        sim.addInvoice({ customer_id: i % 2 ? CUSTOMER : 312, invoice_date: `2026-02-${String((i % 28) + 1).padStart(2, '0')}`, status_id: i % 3 ? 1 : 3 });
      }
    });

    it('follows the pages Aspro serves (25 whatever the limit) until the filtered total', async () => {
      const { output } = await run(asproListInvoices, { statusId: 1 });

      expect(sim.requests.map((r) => r.query)).toEqual([1, 2].map((page) => expect.objectContaining({ page: String(page), limit: '100', 'filter[status_id]': '1' })));
      expect(output).toMatchObject({ count: 40, total: 40, truncated: false });
    });

    it('stops at the page bound and says the list is truncated', async () => {
      const { output } = await run(asproListInvoices, { maxPages: 2 });

      expect(sim.requests).toHaveLength(2);
      expect(output).toMatchObject({ count: 50, total: 60, truncated: true });
    });

    it('filters by customer, invoice date and payment', async () => {
      const paid = sim.addInvoice({ customer_id: CUSTOMER, invoice_date: '2026-03-01' });
      sim.pay(paid.id);

      const { output } = await run(asproListInvoices, { customerId: CUSTOMER, dateFrom: '2026-03-01', dateTo: '2026-03-31', paid: 'paid' });

      expect(sim.requests[0].query).toMatchObject({ 'filter[customer_id]': '311' });
      expect((output as { items: { id: number }[] }).items.map((i) => i.id)).toEqual([paid.id]);
    });

    it('refuses a period that ends before it starts', async () => {
      expect(await failure(run(asproListInvoices, { dateFrom: '2026-03-10', dateTo: '2026-03-01' }))).toMatchObject({ field: 'dateTo' });
    });
  });

  describe('aspro.getCustomer', () => {
    it('reads the CRM account with its subscription end', async () => {
      const { output } = await run(asproGetCustomer, { customerId: CUSTOMER, subscriptionEndField: 'cf_12' });

      expect(sim.requests[0]).toMatchObject({ method: 'GET', path: `/api/v1/module/crm/account/get/${CUSTOMER}` });
      expect(output).toEqual({
        id: CUSTOMER, name: 'ООО «Ромашка»', type: '1', email: 'buh@romashka.example', phone: null, inn: '7707083893',
        subscriptionEndsAt: '2027-03-04', customFields: { cf_12: '2027-03-04' },
      });
    });

    it('reports an unknown customer as bad input on customerId, and a bad field name before calling', async () => {
      expect(await failure(run(asproGetCustomer, { customerId: 4040 }))).toMatchObject({ field: 'customerId' });
      sim.requests.length = 0;
      expect(await failure(run(asproGetCustomer, { customerId: CUSTOMER, subscriptionEndField: 'cf 12; drop' }))).toMatchObject({ field: 'subscriptionEndField' });
      expect(sim.requests).toHaveLength(0);
    });
  });
});
