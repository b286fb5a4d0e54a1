import { describeNode, runNode, type TriggerResult } from '../../../sdk';
import { diadocSendDocument } from '../actions/send-document';
import type { DiadocSimulator } from '../simulator';
import { nodeContext, PDF, poll, resetTokens, SIGNATURE, startDiadoc, triggerContext } from '../spec-support';
import { ticksFromDate } from '../wire';
import { diadocDocumentChanged, MAX_PAGES_PER_POLL } from './document-changed';

const FEED = '/V7/GetNewEvents';
const params = { connection: 'diadoc-main' };

describe('diadoc.documentChanged (poll)', () => {
  let sim: DiadocSimulator;
  let clock: Date;
  const ctx = () => triggerContext(sim, { now: () => clock });
  const later = (minutes: number) => (clock = new Date(clock.getTime() + minutes * 60_000));
  const keys = (results: TriggerResult[]) => results.map((r) => r.dedupeKey);
  const feeds = () => sim.requests.filter((r) => r.path === FEED);
  const listening = async () => (await poll(diadocDocumentChanged, params, ctx(), undefined)).cursor;

  beforeAll(async () => (sim = await startDiadoc({ now: () => clock })));
  afterAll(() => sim.stop());
  beforeEach(() => {
    clock = new Date('2026-03-02T09:00:00.000Z');
    resetTokens();
    sim.reset();
  });

  it('declares itself a polling trigger that emits signed and rejected events', () => {
    expect(diadocDocumentChanged.definition).toMatchObject({ source: 'poll', emits: ['diadoc.document.signed', 'diadoc.document.rejected'] });
    expect(describeNode(diadocDocumentChanged).sampleOutput).toBeDefined();
  });

  it('starts listening from now: the first poll asks from this moment and delivers nothing older', async () => {
    sim.seedSentMessage();
    later(1);
    const first = await poll(diadocDocumentChanged, params, ctx(), undefined);

    expect(first).toEqual({ results: [], cursor: { since: '2026-03-02T09:01:00.000Z' } });
    expect(feeds()[0].query).toEqual({ boxId: sim.ourBoxId, timestampFromTicks: ticksFromDate(clock), documentDirection: 'Outbound', limit: '100' });
  });

  it('delivers each event once, keyed by its event id, and the signed event keyed by the message id', async () => {
    const cursor = await listening();
    later(1);
    const { output } = await runNode(diadocSendDocument, { connection: 'c', file: PDF, counterpartyInn: '7707083893', counterpartyKpp: '773601001', signature: SIGNATURE },
      nodeContext(sim, { now: () => clock }));
    const { messageId, document } = output as { messageId: string; document: { entityId: string } };
    later(60);
    const signed = sim.sign(messageId);

    const { results, cursor: next } = await poll(diadocDocumentChanged, params, ctx(), cursor);

    const [sent, signature] = sim.events;
    expect(keys(results)).toEqual([sent.eventId, signature.eventId]);
    expect(results[0]).toEqual({
      output: { event: { id: sent.eventId, indexKey: sent.indexKey, kind: 'message', at: '2026-03-02T09:01:00.000Z' }, messageId, outcome: null, entityId: null, document: null },
      dedupeKey: sent.eventId,
      businessKey: messageId,
    });
    expect(results[1]).toMatchObject({
      output: { event: { id: signed.eventId, kind: 'patch', at: '2026-03-02T10:01:00.000Z' }, messageId, outcome: 'signed', entityId: document.entityId, document: { signed: true } },
      event: { type: 'diadoc.document.signed', key: messageId, data: { messageId, entityId: document.entityId, eventId: signed.eventId, recipientResponseStatus: 'WithRecipientSignature' } },
    });
    expect(next).toEqual({ afterIndexKey: signed.indexKey });
  });

  it('raises the rejected event for a document the counterparty refused', async () => {
    const cursor = await listening();
    later(1);
    const message = sim.seedSentMessage();
    sim.reject(message.messageId, 'Сумма не та');

    const { results } = await poll(diadocDocumentChanged, params, ctx(), cursor);

    expect(results[0].event).toBeUndefined();
    expect(results[1]).toMatchObject({ output: { outcome: 'rejected', entityId: message.documents[0].entityId }, event: { type: 'diadoc.document.rejected', key: message.messageId } });
  });

  it('a second poll from the returned cursor delivers nothing already delivered, then only what is new', async () => {
    const start = await listening();
    later(1);
    const a = sim.seedSentMessage();
    const b = sim.seedSentMessage();
    const first = await poll(diadocDocumentChanged, params, ctx(), start);
    expect(first.results).toHaveLength(2);

    const second = await poll(diadocDocumentChanged, params, ctx(), first.cursor);
    expect(second).toEqual({ results: [], cursor: first.cursor });
    expect(feeds()[2].query).toMatchObject({ afterIndexKey: sim.events[1].indexKey });

    later(5);
    sim.sign(b.messageId);
    sim.reject(a.messageId);
    const third = await poll(diadocDocumentChanged, params, ctx(), second.cursor);
    expect(keys(third.results)).toEqual([sim.events[2].eventId, sim.events[3].eventId]);
    expect(third.results.map((r) => [r.event?.type, r.event?.key])).toEqual([['diadoc.document.signed', b.messageId], ['diadoc.document.rejected', a.messageId]]);
  });

  it('a poll repeated from an older cursor (as after a restart) returns the same events with the same dedupe keys', async () => {
    const start = await listening();
    later(1);
    const message = sim.seedSentMessage();
    const afterSend = await poll(diadocDocumentChanged, params, ctx(), start);
    later(1);
    sim.sign(message.messageId);

    const once = await poll(diadocDocumentChanged, params, ctx(), afterSend.cursor);
    const again = await poll(diadocDocumentChanged, params, ctx(), afterSend.cursor);

    expect(again).toEqual(once);
    expect(keys(again.results)).toEqual([sim.events[1].eventId]);
    expect(again.results[0].event).toMatchObject({ type: 'diadoc.document.signed', key: message.messageId });
    // From the very first cursor too: everything comes again under the keys it had.
    expect(keys((await poll(diadocDocumentChanged, params, ctx(), start)).results)).toEqual(sim.events.map((e) => e.eventId));
  });

  it(`reads at most ${MAX_PAGES_PER_POLL} pages of 100 per poll and goes on from there the next time`, async () => {
    const start = await listening();
    later(1);
    for (let i = 0; i < 620; i++) sim.seedSentMessage(`act-${i}.pdf`);
    sim.requests.length = 0;
    const context = ctx();

    const first = await poll(diadocDocumentChanged, params, context, start);
    expect(first.results).toHaveLength(500);
    expect(feeds()).toHaveLength(MAX_PAGES_PER_POLL);
    expect(feeds().every((r) => r.query.limit === '100')).toBe(true);
    expect(context.logs).toEqual([expect.objectContaining({ level: 'info', message: expect.stringContaining('more events') })]);

    sim.requests.length = 0;
    const second = await poll(diadocDocumentChanged, params, ctx(), first.cursor);
    expect(second.results).toHaveLength(120);
    expect(feeds()).toHaveLength(2);
    expect([...keys(first.results), ...keys(second.results)]).toEqual(sim.events.map((e) => e.eventId));
    expect(second.cursor).toEqual({ afterIndexKey: sim.events[619].indexKey });
  });

  it('with "only signed or rejected" starts runs for outcomes alone, yet moves past every event', async () => {
    const start = await listening();
    later(1);
    sim.seedSentMessage();
    const signed = sim.seedSentMessage();
    sim.sign(signed.messageId);

    const { results, cursor } = await poll(diadocDocumentChanged, { ...params, onlyOutcomes: true }, ctx(), start);

    expect(results.map((r) => r.event?.key)).toEqual([signed.messageId]);
    expect(cursor).toEqual({ afterIndexKey: sim.events.at(-1)!.indexKey });
  });

  it('renews an expired token in the middle of polling', async () => {
    const start = await listening();
    later(1);
    sim.seedSentMessage();
    sim.expireTokens();

    expect((await poll(diadocDocumentChanged, params, ctx(), start)).results).toHaveLength(1);
    expect(sim.requests.filter((r) => r.path === '/V3/Authenticate')).toHaveLength(2);
  });

  it('starts afresh, with a warning, from a cursor it did not write', async () => {
    const context = ctx();
    const { cursor } = await poll(diadocDocumentChanged, params, context, { page: 3 });

    expect(cursor).toEqual({ since: clock.toISOString() });
    expect(context.logs).toEqual([expect.objectContaining({ level: 'warn' })]);
  });
});
