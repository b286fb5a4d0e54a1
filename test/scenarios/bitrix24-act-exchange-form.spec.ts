import { FakeClock } from '../../server/src/engine/clock';
import { Bitrix24TemplateScenario, failures, stepOf, type Run } from '../support/bitrix24-templates';
import { eventually } from '../support/test-app';

const HOOK = 'b24/act-form';
const STAGE = 'C1:PREPAYMENT_INVOICE';

/**
 * Seed 004's form from its template, in Russian. Deals are approved on Thursday 2026-03-05 (Moscow);
 * with 9 March a holiday the third working day after is Wednesday the 11th.
 */
describe('scenario: bitrix24-act-exchange-form (the client chooses paper or EDO)', () => {
  const clock = new FakeClock(new Date('2026-03-05T06:00:00Z'));
  const scenario = new Bitrix24TemplateScenario(clock, { mail: true });
  const { bitrix, smtp } = scenario;

  const run = async (id: string) => (await scenario.app.http().get(`/api/runs/${id}`).expect(200)).body as Run;
  const waitingAt = (id: string, nodeId: string) => eventually(() => run(id), (r) => r.status === 'failed' || (r.status === 'waiting' && stepOf(r, nodeId)?.status === 'waiting'));
  const at = async (iso: string) => {
    clock.advance(Date.parse(iso) - clock.now().getTime());
    await scenario.app.wakeDue();
  };
  /** The signed link's path, to call this test server with whatever public URL the app has. */
  const local = (url: string) => {
    const u = new URL(url);
    return u.pathname + u.search;
  };
  const remindersFor = (dealId: number) => bitrix.notifications.filter((n) => n.MESSAGE.includes(`по сделке №${dealId} `) && n.MESSAGE.includes('не заполнил форму обмена актами (прошло рабочих дней: 3)'));
  const approve = (id: number, contactId: number, email: string) => {
    bitrix.addContact({ ID: String(contactId), NAME: 'Ирина', LAST_NAME: 'Орлова', email });
    bitrix.addDeal({ ID: String(id), TITLE: `Выставка в Дубае, сделка ${id}`, STAGE_ID: STAGE, ASSIGNED_BY_ID: '5', CONTACT_ID: String(contactId) });
    return scenario.deliver(HOOK, bitrix.dealEvent('ONCRMDEALUPDATE', id));
  };

  beforeAll(async () => {
    await scenario.start();
    const [flow] = await scenario.instantiate('bitrix24-act-exchange-form', { emailConnection: scenario.emailConnection, stageId: STAGE, hookPath: HOOK });
    expect(flow.name).toBe('Форма обмена актами');
  });
  afterAll(() => scenario.stop());

  it('e-mails the form; an answer within 3 working days goes into the deal with no reminder', async () => {
    const runId = await approve(801, 91, 'orlova@client.example.ru');
    const waiting = await waitingAt(runId, 'ask');
    expect(failures(waiting)).toEqual([]);
    const link = (stepOf(waiting, 'ask')?.output as { url: string }).url;
    expect(smtp.messages).toEqual([expect.objectContaining({ to: ['orlova@client.example.ru'], subject: 'Сделка «Выставка в Дубае, сделка 801»: как обмениваться актами?' })]);
    expect(smtp.messages[0].text).toContain(link);

    await at('2026-03-10T08:00:00Z');
    await scenario.app.as('anonymous').post(local(link)).send({ answers: { method: 'Электронно (ЭДО)', inn: '7707083893', kpp: '773601001', operator: 'Тензор', edoId: '2BE1234567890' } }).expect(200);
    const done = await eventually(() => run(runId), (r) => r.status === 'succeeded' || r.status === 'failed');
    expect(failures(done)).toEqual([]);
    expect(stepOf(done, 'ask')?.port).toBe('form');
    expect(bitrix.deals.get(801)).toMatchObject({ UF_CRM_ACT_TYPE: 'electronic', UF_CRM_INN: '7707083893', UF_CRM_KPP: '773601001', UF_CRM_EDO_ID: 'Тензор / 2BE1234567890' });
    expect(bitrix.notifications.filter((n) => n.MESSAGE.includes('№801 '))).toEqual([
      expect.objectContaining({ USER_ID: 5, MESSAGE: 'Клиент по сделке №801 «Выставка в Дубае, сделка 801» ответил: акты — Электронно (ЭДО).' }),
    ]);
    expect(remindersFor(801)).toEqual([]);
  });

  it('reminds the manager once on the third working day past the holiday, and the same link still resumes the process', async () => {
    clock.set('2026-03-05T06:00:00Z');
    const runId = await approve(802, 92, 'buh@vector.example.ru');
    const waiting = await waitingAt(runId, 'ask');
    const link = (stepOf(waiting, 'ask')?.output as { url: string }).url;

    await at('2026-03-10T15:00:00Z'); // Tue 10 March, 18:00 Moscow: two working days (Fri 6, Tue 10)
    expect((await run(runId)).status).toBe('waiting');
    expect(remindersFor(802)).toEqual([]);

    await at('2026-03-11T06:01:00Z'); // Wed 11 March, 09:01 Moscow
    await waitingAt(runId, 'askAgain');
    expect(remindersFor(802)).toEqual([expect.objectContaining({ USER_ID: 5 })]);
    expect(remindersFor(802)[0].MESSAGE).toContain(link);

    await at('2026-03-16T06:01:00Z');
    await at('2026-03-20T06:01:00Z');
    expect((await run(runId)).status).toBe('waiting');
    expect(remindersFor(802)).toHaveLength(1);

    await scenario.app.as('anonymous').post(local(link)).send({ answers: { method: 'На бумаге' } }).expect(200);
    const done = await eventually(() => run(runId), (r) => r.status === 'succeeded' || r.status === 'failed');
    expect(failures(done)).toEqual([]);
    expect(stepOf(done, 'askAgain')?.port).toBe('form');
    expect(stepOf(done, 'record')?.status).toBe('skipped');
    expect(bitrix.deals.get(802)).toMatchObject({ UF_CRM_ACT_TYPE: 'paper', UF_CRM_EDO_ID: '' });
    expect(bitrix.notifications.filter((n) => n.MESSAGE.includes('ответил'))).toContainEqual(
      expect.objectContaining({ USER_ID: 5, MESSAGE: 'Клиент по сделке №802 «Выставка в Дубае, сделка 802» ответил: акты — На бумаге.' }),
    );
    expect(remindersFor(802)).toHaveLength(1);
  });
});
