import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SbisSimulator } from '../../nodes/connectors/sbis/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { TriggerPolls } from '../../server/src/engine/polls/trigger-polls';
import { Bitrix24TemplateScenario, failures, stepOf, type Run } from '../support/bitrix24-templates';
import { eventually } from '../support/test-app';

const ARTIFACTS = path.join(__dirname, '../artifacts');
const HOOK = 'b24/act-signing';
const ACT_STAGE = 'C1:EXECUTING';
const RENDERED_STAGE = 'C1:WON';

/**
 * Seed 004 from its template, in Russian: deals reach the act stage on Thursday 2026-03-05 (Moscow);
 * 8 March is a Sunday, so Monday the 9th is a holiday on the RU calendar and the fifth working day
 * after the 5th is Friday the 13th, not Thursday the 12th.
 */
describe('scenario: sbis-act-signing (acts from Bitrix24 signed through SBIS)', () => {
  const clock = new FakeClock(new Date('2026-03-05T06:00:00Z'));
  const scenario = new Bitrix24TemplateScenario(clock);
  const sbis = new SbisSimulator({ now: () => clock.now() });
  const { bitrix } = scenario;
  let polls: TriggerPolls;
  let watcherId = '';

  const run = async (id: string) => (await scenario.app.http().get(`/api/runs/${id}`).expect(200)).body as Run;
  const waiting = (id: string) => eventually(() => run(id), (r) => r.status === 'waiting' || r.status === 'failed');
  const tasksOf = (dealId: number) => [...bitrix.tasks.values()].filter((t) => JSON.stringify(t).includes(`D_${dealId}`));
  const at = async (iso: string) => {
    clock.advance(Date.parse(iso) - clock.now().getTime());
    await scenario.app.wakeDue();
  };
  const actDeal = (id: number, actType: string) => {
    bitrix.addDeal({ ID: String(id), TITLE: `Продвижение продукции, сделка ${id}`, STAGE_ID: ACT_STAGE, OPPORTUNITY: '120000.00', ASSIGNED_BY_ID: '5', UF_CRM_ACT_TYPE: actType, UF_CRM_INN: '7707083893', UF_CRM_KPP: '773601001' });
    return scenario.deliver(HOOK, bitrix.dealEvent('ONCRMDEALUPDATE', id));
  };

  let signedRun = '';
  let silentRun = '';

  beforeAll(async () => {
    await sbis.start();
    await scenario.start();
    await scenario.app.http().post('/api/connectors/sbis/enable').expect(200);
    const sbisConnection = (await scenario.app.http().post('/api/connections').send({
      connector: 'sbis', name: 'СБИС (симулятор)',
      credentials: { baseUrl: sbis.url, login: sbis.login, password: sbis.password, ourInn: sbis.ourInn, ourKpp: sbis.ourKpp },
    }).expect(201)).body.id as string;
    const flows = await scenario.instantiate('sbis-act-signing', {
      sbisConnection, actStageId: ACT_STAGE, renderedStageId: RENDERED_STAGE, seller: 'ООО «Экспорт Москвы», ИНН 7701234567', hookPath: HOOK,
    });
    expect(flows.map((f) => f.name)).toEqual(['Акт на подпись', 'Подписи из СБИС']);
    watcherId = flows[1].id;
    polls = scenario.app.app.get(TriggerPolls);
    // The first poll only learns where "now" is in SBIS.
    await polls.pollDue();

    signedRun = await actDeal(701, 'electronic');
    silentRun = await actDeal(702, 'electronic');
  });
  afterAll(async () => {
    await scenario.stop();
    await sbis.stop();
  });

  it('renders the act and sends it to the client through SBIS', async () => {
    const started = await waiting(signedRun);
    expect(failures(started)).toEqual([]);
    expect(started.status).toBe('waiting');
    // The run read shows a preview of a large output; the step read has it whole.
    const actStep = stepOf(started, 'act') as unknown as { id: string };
    const act = (await scenario.app.http().get(`/api/runs/${signedRun}/steps/${actStep.id}`).expect(200)).body.output as { filename: string; contentBase64: string };
    expect(act.filename).toBe('act-701.pdf');
    const pdf = Buffer.from(act.contentBase64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'sbis-act.pdf'), pdf);
    // The act is kept on the deal too, byte for byte, where the manager finds it.
    expect(scenario.bitrix.files.filter((f) => f.dealId === 701)).toEqual([{ dealId: 701, field: 'UF_CRM_ACT_FILE', name: 'act-701.pdf', content: pdf }]);

    const documentId = (stepOf(started, 'send')?.output as { id: string }).id;
    const sent = sbis.documents.get(documentId);
    expect(sent).toMatchObject({ type: 'ДокОтгрИсх', number: '701', counterparty: { СвЮЛ: { ИНН: '7707083893', КПП: '773601001' } } });
    expect(sent?.attachments[0]).toMatchObject({ name: 'act-701.pdf' });
    expect(sent?.attachments[0].content.equals(pdf)).toBe(true);
    expect(stepOf(started, 'signed')?.status).toBe('waiting');
  });

  it('moves the deal to "Service rendered" when the client signs on the third working day', async () => {
    await waiting(silentRun);
    await at('2026-03-11T08:00:00Z'); // Wed 11 March: Fri 6, Tue 10, Wed 11
    const documentId = (stepOf(await run(signedRun), 'send')?.output as { id: string }).id;
    sbis.sign(documentId);
    clock.advance(61_000);
    await polls.pollDue();

    const done = await eventually(() => run(signedRun), (r) => r.status === 'succeeded' || r.status === 'failed');
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'signed')?.port).toBe('event');
    expect(stepOf(done, 'chase')?.status).toBe('skipped');
    expect(bitrix.deals.get(701)).toMatchObject({ STAGE_ID: RENDERED_STAGE });
    expect(tasksOf(701)).toEqual([]);
    // Only the signed act reached the watcher; the other one still waits.
    expect(await scenario.runsOf(watcherId)).toHaveLength(1);
    expect((await run(silentRun)).status).toBe('waiting');
  });

  it('gives the manager "Specify act status" on the fifth working day, counted past the 9 March holiday', async () => {
    await at('2026-03-12T15:00:00Z'); // Thu 12 March, 18:00 Moscow: only four working days have passed
    expect((await run(silentRun)).status).toBe('waiting');
    expect(tasksOf(702)).toEqual([]);

    await at('2026-03-13T06:01:00Z'); // Fri 13 March, 09:01 Moscow
    const done = await eventually(() => run(silentRun), (r) => r.status === 'succeeded' || r.status === 'failed');
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'signed')?.port).toBe('timeout');
    expect(tasksOf(702)).toEqual([expect.objectContaining({ title: 'Указать статус акта', responsibleId: '5', description: expect.stringContaining('не подписан (прошло рабочих дней: 5)') })]);
    expect(bitrix.deals.get(702)).toMatchObject({ STAGE_ID: ACT_STAGE });
  });

  it('gives the manager a task to post the act on paper when the client signs on paper', async () => {
    const sentBefore = sbis.documents.size;
    const done = await scenario.finish(await actDeal(703, 'paper'));

    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'electronic')?.port).toBe('false');
    expect(stepOf(done, 'send')?.status).toBe('skipped');
    expect(sbis.documents.size).toBe(sentBefore);
    expect(tasksOf(703)).toEqual([expect.objectContaining({ title: 'Отправить акт в бумажном виде', responsibleId: '5' })]);
  });
});
