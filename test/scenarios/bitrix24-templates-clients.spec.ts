import { FakeClock } from '../../server/src/engine/clock';
import { Schedules } from '../../server/src/engine/schedules/schedules';
import { eventually } from '../support/test-app';
import { Bitrix24TemplateScenario, failures, stepOf, type Run } from '../support/bitrix24-templates';

/**
 * Seed 003, the client and deal automations built from their templates in Russian: invoices e-mailed
 * to the deal's contact as PDF, reminders of unpaid invoices on working days, new deals filled from a
 * reference list, and deals routed on check-in and check-out.
 */
describe('scenario: Bitrix24 client and deal templates (invoice e-mail, reminders, reference list, stage routing)', () => {
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const scenario = new Bitrix24TemplateScenario(clock, { mail: true });
  const { bitrix, smtp } = scenario;
  const minuteLater = () => clock.advance(60_000);

  beforeAll(async () => {
    await scenario.start();
    bitrix.addContact({ ID: '31', NAME: 'Мария', LAST_NAME: 'Орлова', email: 'orlova@client.example.ru' });
    bitrix.addContact({ ID: '32', NAME: 'Игорь', LAST_NAME: 'Ким', email: 'kim@client.example.ru' });
    bitrix.addDeal({ ID: '420', TITLE: 'Офис на Баумана, 5', CONTACT_ID: '31', ASSIGNED_BY_ID: '5' });
    bitrix.addDeal({ ID: '421', TITLE: 'Склад на Тэцевской', CONTACT_ID: '32', ASSIGNED_BY_ID: '5' });
  });
  afterAll(() => scenario.stop());

  describe('bitrix24-invoice-email-client', () => {
    const attachmentText = (index = 0) => smtp.messages[index].attachments[0].content.toString('latin1');

    beforeAll(() => scenario.instantiate('bitrix24-invoice-email-client', {
      emailConnection: scenario.emailConnection, sentStageId: 'DT31_1:S', documentTemplateId: 7, hookPath: 'b24/invoice-sent',
    }));

    it("e-mails the invoice as a PDF to the e-mail of the deal's contact when it is sent to the client", async () => {
      bitrix.addInvoice({ id: 1801, opportunity: 150000, parentId2: 420, closedate: '2026-03-10T03:00:00+03:00' });
      minuteLater();
      bitrix.moveInvoice(1801, 'DT31_1:S');
      const run = await scenario.fire('b24/invoice-sent', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1801));

      expect(failures(run)).toEqual([]);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]).toMatchObject({
        from: 'sales@agency.example.ru',
        to: ['orlova@client.example.ru'],
        subject: 'Счёт №1801: Офис на Баумана, 5',
        text: 'Здравствуйте, Мария Орлова!\n\nВо вложении счёт №1801 на 150000 RUB по сделке «Офис на Баумана, 5». Оплатить до 10.03.2026.\n\nСпасибо!',
        attachments: [expect.objectContaining({ contentType: 'application/pdf', filename: expect.stringMatching(/^invoice-\d+\.pdf$/) })],
      });
      expect(attachmentText()).toMatch(/^%PDF-1\.4\n% Invoice #1801,/);
    });

    it('sends it again after draft → sent, printed anew, waiting for Bitrix24 to convert the PDF', async () => {
      minuteLater();
      bitrix.moveInvoice(1801, 'DT31_1:N');
      await scenario.fireDiscarded('b24/invoice-sent', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1801));

      bitrix.documents.convertInstantly = false;
      minuteLater();
      bitrix.moveInvoice(1801, 'DT31_1:S');
      const runId = await scenario.deliver('b24/invoice-sent', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1801));
      const waiting = await eventually(async () => (await scenario.app.http().get(`/api/runs/${runId}`).expect(200)).body as Run, (r) => !!stepOf(r, 'pdf')?.retryAt);
      expect(stepOf(waiting, 'pdf')?.error?.message).toMatch(/not converted yet/);
      expect(smtp.messages).toHaveLength(1);

      bitrix.documents.convertAll();
      const sent = await scenario.finish(runId);

      expect(failures(sent).filter((f) => !f.includes('not converted yet'))).toEqual([]);
      expect(sent.status).toBe('succeeded');
      expect(smtp.messages).toHaveLength(2);
      expect(smtp.messages[0]).toMatchObject({ to: ['orlova@client.example.ru'], subject: 'Счёт №1801: Офис на Баумана, 5' });
      expect(attachmentText(0)).toMatch(/^%PDF-1\.4\n% Invoice #1801,/);
      // The form printed before the invoice went back to draft is not reused; the retry reused its own.
      expect(bitrix.documents.documents.size).toBe(2);
    });
  });

  describe('bitrix24-deal-from-reference-list', () => {
    beforeAll(async () => {
      bitrix.lists.set(41, {
        name: 'Объекты',
        elements: [
          { ID: '801', IBLOCK_ID: '41', NAME: 'Офис 12, Баумана 5', PROPERTY_118: { 3401: '45000' }, PROPERTY_120: { 3501: 'Еженедельная' } },
          { ID: '802', IBLOCK_ID: '41', NAME: 'Склад 3, Тэцевская 1', PROPERTY_118: { 3402: '120000' }, PROPERTY_120: { 3502: 'Ежемесячная' } },
        ],
      });
      await scenario.instantiate('bitrix24-deal-from-reference-list', {
        listId: 41, dealKeyField: 'UF_CRM_OBJECT', copy1From: 'PROPERTY_118', copy1To: 'UF_CRM_RENT', copy2From: 'PROPERTY_120', copy2To: 'UF_CRM_CLEANING', hookPath: 'b24/deal-created',
      });
    });

    it('refuses, naming the param, a field code that would end the expression it goes into', async () => {
      const res = await scenario.app.http().post('/api/templates/bitrix24-deal-from-reference-list/instantiate').send({
        params: { bitrix24Connection: scenario.bitrix24Connection, listId: 41, dealKeyField: 'UF_CRM_OBJECT', copy1From: 'PROPERTY_118 }} + {{ $run.id', copy1To: 'UF_CRM_RENT' },
      });

      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'bad_request', field: 'params.copy1From' });
    });

    it("copies the rent and cleaning standard of the deal's object into the new deal", async () => {
      bitrix.addDeal({ ID: '430', TITLE: 'Аренда офиса', UF_CRM_OBJECT: 'Склад 3, Тэцевская 1' });
      const run = await scenario.fire('b24/deal-created', bitrix.dealEvent('ONCRMDEALADD', 430));

      expect(failures(run)).toEqual([]);
      expect(bitrix.deals.get(430)).toMatchObject({ UF_CRM_RENT: '120000', UF_CRM_CLEANING: 'Ежемесячная' });
    });

    it('leaves a deal alone when it names no object, or one the list does not have', async () => {
      bitrix.addDeal({ ID: '431', TITLE: 'Без объекта', UF_CRM_OBJECT: '' });
      bitrix.addDeal({ ID: '432', TITLE: 'Чужой объект', UF_CRM_OBJECT: 'Дача' });
      const none = await scenario.fire('b24/deal-created', bitrix.dealEvent('ONCRMDEALADD', 431));
      const unknown = await scenario.fire('b24/deal-created', bitrix.dealEvent('ONCRMDEALADD', 432));

      expect([none.status, stepOf(none, 'named')?.port]).toEqual(['succeeded', 'false']);
      expect([unknown.status, stepOf(unknown, 'found')?.port]).toEqual(['succeeded', 'false']);
      expect(bitrix.deals.get(431)).not.toHaveProperty('UF_CRM_RENT');
      expect(bitrix.deals.get(432)).not.toHaveProperty('UF_CRM_RENT');
    });
  });

  describe('bitrix24-deal-stage-routing', () => {
    beforeAll(async () => {
      await scenario.instantiate('bitrix24-deal-stage-routing', {
        checkInStageId: 'EXECUTING', checkInResponsibleId: 7, checkOutStageId: 'WON', checkOutResponsibleId: 1, hookPath: 'b24/deal-stage',
      });
      bitrix.addDeal({ ID: '440', TITLE: 'Квартира на Пушкина, 10', STAGE_ID: 'PREPARATION', OPPORTUNITY: '60000.00', CONTACT_ID: '31', COMPANY_ID: '12', ASSIGNED_BY_ID: '5' });
      await scenario.fire('b24/deal-stage', bitrix.dealEvent('ONCRMDEALADD', 440));
    });
    const move = (stage: string) => {
      bitrix.moveDeal(440, stage);
      return scenario.fire('b24/deal-stage', bitrix.dealEvent('ONCRMDEALUPDATE', 440));
    };

    it('on check-in hands the deal to the check-in manager and invoices the stay', async () => {
      const run = await move('EXECUTING');

      expect(failures(run)).toEqual([]);
      expect(stepOf(run, 'stage')?.port).toBe('checkIn');
      expect(bitrix.deals.get(440)).toMatchObject({ ASSIGNED_BY_ID: '7' });
      expect([...bitrix.invoices.values()].filter((i) => i.parentId2 === 440)).toEqual([expect.objectContaining({
        title: 'Заселение: Квартира на Пушкина, 10', opportunity: 60000, currencyId: 'RUB', contactId: 31, companyId: 12, assignedById: 7,
      })]);
      // Bitrix24 reports the flow's own edit as another update; the stage did not change, so nothing runs.
      await scenario.fireDiscarded('b24/deal-stage', bitrix.dealEvent('ONCRMDEALUPDATE', 440));
    });

    it('on check-out hands the deal to the check-out manager with a task, and other moves change nothing', async () => {
      const run = await move('WON');
      const back = await move('PREPARATION');

      expect(failures(run)).toEqual([]);
      expect(stepOf(run, 'stage')?.port).toBe('checkOut');
      expect(stepOf(back, 'stage')?.port).toBe('default');
      expect(bitrix.deals.get(440)).toMatchObject({ ASSIGNED_BY_ID: '1' });
      expect([...bitrix.tasks.values()]).toEqual([expect.objectContaining({
        // Due the next working day: the clock is still on Monday 2 March.
        title: 'Выселение: принять объект «Квартира на Пушкина, 10»', responsibleId: '1', ufCrmTask: ['D_440'], deadline: new Date(clock.now().getTime() + 86_400_000).toISOString(),
      })]);
      expect([...bitrix.invoices.values()].filter((i) => i.parentId2 === 440)).toHaveLength(1);
    });
  });

  describe('bitrix24-unpaid-invoice-reminders', () => {
    let flowId = '';
    const tick = async (at: string) => {
      clock.set(at);
      await scenario.app.app.get(Schedules).fireDue();
      const runs = await scenario.runsOf(flowId);
      return Promise.all(runs.map((r) => scenario.finish(r.id)));
    };

    beforeAll(async () => {
      bitrix.addInvoice({ id: 1901, opportunity: 75000.5, parentId2: 421, stageId: 'DT31_1:S', closedate: '2026-03-05T03:00:00+03:00' });
      bitrix.addInvoice({ id: 1902, opportunity: 10000, parentId2: 421, stageId: 'DT31_1:P' });
      [{ id: flowId }] = await scenario.instantiate('bitrix24-unpaid-invoice-reminders', { emailConnection: scenario.emailConnection, sentStageId: 'DT31_1:S' });
      smtp.messages.length = 0;
    });

    it('reminds the client of every invoice still sent to them at 10:00 Moscow time on working days, and not on the 9 March holiday', async () => {
      const friday = await tick('2026-03-06T07:00:05Z');
      expect(friday.map((r) => [r.status, failures(r)])).toEqual([['succeeded', []]]);
      expect(smtp.messages.map((m) => [m.to[0], m.subject]).sort()).toEqual([
        ['kim@client.example.ru', 'Напоминание: счёт №1901 ожидает оплаты'],
        ['orlova@client.example.ru', 'Напоминание: счёт №1801 ожидает оплаты'],
      ]);
      expect(smtp.messages.find((m) => m.subject.includes('1901'))?.text).toBe(
        'Здравствуйте, Игорь Ким!\n\nНапоминаем, что счёт №1901 на 75000.5 RUB по сделке «Склад на Тэцевской» ещё не оплачен. Срок оплаты: 05.03.2026.\n\n'
        + 'Если вы уже оплатили счёт, просто не обращайте внимания на это письмо.',
      );

      const holiday = await tick('2026-03-09T07:00:05Z');
      expect(holiday).toHaveLength(1);
      expect(smtp.messages).toHaveLength(2);

      bitrix.moveInvoice(1901, 'DT31_1:P');
      const tuesday = await tick('2026-03-10T07:00:05Z');
      expect(tuesday.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
      expect(smtp.messages).toHaveLength(3);
      expect(smtp.messages[0]).toMatchObject({ to: ['orlova@client.example.ru'], subject: 'Напоминание: счёт №1801 ожидает оплаты' });
    });
  });
});
