import { FakeClock } from '../../server/src/engine/clock';
import { Bitrix24TemplateScenario, stepOf } from '../support/bitrix24-templates';

const NBSP = '\u00a0';

/**
 * Seed 003, the invoice automations, each built from its template in Russian and run end to end:
 * real app and Postgres, the Bitrix24 simulator as the portal, the SMTP simulator as the mail server.
 */
describe('scenario: Bitrix24 invoice templates (head of department, project lead, commission, payment date)', () => {
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const scenario = new Bitrix24TemplateScenario(clock, { mail: true });
  const { bitrix, smtp } = scenario;

  beforeAll(() => scenario.start());
  afterAll(() => scenario.stop());

  describe('bitrix24-new-invoice-head', () => {
    beforeAll(async () => {
      const [flow] = await scenario.instantiate('bitrix24-new-invoice-head', { emailConnection: scenario.emailConnection, hookPath: 'b24/new-invoice' });
      expect(flow.name).toBe('Уведомление руководителя отдела о новых счетах');
      expect(flow.publishedVersion).toBe(1);
    });

    it("tells the head of the manager's department, in the bell and by e-mail", async () => {
      bitrix.addInvoice({ id: 1201, title: 'Ремонт офиса, Казань', opportunity: 150000, assignedById: 5 });
      const run = await scenario.fire('b24/new-invoice', bitrix.invoiceEvent('ONCRMDYNAMICITEMADD', 1201));

      expect(run.status).toBe('succeeded');
      expect(bitrix.notifications).toEqual([expect.objectContaining({ USER_ID: 7, MESSAGE: 'Новый счёт №1201 «Ремонт офиса, Казань» на 150000 RUB, менеджер Pavel Smirnov' })]);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toMatchObject({
        to: ['petrova@example.ru'], subject: 'Новый счёт №1201, менеджер Pavel Smirnov', text: expect.stringContaining('Новый счёт №1201 «Ремонт офиса, Казань» на 150000 RUB'),
      });
    });

    it('tells the head of the department above when the head of sales made the invoice herself', async () => {
      bitrix.notifications.length = 0;
      bitrix.addInvoice({ id: 1202, title: 'Мебель', opportunity: 80000, assignedById: 7 });
      const run = await scenario.fire('b24/new-invoice', bitrix.invoiceEvent('ONCRMDYNAMICITEMADD', 1202));

      expect(run.status).toBe('succeeded');
      expect(bitrix.notifications).toEqual([expect.objectContaining({ USER_ID: 1, MESSAGE: 'Новый счёт №1202 «Мебель» на 80000 RUB, менеджер Olga Petrova' })]);
      expect(smtp.messages[0].to).toEqual(['volkova@example.ru']);
    });
  });

  describe('bitrix24-invoice-status-project-lead', () => {
    beforeAll(() => scenario.instantiate('bitrix24-invoice-status-project-lead', { projectLeadId: 1, hookPath: 'b24/invoice-status' }));
    beforeEach(() => (bitrix.notifications.length = 0));

    it('tells the project lead of each status change of an invoice, and of nothing else', async () => {
      bitrix.addInvoice({ id: 1301, opportunity: 20000, parentId2: 410 });
      const created = await scenario.fire('b24/invoice-status', bitrix.invoiceEvent('ONCRMDYNAMICITEMADD', 1301));
      bitrix.moveInvoice(1301, 'DT31_1:S');
      const sent = await scenario.fire('b24/invoice-status', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1301));
      // An edit that keeps the status leaves no run.
      await scenario.fireDiscarded('b24/invoice-status', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1301));

      expect([created.status, sent.status]).toEqual(['succeeded', 'succeeded']);
      expect(bitrix.notifications.map((n) => [n.USER_ID, n.MESSAGE])).toEqual([
        [1, 'Счёт №1301 (сделка №410) на 20000 RUB: статус — → DT31_1:N'],
        [1, 'Счёт №1301 (сделка №410) на 20000 RUB: статус DT31_1:N → DT31_1:S'],
      ]);
    });
  });

  describe('bitrix24-invoice-paid-commission', () => {
    beforeAll(() => scenario.instantiate('bitrix24-invoice-paid-commission', { projectLeadId: 1, hookPath: 'b24/invoice-paid' }));
    beforeEach(() => (bitrix.notifications.length = 0));

    // Default tiers: 3 % below 100 000, 5 % from 100 000, 7 % from 500 000; the whole amount at its tier's rate, rounded half up.
    it.each([
      [1501, 99999.99, '3000.00', `до 100${NBSP}000`, '3'],
      [1502, 100000, '5000.00', `от 100${NBSP}000 до 500${NBSP}000`, '5'],
      [1503, 100000.01, '5000.00', `от 100${NBSP}000 до 500${NBSP}000`, '5'],
      [1504, 100000.1, '5000.01', `от 100${NBSP}000 до 500${NBSP}000`, '5'],
      [1505, 499999.99, '25000.00', `от 100${NBSP}000 до 500${NBSP}000`, '5'],
      [1506, 500000, '35000.00', `от 500${NBSP}000`, '7'],
      [1507, 500000.5, '35000.04', `от 500${NBSP}000`, '7'],
    ])('invoice %i for %d RUB earns the manager %s RUB (%s)', async (id, amount, commission, tier, percent) => {
      bitrix.addInvoice({ id, opportunity: amount, assignedById: 5, parentId2: 410, stageId: 'DT31_1:S' });
      bitrix.moveInvoice(id, 'DT31_1:P');
      const run = await scenario.fire('b24/invoice-paid', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', id));

      expect(run.status).toBe('succeeded');
      expect(stepOf(run, 'commission')?.output).toMatchObject({ amount: commission, breakdown: [{ label: tier, percent, part: commission }] });
      const breakdown = `${tier}: ${percent} % × ${String(amount)} = ${commission}`;
      expect(bitrix.notifications.map((n) => [n.USER_ID, n.MESSAGE]).sort()).toEqual([
        [1, `Счёт №${id} на ${amount} RUB оплачен. Комиссия менеджера (пользователь 5): ${commission} RUB (${breakdown})`],
        [5, `Счёт №${id} на ${amount} RUB оплачен. Ваша комиссия: ${commission} RUB (${breakdown})`],
      ]);
    });

    it('computes nothing again when a paid invoice is edited', async () => {
      await scenario.fireDiscarded('b24/invoice-paid', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1507));

      expect(bitrix.notifications).toEqual([]);
    });
  });

  describe('bitrix24-payment-date-workday', () => {
    beforeAll(() => scenario.instantiate('bitrix24-payment-date-workday', { hookPath: 'b24/payment-date' }));

    it('moves a payment date on Saturday 2026-01-03 to Monday 2026-01-12, past the New Year holidays', async () => {
      bitrix.addInvoice({ id: 1601, opportunity: 45000, closedate: '2026-01-03T00:00:00+03:00' });
      const run = await scenario.fire('b24/payment-date', bitrix.invoiceEvent('ONCRMDYNAMICITEMADD', 1601));

      expect(run.status).toBe('succeeded');
      expect(stepOf(run, 'shift')?.output).toMatchObject({ date: '2026-01-12', shifted: true });
      expect(bitrix.invoices.get(1601)).toMatchObject({ closedate: '2026-01-12' });
    });

    it('leaves a payment date on a working day alone', async () => {
      bitrix.calls.length = 0;
      bitrix.addInvoice({ id: 1602, opportunity: 45000, closedate: '2026-01-13T00:00:00+03:00' });
      const run = await scenario.fire('b24/payment-date', bitrix.invoiceEvent('ONCRMDYNAMICITEMADD', 1602));

      expect(run.status).toBe('succeeded');
      expect(stepOf(run, 'moved')?.port).toBe('false');
      expect(bitrix.invoices.get(1602)).toMatchObject({ closedate: '2026-01-13T00:00:00+03:00' });
      expect(bitrix.calls.map((c) => c.method)).not.toContain('crm.item.update');
    });
  });
});
