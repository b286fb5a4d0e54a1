import { describeNode, runNode, type TriggerResult } from '../../../sdk';
import { sbisSendDocument } from '../actions/send-document';
import type { SbisSimulator } from '../simulator';
import { COUNTERPARTY, nodeContext, PDF, poll, resetSessions, startSbis, triggerContext } from '../spec-support';
import { MAX_PAGES_PER_POLL, sbisDocumentChanged } from './document-changed';

const LIST = 'СБИС.СписокИзменений';
const params = { connection: 'sbis-main' };

describe('sbis.documentChanged (poll)', () => {
  let sim: SbisSimulator;
  let clock: Date;
  const ctx = () => triggerContext(sim, { now: () => clock });
  const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
  const keys = (results: TriggerResult[]) => results.map((r) => r.dedupeKey);
  const filterOf = (i: number) => (sim.calls(LIST)[i].body as { params: { Фильтр: Record<string, unknown> } }).params.Фильтр;

  beforeAll(async () => (sim = await startSbis({ now: () => clock })));
  afterAll(() => sim.stop());
  beforeEach(() => {
    clock = new Date('2026-03-02T09:00:00.000Z');
    resetSessions();
    sim.requests.length = 0;
    sim.documents.clear();
    sim.events.length = 0;
  });

  it('declares itself a polling trigger that emits signed and rejected events', () => {
    expect(sbisDocumentChanged.definition).toMatchObject({ source: 'poll', emits: ['sbis.document.signed', 'sbis.document.rejected'] });
    expect(describeNode(sbisDocumentChanged).sampleOutput).toBeDefined();
  });

  it('starts listening from now: the first poll delivers nothing that happened before', async () => {
    sim.seedSentDocument();
    later(1);
    const first = await poll(sbisDocumentChanged, params, ctx(), undefined);

    expect(first).toEqual({ results: [], cursor: { since: '2026-03-02T09:01:00.000Z' } });
    expect(filterOf(0)).toEqual({
      ДатаВремяС: '02.03.2026 12.01.00',
      НашаОрганизация: { СвЮЛ: { ИНН: sim.ourInn, КПП: sim.ourKpp } },
      ПолныйСертификатЭП: 'Нет',
      Навигация: { РазмерСтраницы: '50' },
    });
  });

  it('delivers one result per change, keyed by the change id, and the signed event on the document', async () => {
    const { cursor } = await poll(sbisDocumentChanged, params, ctx(), undefined);
    later(1);
    const { output: sent } = await runNode(sbisSendDocument, { connection: 'c', number: 'A-1', counterpartyInn: COUNTERPARTY.inn, counterpartyKpp: COUNTERPARTY.kpp, file: PDF },
      nodeContext(sim, { now: () => clock }));
    const documentId = (sent as { id: string }).id;
    later(60);
    const signed = sim.sign(documentId);

    const { results, cursor: next } = await poll(sbisDocumentChanged, params, ctx(), cursor);

    const [sendEvent, signEvent] = sim.events;
    expect(keys(results)).toEqual([sendEvent.id, signEvent.id]);
    expect(results[0]).toEqual({
      output: { change: { id: sendEvent.id, name: 'Отправка', at: '2026-03-02T09:01:00.000Z', comment: null }, document: expect.objectContaining({ id: documentId }), outcome: null },
      dedupeKey: sendEvent.id,
      businessKey: documentId,
    });
    // The document is signed now; only its latest change in the batch carries the event.
    expect(results[1]).toMatchObject({
      output: { change: { id: signed.id, name: 'Утверждение' }, document: { id: documentId, number: 'A-1', signed: true, state: { code: '7' } }, outcome: 'signed' },
      event: { type: 'sbis.document.signed', key: documentId, data: { documentId, number: 'A-1', changeId: signed.id, state: { code: '7' } } },
    });
    expect(next).toEqual({ eventId: signed.id, at: '2026-03-02T10:01:00.000Z' });
    expect(filterOf(1)).toMatchObject({ ДатаВремяС: '02.03.2026 12.00.00' });
  });

  it('raises the rejected event for a document the counterparty refused', async () => {
    const { cursor } = await poll(sbisDocumentChanged, params, ctx(), undefined);
    later(1);
    const doc = sim.seedSentDocument();
    sim.reject(doc.id, 'Сумма не та');

    const { results } = await poll(sbisDocumentChanged, params, ctx(), cursor);

    expect(results[1]).toMatchObject({
      output: { change: { name: 'Отклонение', comment: 'Сумма не та' }, outcome: 'rejected' },
      event: { type: 'sbis.document.rejected', key: doc.id },
    });
    expect(results[0].event).toBeUndefined();
  });

  it('a second poll from the returned cursor delivers nothing already delivered, then only what is new', async () => {
    const start = (await poll(sbisDocumentChanged, params, ctx(), undefined)).cursor;
    later(1);
    const a = sim.seedSentDocument();
    const b = sim.seedSentDocument();
    const first = await poll(sbisDocumentChanged, params, ctx(), start);
    expect(first.results).toHaveLength(2);

    const second = await poll(sbisDocumentChanged, params, ctx(), first.cursor);
    expect(second).toEqual({ results: [], cursor: first.cursor });
    expect(filterOf(2)).toMatchObject({ ИдентификаторСобытия: sim.events[1].id });

    later(5);
    sim.sign(b.id);
    sim.deliver(a.id);
    const third = await poll(sbisDocumentChanged, params, ctx(), second.cursor);
    expect(keys(third.results)).toEqual([sim.events[2].id, sim.events[3].id]);
    expect(third.results.map((r) => r.event?.type)).toEqual(['sbis.document.signed', undefined]);
  });

  it('a poll repeated from an older cursor (as after a crash) returns the same changes with the same dedupe keys', async () => {
    const start = (await poll(sbisDocumentChanged, params, ctx(), undefined)).cursor;
    later(1);
    const doc = sim.seedSentDocument();
    const afterSend = await poll(sbisDocumentChanged, params, ctx(), start);
    later(1);
    sim.sign(doc.id);

    const once = await poll(sbisDocumentChanged, params, ctx(), afterSend.cursor);
    const again = await poll(sbisDocumentChanged, params, ctx(), afterSend.cursor);

    expect(again).toEqual(once);
    expect(keys(again.results)).toEqual([sim.events[1].id]);
    expect(again.results[0].event).toMatchObject({ type: 'sbis.document.signed', key: doc.id });
  });

  it(`reads at most ${MAX_PAGES_PER_POLL} pages of 50 per poll and goes on from there the next time`, async () => {
    const start = (await poll(sbisDocumentChanged, params, ctx(), undefined)).cursor;
    later(1);
    for (let i = 0; i < 300; i++) sim.seedSentDocument({ number: `N-${i}` });
    sim.requests.length = 0;
    const context = ctx();

    const first = await poll(sbisDocumentChanged, params, context, start);
    expect(first.results).toHaveLength(250);
    expect(sim.calls(LIST)).toHaveLength(MAX_PAGES_PER_POLL);
    expect(context.logs).toEqual([expect.objectContaining({ level: 'info', message: expect.stringContaining('more changes') })]);

    sim.requests.length = 0;
    const second = await poll(sbisDocumentChanged, params, ctx(), first.cursor);
    expect(second.results).toHaveLength(50);
    expect(sim.calls(LIST)).toHaveLength(1);

    expect([...keys(first.results), ...keys(second.results)]).toEqual(sim.events.map((e) => e.id));
    expect(second.cursor).toEqual({ eventId: sim.events[299].id, at: expect.any(String) });
  });

  it('with "only signed or rejected" starts runs for outcomes alone, yet moves past every change', async () => {
    const start = (await poll(sbisDocumentChanged, params, ctx(), undefined)).cursor;
    later(1);
    sim.seedSentDocument();
    const signed = sim.seedSentDocument();
    sim.sign(signed.id);

    const { results, cursor } = await poll(sbisDocumentChanged, { ...params, onlyOutcomes: true }, ctx(), start);

    expect(results.map((r) => r.event?.key)).toEqual([signed.id]);
    expect(cursor).toMatchObject({ eventId: sim.events.at(-1)!.id });
  });

  it('asks only for the chosen document type', async () => {
    const start = (await poll(sbisDocumentChanged, params, ctx(), undefined)).cursor;
    later(1);
    sim.seedSentDocument({ type: 'СчетИсх' });
    sim.seedSentDocument({ type: 'ДокОтгрИсх' });

    const { results } = await poll(sbisDocumentChanged, { ...params, documentType: 'СчетИсх' }, ctx(), start);

    expect(filterOf(1)).toMatchObject({ Тип: 'СчетИсх' });
    expect(results.map((r) => (r.output as { document: { type: string } }).document.type)).toEqual(['СчетИсх']);
  });

  it('renews an expired session in the middle of polling', async () => {
    const start = (await poll(sbisDocumentChanged, params, ctx(), undefined)).cursor;
    later(1);
    sim.seedSentDocument();
    sim.expireSessions();

    expect((await poll(sbisDocumentChanged, params, ctx(), start)).results).toHaveLength(1);
    expect(sim.calls('СБИС.Аутентифицировать')).toHaveLength(2);
  });

  it('starts afresh, with a warning, from a cursor it did not write', async () => {
    const context = ctx();
    const { cursor } = await poll(sbisDocumentChanged, params, context, { page: 3 });

    expect(cursor).toEqual({ since: clock.toISOString() });
    expect(context.logs).toEqual([expect.objectContaining({ level: 'warn' })]);
  });
});
