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
const REMARKS_STAGE = 'C1:UC_REMARKS';

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
  /** The signed link's path, to call this test server with whatever public URL the app has. */
  const local = (url: string) => {
    const u = new URL(url);
    return u.pathname + u.search;
  };
  const waitingAt = (id: string, nodeId: string) => eventually(() => run(id), (r) => r.status === 'failed' || (r.status === 'waiting' && stepOf(r, nodeId)?.status === 'waiting'));
  const finished = (id: string) => eventually(() => run(id), (r) => r.status === 'succeeded' || r.status === 'failed');
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
      sbisConnection, actStageId: ACT_STAGE, renderedStageId: RENDERED_STAGE, remarksStageId: REMARKS_STAGE, seller: 'ООО «Экспорт Москвы», ИНН 7701234567', hookPath: HOOK,
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

    const done = await finished(signedRun);
    expect(done.status).toBe('succeeded');
    expect(stepOf(done, 'signed')?.port).toBe('event');
    expect(stepOf(done, 'chase')?.status).toBe('skipped');
    expect(bitrix.deals.get(701)).toMatchObject({ STAGE_ID: RENDERED_STAGE, UF_CRM_ACT_STATUS: 'Акт получен и подписан' });
    expect(tasksOf(701)).toEqual([]);
    // Only the signed act reached the watcher; the other one still waits.
    expect(await scenario.runsOf(watcherId)).toHaveLength(1);
    expect((await run(silentRun)).status).toBe('waiting');
  });

  it('gives the manager "Specify act status" on the fifth working day, counted past the 9 March holiday; "remarks" moves the deal to its stage', async () => {
    await at('2026-03-12T15:00:00Z'); // Thu 12 March, 18:00 Moscow: only four working days have passed
    expect((await run(silentRun)).status).toBe('waiting');
    expect(tasksOf(702)).toEqual([]);

    await at('2026-03-13T06:01:00Z'); // Fri 13 March, 09:01 Moscow
    const asked = await waitingAt(silentRun, 'status');
    expect(failures(asked)).toEqual([]);
    expect(stepOf(asked, 'signed')?.port).toBe('timeout');
    const link = (stepOf(asked, 'status')?.output as { url: string }).url;
    // The task is where the manager works; it carries the link that records the outcome.
    expect(tasksOf(702)).toEqual([expect.objectContaining({ title: 'Указать статус акта', responsibleId: '5', description: expect.stringContaining('не подписан (прошло рабочих дней: 5)') })]);
    expect(tasksOf(702)[0].description).toContain(link);
    expect(bitrix.deals.get(702)).toMatchObject({ STAGE_ID: ACT_STAGE });

    const page = (await scenario.app.as('anonymous').get(local(link)).expect(200)).text;
    expect(page).toContain('Акт принят — пока без подписи');
    expect(page).toContain('Есть замечания — отказ от подписания');
    await scenario.app.as('anonymous').post(local(link)).send({ answers: { outcome: 'Есть замечания — отказ от подписания', comment: 'Не согласны с суммой' } }).expect(200);
    const done = await finished(silentRun);
    expect(failures(done)).toEqual([]);
    expect(stepOf(done, 'acceptedDeal')?.status).toBe('skipped');
    expect(bitrix.deals.get(702)).toMatchObject({ STAGE_ID: REMARKS_STAGE, UF_CRM_ACT_STATUS: 'Отказ от подписания' });
  });

  it('on paper: the manager posts the act and uploads the signed copy from the task, which moves the deal to "Service rendered"', async () => {
    const sentBefore = sbis.documents.size;
    const runId = await actDeal(703, 'paper');
    // The dead electronic path is stored by the job that parks the run, a moment after the wait itself.
    const posted = await eventually(() => waitingAt(runId, 'received'), (r) => r.status === 'failed' || stepOf(r, 'send') !== undefined);
    expect(failures(posted)).toEqual([]);
    expect(stepOf(posted, 'electronic')?.port).toBe('false');
    expect(stepOf(posted, 'send')?.status).toBe('skipped');
    expect(sbis.documents.size).toBe(sentBefore);
    const link = (stepOf(posted, 'received')?.output as { url: string }).url;
    expect(tasksOf(703)).toEqual([expect.objectContaining({ title: 'Отправить акт в бумажном виде', responsibleId: '5', description: expect.stringContaining(link) })]);

    const scan = Buffer.from('%PDF-1.7 signed paper act of deal 703');
    await at('2026-03-18T08:00:00Z');
    await scenario.app.as('anonymous').post(local(link)).send({ answers: { copy: { name: 'act-703-signed.pdf', dataUrl: `data:application/pdf;base64,${scan.toString('base64')}` } } }).expect(200);
    const done = await finished(runId);
    expect(failures(done)).toEqual([]);
    expect(stepOf(done, 'chase')?.status).toBe('skipped');
    expect(bitrix.deals.get(703)).toMatchObject({ STAGE_ID: RENDERED_STAGE, UF_CRM_ACT_STATUS: 'Акт получен и подписан' });
    expect(scenario.bitrix.files.filter((f) => f.dealId === 703 && f.field === 'UF_CRM_ACT_SIGNED_FILE')).toEqual([{ dealId: 703, field: 'UF_CRM_ACT_SIGNED_FILE', name: 'act-703-signed.pdf', content: scan }]);
    expect(tasksOf(703)).toHaveLength(1);
  });

  it('on paper with no signed copy in 5 + 2 working days: "Specify act status", and "accepted" moves the deal to "Service rendered"', async () => {
    clock.set('2026-03-05T06:00:00Z');
    const runId = await actDeal(704, 'paper');
    await waitingAt(runId, 'received');
    await at('2026-03-16T15:00:00Z'); // Mon 16 March: six working days
    expect(tasksOf(704).map((t) => t.title)).toEqual(['Отправить акт в бумажном виде']);

    await at('2026-03-17T06:01:00Z'); // Tue 17 March, 09:01 Moscow: the seventh
    const asked = await waitingAt(runId, 'status');
    expect(stepOf(asked, 'received')?.port).toBe('timeout');
    expect(tasksOf(704).map((t) => t.title)).toEqual(['Отправить акт в бумажном виде', 'Указать статус акта']);
    const link = (stepOf(asked, 'status')?.output as { url: string }).url;
    await scenario.app.as('anonymous').post(local(link)).send({ answers: { outcome: 'Акт принят — пока без подписи' } }).expect(200);
    const done = await finished(runId);
    expect(failures(done)).toEqual([]);
    expect(stepOf(done, 'refusedDeal')?.status).toBe('skipped');
    expect(stepOf(done, 'rendered')?.status).toBe('skipped');
    expect(bitrix.deals.get(704)).toMatchObject({ STAGE_ID: RENDERED_STAGE, UF_CRM_ACT_STATUS: 'Акт принят, но не подписан заявителем' });
  });
});
