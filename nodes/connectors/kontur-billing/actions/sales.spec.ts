import { AuthError, InputError, RateLimitError, RemoteError, runNode } from '../../../sdk';
import { renamedMapping } from '../fixtures/sales';
import type { KonturBillingSimulator } from '../simulator';
import { DEAL, nodeContext, startKonturBilling } from '../spec-support';
import { konturBillingCreatePotentialSale } from './create-potential-sale';
import { konturBillingFindPotentialSale } from './find-potential-sale';
import { konturBillingGetInvoice } from './get-invoice';
import { konturBillingGetPotentialSale } from './get-potential-sale';
import { konturBillingUpdatePotentialSale } from './update-potential-sale';

describe('Kontur.Billing potential-sale actions', () => {
  let sim: KonturBillingSimulator;
  const ctx = (overrides: Parameters<typeof nodeContext>[1] = {}) => nodeContext(sim, overrides);
  const create = (params: Record<string, unknown> = {}, overrides: Parameters<typeof nodeContext>[1] = {}) =>
    runNode(konturBillingCreatePotentialSale, { connection: 'c', ...DEAL, ...params }, ctx(overrides));
  const posts = () => sim.calls('POST', '/potential-sales');
  const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error);

  beforeAll(async () => (sim = await startKonturBilling()));
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  describe('create potential sale (find or create by external id)', () => {
    it('looks the external id up, then posts every field of the deal in the assumed shape with the key header', async () => {
      const { output } = await create();

      const [lookup] = sim.calls('GET', '/potential-sales');
      expect(lookup.query).toEqual({ externalId: '10452', limit: '100' });
      expect(lookup.headers['x-api-key']).toBe(sim.apiKey);
      const [post] = posts();
      expect(post.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(post.body).toEqual({
        externalId: '10452',
        client: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '773601001' },
        contact: { name: 'Анна Петрова', phone: '+7 912 345-67-89', email: 'buh@romashka.ru' },
        orderType: 'Новое подключение',
        product: 'Контур.Экстерн',
        completionDate: '2026-03-31',
        comment: 'Клиент с сайта, нужна ЭЦП',
      });
      const sale = [...sim.sales.values()][0];
      expect(output).toEqual({
        created: true,
        sale: {
          id: sale.id, externalId: '10452',
          client: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '773601001' },
          contact: { name: 'Анна Петрова', phone: '+7 912 345-67-89', email: 'buh@romashka.ru' },
          orderType: 'Новое подключение', product: 'Контур.Экстерн', completionDate: '2026-03-31', comment: 'Клиент с сайта, нужна ЭЦП',
          status: 'Зарегистрирована', createdAt: sale.createdAt, updatedAt: sale.updatedAt,
        },
      });
    });

    it('a retried or repeated step finds the sale it created and never creates a second', async () => {
      const first = await create({}, { attempt: 1 });
      const retried = await create({}, { attempt: 2 });
      const repeated = await create({ comment: 'другой текст' }, { idempotencyKey: 'another-run:create:0' });

      expect(posts()).toHaveLength(1);
      expect(sim.sales.size).toBe(1);
      const id = (first.output as { sale: { id: string } }).sale.id;
      expect(retried.output).toMatchObject({ created: false, sale: { id } });
      expect(repeated.output).toMatchObject({ created: false, sale: { id } });
    });

    it('a sale created between the look-up and the post (409) is answered, not duplicated', async () => {
      // The look-up misses (a 500 the engine would retry is not what we want here): a parallel run wins the post.
      sim.injectFault({ status: 200, pathPrefix: `${sim.basePath}/potential-sales`, body: { items: [], hasMore: false } });
      sim.addSale({ externalId: '10452' });
      const { output } = await create();

      expect(posts()).toHaveLength(1);
      expect(sim.sales.size).toBe(1);
      expect(output).toMatchObject({ created: false, sale: { externalId: '10452' } });
    });

    it('does not take a sale with another external id for its own when the portal ignores the filter', async () => {
      sim.addSale({ externalId: '999' });
      sim.injectFault({ status: 200, pathPrefix: `${sim.basePath}/potential-sales`, body: { items: [...sim.sales.values()], hasMore: false } });

      const { output } = await create();
      expect(output).toMatchObject({ created: true, sale: { externalId: '10452' } });
    });

    it.each([
      ['externalId', { externalId: '' }],
      ['clientName', { clientName: ' ' }],
      ['clientInn', { clientInn: '7707083894' }],
      ['clientKpp', { clientKpp: '7736' }],
      ['contactEmail', { contactEmail: 'buh-at-romashka' }],
      ['contactPhone', { contactPhone: 'позвонить' }],
      ['completionDate', { completionDate: '31.02.2026' }],
      ['comment', { comment: 'x'.repeat(4001) }],
      ['product', { product: 'Контур\ud800' }],
      ['fieldMapping.clientInn', { fieldMapping: { clientInn: 'client.inn; drop' } }],
      ['fieldMapping.clientInn', { fieldMapping: { clientInn: '__proto__.inn' } }],
      ['fieldMapping.clientName', { fieldMapping: { clientName: 'client.inn' } }],
      ['fieldMapping.contactPhone', { fieldMapping: { contactPhone: 5 } }],
      ['extraFields.constructor.x', { extraFields: { 'constructor.x': 1 } }],
    ])('refuses a bad %s before calling the portal, naming it', async (field, params) => {
      const error = await failure(create(params));
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field });
      expect(sim.requests).toHaveLength(0);
    });

    it('sends fields under the names the mapping gives, and extra portal fields as they are', async () => {
      const { output } = await create({ fieldMapping: { product: 'product', comment: 'comment', orderType: 'orderType' }, extraFields: { status: 'Бронь' } });
      expect(posts()[0].body).toMatchObject({ status: 'Бронь' });
      expect(output).toMatchObject({ sale: { status: 'Бронь' } });

      sim.reset();
      const renamed = await failure(create({ fieldMapping: renamedMapping }));
      // The simulator speaks the default names: the portal's refusal of an unknown field names our param.
      expect(renamed).toBeInstanceOf(InputError);
      expect(posts()[0].body).toMatchObject({ crmDealId: '10452', organization: { title: 'ООО «Ромашка»', requisites: { inn: '7707083893' } }, productName: 'Контур.Экстерн' });
    });

    it('names our param when the portal refuses one of its fields', async () => {
      const error = await failure(create({ clientKpp: '' , clientInn: '500100732259', clientName: 'ИП Иванов', extraFields: { 'client.inn': '123' } }));
      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'clientInn' });
    });
  });

  describe('update, get, find', () => {
    it('updates only the fields given and answers the sale as it is now', async () => {
      const sale = sim.addSale({ externalId: '10452' });
      const { output } = await runNode(konturBillingUpdatePotentialSale, { connection: 'c', saleId: sale.id, product: 'Контур.Бухгалтерия', contactPhone: '+7 900 000-00-00' }, ctx());

      expect(sim.calls('PATCH', `/potential-sales/${sale.id}`)[0].body).toEqual({ product: 'Контур.Бухгалтерия', contact: { phone: '+7 900 000-00-00' } });
      expect(output).toMatchObject({ id: sale.id, product: 'Контур.Бухгалтерия', contact: { name: 'Анна Петрова', phone: '+7 900 000-00-00' } });
      const nothing = await failure(runNode(konturBillingUpdatePotentialSale, { connection: 'c', saleId: sale.id, comment: '  ' }, ctx()));
      expect(nothing).toBeInstanceOf(InputError);
    });

    it('an unknown sale or invoice is bad input naming its param; an id is never a path', async () => {
      expect(await failure(runNode(konturBillingGetPotentialSale, { connection: 'c', saleId: '404' }, ctx()))).toMatchObject({ constructor: InputError, field: 'saleId' });
      expect(await failure(runNode(konturBillingUpdatePotentialSale, { connection: 'c', saleId: '404', product: 'X' }, ctx()))).toMatchObject({ constructor: InputError, field: 'saleId' });
      expect(await failure(runNode(konturBillingGetInvoice, { connection: 'c', invoiceId: '1' }, ctx()))).toMatchObject({ constructor: InputError, field: 'invoiceId' });
      await failure(runNode(konturBillingGetPotentialSale, { connection: 'c', saleId: '../invoices/1' }, ctx()));
      expect(sim.requests.at(-1)!.path).toBe(`${sim.basePath}/potential-sales/..%2Finvoices%2F1`);
      expect(await failure(runNode(konturBillingGetPotentialSale, { connection: 'c', saleId: 'x'.repeat(101) }, ctx()))).toMatchObject({ constructor: InputError, field: 'saleId' });
    });

    it('finds by external id or by INN, and says when there is none', async () => {
      const a = sim.addSale({ externalId: '10452' });
      const b = sim.addSale({ externalId: null });
      sim.addSale({ client: { name: 'ООО «Лютик»', inn: '7728168971', kpp: '772801001' } });

      const byDeal = await runNode(konturBillingFindPotentialSale, { connection: 'c', externalId: '10452' }, ctx());
      expect(byDeal.output).toMatchObject({ found: true, sale: { id: a.id }, count: 1 });
      const byInn = await runNode(konturBillingFindPotentialSale, { connection: 'c', clientInn: '7707083893' }, ctx());
      expect((byInn.output as { sales: { id: string }[] }).sales.map((s) => s.id)).toEqual([a.id, b.id]);
      const none = await runNode(konturBillingFindPotentialSale, { connection: 'c', externalId: '777' }, ctx());
      expect(none.output).toEqual({ found: false, sale: null, sales: [], count: 0 });
      expect(await failure(runNode(konturBillingFindPotentialSale, { connection: 'c' }, ctx()))).toMatchObject({ constructor: InputError, field: 'externalId' });
    });

    it('gets an invoice with its payments', async () => {
      const sale = sim.addSale({ externalId: '10452' });
      const invoice = sim.issueInvoice(sale.id, '12500.00');
      sim.pay(invoice.id);

      const { output } = await runNode(konturBillingGetInvoice, { connection: 'c', invoiceId: invoice.id }, ctx());
      expect(output).toEqual({
        id: invoice.id, number: invoice.number, potentialSaleId: sale.id, externalId: '10452', amount: '12500.00', currency: 'RUB',
        status: 'paid', paid: true, issuedAt: invoice.issuedAt, paidAt: invoice.paidAt, payments: [{ id: invoice.payments[0].id, amount: '12500.00', paidAt: invoice.paidAt }],
      });
    });
  });

  describe('the connection', () => {
    it('sends the key in the configured header with its scheme', async () => {
      const bearer = await startKonturBilling({ apiKeyHeader: 'Authorization', apiKey: 'Bearer tok-123456' });
      try {
        await runNode(konturBillingFindPotentialSale, { connection: 'c', externalId: '1' }, nodeContext(bearer, { connection: { apiKeyHeader: 'Authorization', apiKeyScheme: 'Bearer', apiKey: 'tok-123456' } }));
        expect(bearer.requests[0].headers.authorization).toBe('Bearer tok-123456');
      } finally {
        await bearer.stop();
      }
    });

    it('maps refusals to typed errors and never shows the key', async () => {
      const find = () => runNode(konturBillingFindPotentialSale, { connection: 'c', externalId: '1' }, ctx());
      const wrongKey = await failure(runNode(konturBillingFindPotentialSale, { connection: 'c', externalId: '1' }, ctx({ connection: { apiKey: 'kb-wrong-key-000' } })));
      expect(wrongKey).toBeInstanceOf(AuthError);
      expect(`${wrongKey.message} ${JSON.stringify(wrongKey)}`).not.toContain('kb-wrong-key-000');

      sim.injectFault({ status: 429, retryAfterSeconds: 12 });
      expect(await failure(find())).toMatchObject({ constructor: RateLimitError, retryAfterMs: 12_000 });
      sim.injectFault({ status: 502 });
      expect(await failure(find())).toMatchObject({ constructor: RemoteError, retryable: true });
      sim.injectFault({ status: 400, body: { error: { message: `key ${sim.apiKey} is not allowed here` } } });
      const echoed = await failure(find());
      expect(echoed).toBeInstanceOf(InputError);
      expect(`${echoed.message} ${JSON.stringify(echoed)}`).not.toContain(sim.apiKey);
    });

    it('refuses a connection whose key header would change the request', async () => {
      const error = await failure(runNode(konturBillingFindPotentialSale, { connection: 'c', externalId: '1' }, ctx({ connection: { apiKeyHeader: 'Host' } })));
      expect(error).toMatchObject({ kind: 'config' });
    });
  });
});
