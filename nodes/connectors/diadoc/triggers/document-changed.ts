import { defineTrigger, f, triggerKeyFields, type TriggerContext, type TriggerResult } from '../../../sdk';
import { connectDiadoc, type DiadocApi } from '../api';
import { isNotFound } from '../../../sdk';
import { outcomeOf, type DiadocDocument } from '../normalise';
import { checkBoxId, diadocProps } from '../props';
import { sampleDocument } from '../samples';
import { field, isoFromTicks, list, text, type Json } from '../wire';

export const SIGNED_EVENT = 'diadoc.document.signed';
export const REJECTED_EVENT = 'diadoc.document.rejected';

// At most 5 pages of 100 events per poll: a backlog is worked off over the next polls, each one short.
export const MAX_PAGES_PER_POLL = 5;
// A signature patch names only the signed document; its status is read for at most this many per poll.
const MAX_STATUS_READS = 100;
const REJECTIONS = new Set(['SignatureRequestRejection', 'XmlSignatureRejection']);

/**
 * Where the next poll asks from: the index key of the last event delivered (Diadoc answers what
 * came after it), or, until the first event arrives, the moment the flow started listening.
 */
export interface DiadocEventCursor {
  afterIndexKey?: string;
  since?: string;
}

interface Outcome {
  outcome: 'signed' | 'rejected';
  entityId: string;
  document: DiadocDocument | null;
}

export const diadocDocumentChanged = defineTrigger({
  type: 'diadoc.documentChanged',
  title: 'Document event',
  category: 'Documents',
  connector: 'diadoc',
  source: 'poll',
  pollEveryMs: 60_000,
  emits: [SIGNED_EVENT, REJECTED_EVENT],
  description:
    'Starts a run for each event in your Diadoc box (a message sent or received, a signature, a rejection), read from the box\'s event feed every minute, each event once. '
    + 'A document the counterparty signed or rejected also raises the event diadoc.document.signed or diadoc.document.rejected keyed by the message id, which "Wait for event" steps can wait on.',
  params: {
    connection: diadocProps.connection(),
    boxId: diadocProps.boxId(),
    direction: f.select({ label: 'Documents', options: [{ value: 'Outbound', label: 'Sent by us' }, { value: 'Inbound', label: 'Received' }, { value: 'Any', label: 'All' }], default: 'Outbound' }),
    onlyOutcomes: f.boolean({ label: 'Only signed or rejected', default: false, description: 'Start runs only for documents the counterparty signed or rejected' }),
    ...triggerKeyFields,
  },
  sampleOutput: {
    event: { id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b', indexKey: 'AAAAAAAAAAE=', kind: 'patch', at: '2026-03-03T11:30:00.000Z' },
    messageId: sampleDocument.messageId,
    outcome: 'signed',
    entityId: sampleDocument.entityId,
    document: sampleDocument,
  },
  async poll(ctx, params, cursor) {
    const from = readCursor(cursor, ctx);
    const diadoc = await connectDiadoc(ctx, params.connection);
    const boxId = await diadoc.box(checkBoxId(params.boxId, 'boxId'));
    const direction = params.direction === 'Any' ? undefined : params.direction ?? 'Outbound';
    const events: Json[] = [];
    const seen = new Set<string>();
    let last = from.afterIndexKey;
    let full = true;
    for (let page = 0; page < MAX_PAGES_PER_POLL && full; page++) {
      const answer = await diadoc.newEvents(boxId, last ? { afterIndexKey: last } : { since: new Date(from.since!) }, { direction });
      const before = events.length;
      for (const event of answer.events) {
        const id = text(field(event, 'EventId'))!;
        last = text(field(event, 'IndexKey'));
        if (seen.has(id)) continue;
        seen.add(id);
        events.push(event);
      }
      // A page that brought nothing new cannot move the feed on; asking again would loop.
      full = answer.full && events.length > before;
    }
    if (full) ctx.log.info('Diadoc has more events than one poll reads; the next poll goes on from here', { delivered: events.length });

    const budget = { reads: MAX_STATUS_READS };
    const results: TriggerResult[] = [];
    for (const event of events) {
      const result = await toResult(diadoc, boxId, event, budget);
      if (!params.onlyOutcomes || result.event) results.push(result);
    }
    const next: DiadocEventCursor = last ? { afterIndexKey: last } : { ...from };
    return { results, cursor: next };
  },
});

async function toResult(diadoc: DiadocApi, boxId: string, event: Json, budget: { reads: number }): Promise<TriggerResult> {
  const message = field(event, 'Message');
  const patch = field(event, 'Patch');
  const body = message ?? patch;
  const messageId = text(field(body, 'MessageId')) ?? '';
  const found = patch ? await outcomeOfPatch(diadoc, boxId, messageId, patch, budget) : undefined;
  const eventId = text(field(event, 'EventId'))!;
  const output = {
    event: { id: eventId, indexKey: text(field(event, 'IndexKey'))!, kind: message ? 'message' : patch ? 'patch' : 'other', at: isoFromTicks(field(body, 'TimestampTicks')) ?? null },
    messageId: messageId || null,
    outcome: found?.outcome ?? null,
    entityId: found?.entityId ?? null,
    document: found?.document ?? null,
  };
  const result: TriggerResult = { output, dedupeKey: eventId, businessKey: messageId || undefined };
  if (found && messageId) {
    result.event = {
      type: found.outcome === 'signed' ? SIGNED_EVENT : REJECTED_EVENT,
      key: messageId,
      data: { messageId, entityId: found.entityId, boxId, eventId, at: output.event.at, recipientResponseStatus: found.document?.recipientResponseStatus ?? null },
    };
  }
  return result;
}

/**
 * What a patch did to a document: a rejection entity says so itself; a signature entity names the
 * document it signs, whose status tells whether the recipient signed it (our own signature of a
 * draft makes no outcome).
 */
async function outcomeOfPatch(diadoc: DiadocApi, boxId: string, messageId: string, patch: unknown, budget: { reads: number }): Promise<Outcome | undefined> {
  const entities = list(field(patch, 'Entities')).slice(0, 50);
  for (const entity of entities) {
    const parent = text(field(entity, 'ParentEntityId'));
    if (parent && REJECTIONS.has(text(field(entity, 'AttachmentType')) ?? '')) return { outcome: 'rejected', entityId: parent, document: null };
    const info = field(entity, 'DocumentInfo');
    const stated = outcomeOf(text(field(info, 'RecipientResponseStatus')) ?? null);
    if (stated) return { outcome: stated, entityId: text(field(entity, 'EntityId')) ?? '', document: null };
  }
  for (const entity of entities) {
    const parent = text(field(entity, 'ParentEntityId'));
    if (text(field(entity, 'EntityType')) !== 'Signature' || !parent || !messageId || budget.reads <= 0) continue;
    budget.reads--;
    try {
      const document = await diadoc.getDocument(boxId, messageId, parent);
      const outcome = outcomeOf(document.recipientResponseStatus);
      if (outcome) return { outcome, entityId: parent, document };
    } catch (error) {
      // A document deleted since the signature is no outcome to report.
      if (!isNotFound(error)) throw error;
    }
  }
  return undefined;
}

function readCursor(cursor: unknown, ctx: TriggerContext): DiadocEventCursor {
  if (cursor === undefined || cursor === null) return { since: ctx.now().toISOString() };
  const c = typeof cursor === 'object' && !Array.isArray(cursor) ? (cursor as Record<string, unknown>) : {};
  const str = (key: string) => (Object.hasOwn(c, key) && typeof c[key] === 'string' && c[key] ? (c[key] as string) : undefined);
  const afterIndexKey = str('afterIndexKey');
  const since = str('since');
  if (afterIndexKey && afterIndexKey.length <= 200) return { afterIndexKey };
  if (since && !Number.isNaN(Date.parse(since))) return { since };
  // Our own cursor never looks like this; starting afresh loses less than failing every poll.
  ctx.log.warn('Diadoc poll cursor is not one this trigger wrote; listening from now on', { cursor: typeof cursor });
  return { since: ctx.now().toISOString() };
}
