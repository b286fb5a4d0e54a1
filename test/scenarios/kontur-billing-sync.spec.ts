import { KonturBillingSimulator } from '../../nodes/connectors/kontur-billing/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { TriggerPolls } from '../../server/src/engine/polls/trigger-polls';
import { Bitrix24TemplateScenario, failures, stepOf, type Run } from '../support/bitrix24-templates';
import { eventually } from '../support/test-app';

const HOOK = 'b24/kontur-deals';
const WON = 'C1:WON';

/**
 * Seed 002 from its templates: Bitrix24 deals and Kontur.Billing potential sales kept in step both
 * ways, and payments reported by Kontur setting the deal's payment status. Writes on both sides are
 * counted: nothing is created twice, and no write comes back as another write.
 */
describe('scenario: Kontur.Billing two-way sync and payment status (seed 002)', () => {
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  // Polls happen when the spec says: the workers' own tick would poll at whatever moment the moved clock allows.
  const scenario = new Bitrix24TemplateScenario(clock, { config: { worker: { scheduleTickMs: 3_600_000 } } as never });
  const portal = new KonturBillingSimulator({ now: () => clock.now() });
  const { bitrix } = scenario;
  let polls: TriggerPolls;
  const flowIds: Record<string, string> = {};

  const run = async (id: string) => (await scenario.app.http().get(`/api/runs/${id}`).expect(200)).body as Run;
  const finished = (id: string) => eventually(() => run(id), (r) => ['succeeded', 'failed', 'cancelled'].includes(r.status));
  const later = (ms = 61_000) => clock.advance(ms);
  /** Polls Kontur.Billing and waits for every run the polls started to end; answers the new runs of `flow`. */
  const poll = async (flow: string) => {
    const before = new Set((await scenario.runsOf(flowIds[flow])).map((r) => r.id));
    later();
    await polls.pollDue();
    const fresh = (await scenario.runsOf(flowIds[flow])).filter((r) => !before.has(r.id));
    return Promise.all(fresh.map((r) => finished(r.id)));
  };
  const dealChanged = async (id: number) => finished(await scenario.deliver(HOOK, bitrix.dealEvent('ONCRMDEALUPDATE', id)));
  const portalWrites = () => portal.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path.replace(portal.basePath, '')}`);
  const crmWrites = () => bitrix.calls.filter((c) => c.method === 'crm.deal.add' || c.method === 'crm.deal.update').map((c) => `${c.method} ${String((c.params as { id?: unknown }).id ?? '')}`.trim());
  const portCheck = (r: Run) => stepOf(r, 'check')?.port;

  beforeAll(async () => {
    await portal.start();
    await scenario.start();
    await scenario.app.http().post('/api/connectors/kontur-billing/enable').expect(200);
    const konturConnection = (await scenario.app.http().post('/api/connections').send({
      connector: 'kontur-billing', name: 'Контур.Биллинг (симулятор)', credentials: { baseUrl: portal.apiUrl, apiKey: portal.apiKey },
    }).expect(201)).body.id as string;
    const sync = await scenario.instantiate('kontur-billing-sales-sync', { konturConnection, wonStageId: WON, hookPath: HOOK });
    expect(sync.map((f) => f.name)).toEqual(['Сделка → потенциальная продажа', 'Потенциальная продажа → сделка']);
    const [payments] = await scenario.instantiate('kontur-billing-payment-status', { konturConnection, paidStageId: 'C1:PAID' });
    [flowIds.toPortal, flowIds.toCrm, flowIds.payments] = [sync[0].id, sync[1].id, payments.id];
    polls = scenario.app.app.get(TriggerPolls);
    // The first polls only learn where "now" is in the portal.
    await polls.pollDue();
  });
  afterAll(async () => {
    await scenario.stop();
    await portal.stop();
  });

  it('registers a converted deal once in the portal with its requisites, contact and order, and the portal\'s echo writes nothing back', async () => {
    bitrix.addContact({ ID: '31', NAME: 'Анна', LAST_NAME: 'Петрова', email: 'buh@vector.example.ru' });
    bitrix.addDeal({
      ID: '4711', TITLE: 'ООО «Вектор»', STAGE_ID: WON, CONTACT_ID: '31', COMMENTS: 'Клиент с сайта',
      UF_CRM_INN: '7707083893', UF_CRM_KPP: '773601001', UF_CRM_ORDER_TYPE: 'Новое подключение', UF_CRM_PRODUCT: 'Контур.Экстерн', UF_CRM_COMPLETION_DATE: '2026-03-31',
    });
    const first = await dealChanged(4711);
    expect(failures(first)).toEqual([]);
    expect(portCheck(first)).toBe('create');
    expect([...portal.sales.values()]).toEqual([expect.objectContaining({
      externalId: '4711', client: { name: 'ООО «Вектор»', inn: '7707083893', kpp: '773601001' },
      contact: expect.objectContaining({ name: 'Анна Петрова', email: 'buh@vector.example.ru' }),
      orderType: 'Новое подключение', product: 'Контур.Экстерн', completionDate: '2026-03-31', comment: 'Клиент с сайта',
    })]);

    // The CRM announces the deal again (someone opened and saved it): no second sale.
    later();
    expect(portCheck(await dealChanged(4711))).toBe('unchanged');
    // The portal announces the sale it was sent: nothing goes back to the CRM.
    const echoes = await poll('toCrm');
    expect(echoes.map(portCheck)).toEqual(['unchanged']);
    expect(portal.sales.size).toBe(1);
    expect(portalWrites()).toEqual(['POST /potential-sales']);
    expect(crmWrites()).toEqual([]);
  });

  it('makes one deal of a sale registered in the portal, and the deal\'s echo writes nothing back', async () => {
    const sale = portal.addSale({ client: { name: 'ИП Соколов', inn: '500100732259', kpp: null as unknown as string }, product: 'Контур.Бухгалтерия', orderType: 'Продление', comment: 'От Контура' });
    const runs = await poll('toCrm');
    expect(runs.map((r) => [portCheck(r), failures(r)])).toEqual([['create', []]]);
    const made = [...bitrix.deals.values()].filter((d) => d.ORIGIN_ID === sale.id);
    expect(made).toEqual([expect.objectContaining({ TITLE: 'ИП Соколов', UF_CRM_INN: '500100732259', UF_CRM_PRODUCT: 'Контур.Бухгалтерия', UF_CRM_ORDER_TYPE: 'Продление', COMMENTS: 'От Контура' })]);

    // Polled again with nothing new, and the deal announced by the CRM: still one deal, no write to the portal.
    expect(await poll('toCrm')).toEqual([]);
    later();
    expect(portCheck(await dealChanged(Number(made[0].ID)))).toBe('unchanged');
    expect([...bitrix.deals.values()].filter((d) => d.ORIGIN_ID === sale.id)).toHaveLength(1);
    expect(portalWrites()).toEqual(['POST /potential-sales']);
  });

  it('carries an edit made in the portal to the deal once, without an echo loop', async () => {
    const [sale] = [...portal.sales.values()].filter((s) => s.externalId === '4711');
    later();
    portal.editSale(sale.id, { product: 'Контур.Экстерн + ЭЦП' });
    const runs = await poll('toCrm');
    expect(runs.map(portCheck)).toEqual(['update']);
    expect(bitrix.deals.get(4711)).toMatchObject({ UF_CRM_PRODUCT: 'Контур.Экстерн + ЭЦП' });
    const crmBefore = crmWrites().length;
    const portalBefore = portalWrites().length;

    later();
    expect(portCheck(await dealChanged(4711))).toBe('unchanged');
    expect(await poll('toCrm')).toEqual([]);
    expect(crmWrites()).toHaveLength(crmBefore);
    expect(portalWrites()).toHaveLength(portalBefore);
  });

  it('settles a change on both sides by "the newest wins" and shows the rule in the run', async () => {
    const [sale] = [...portal.sales.values()].filter((s) => s.externalId === '4711');
    later();
    portal.editSale(sale.id, { comment: 'Портал: перезвонить в апреле' });
    later();
    bitrix.deals.get(4711)!.COMMENTS = 'CRM: договор подписан';
    bitrix.deals.get(4711)!.DATE_MODIFY = clock.now().toISOString();
    const resolved = await dealChanged(4711);
    expect(portCheck(resolved)).toBe('update');
    expect((stepOf(resolved, 'check')?.output as { conflict: unknown }).conflict).toMatchObject({
      rule: 'newest', winner: 'this', why: 'Both sides changed since the last sync; the newest change wins: this change was kept',
    });
    expect(portal.sales.get(sale.id)).toMatchObject({ comment: 'CRM: договор подписан' });

    // The portal's own change, polled late, finds the sale as the sync left it: nothing more to do.
    expect((await poll('toCrm')).map(portCheck)).toEqual(['unchanged']);
    expect(bitrix.deals.get(4711)).toMatchObject({ COMMENTS: 'CRM: договор подписан' });
  });

  it('sets the deal\'s payment status once when Kontur reports the payment twice', async () => {
    const [sale] = [...portal.sales.values()].filter((s) => s.externalId === '4711');
    const invoice = portal.issueInvoice(sale.id, '12500.00');
    later();
    portal.pay(invoice.id);
    const first = await poll('payments');
    expect(first.map((r) => [r.status, r.businessKey])).toEqual([['succeeded', '4711']]);
    expect(bitrix.deals.get(4711)).toMatchObject({ UF_CRM_PAYMENT_STATUS: 'paid', STAGE_ID: 'C1:PAID' });

    later();
    portal.pay(invoice.id);
    expect(await poll('payments')).toEqual([]);
    expect(bitrix.calls.filter((c) => c.method === 'crm.deal.update' && JSON.stringify(c.params).includes('UF_CRM_PAYMENT_STATUS'))).toHaveLength(1);
  });
});
