import { defineTrigger, f, triggerKeyFields, type TriggerContext, type TriggerResult } from '../../../sdk';
import { connectSbis } from '../api';
import { eventsOf, normaliseDocument, outcomeOf, type SbisDocument, type SbisEvent } from '../normalise';
import { sbisProps } from '../props';
import { sampleDocument } from '../samples';
import type { Json } from '../wire';

export const SIGNED_EVENT = 'sbis.document.signed';
export const REJECTED_EVENT = 'sbis.document.rejected';

const PAGE_SIZE = 50;
// At most 250 changes per poll: a backlog is worked off over the next polls, each one short.
export const MAX_PAGES_PER_POLL = 5;

/**
 * Where the next poll asks from: the last change delivered (SBIS answers what came after that
 * event), or, until the first change arrives, the moment the flow started listening.
 */
export interface SbisChangeCursor {
  eventId?: string;
  /** When the event `eventId` happened; older events a document entry repeats are not changes. */
  at?: string;
  since?: string;
}

interface Change {
  event: SbisEvent;
  document: Json;
}

export const sbisDocumentChanged = defineTrigger({
  type: 'sbis.documentChanged',
  title: 'Document changed',
  category: 'Documents',
  connector: 'sbis',
  source: 'poll',
  pollEveryMs: 60_000,
  emits: [SIGNED_EVENT, REJECTED_EVENT],
  description:
    'Starts a run for each change SBIS lists for your organisation\'s documents (sent, delivered, signed, rejected…), read from the SBIS change list every minute. '
    + 'A document the counterparty signed or rejected also raises the event sbis.document.signed or sbis.document.rejected keyed by the document id, which "Wait for event" steps can wait on.',
  params: {
    connection: sbisProps.connection(),
    documentType: f.text({ label: 'Document type', placeholder: 'ДокОтгрИсх', description: 'Only documents of this SBIS type; empty: all' }),
    onlyOutcomes: f.boolean({ label: 'Only signed or rejected', default: false, description: 'Start runs only for documents the counterparty signed or rejected' }),
    ...triggerKeyFields,
  },
  sampleOutput: {
    change: sampleDocument.events[1],
    document: sampleDocument,
    outcome: 'signed',
  },
  async poll(ctx, params, cursor) {
    const from = readCursor(cursor, ctx);
    const sbis = await connectSbis(ctx, params.connection);
    const type = params.documentType?.trim() || undefined;
    const changes: Change[] = [];
    const seen = new Set<string>(from.eventId ? [from.eventId] : []);
    let last: SbisEvent | undefined;
    let hasMore = true;
    for (let page = 0; page < MAX_PAGES_PER_POLL && hasMore; page++) {
      const answer = await sbis.changes(last ? { eventId: last.id } : from.eventId ? { eventId: from.eventId } : { since: new Date(from.since!) }, { type, pageSize: PAGE_SIZE });
      const before = changes.length;
      for (const document of answer.documents) {
        for (const event of eventsOf(document)) {
          if (seen.has(event.id) || isBefore(event, from.at)) continue;
          seen.add(event.id);
          changes.push({ event, document });
          last = event;
        }
      }
      // A page that brought nothing new cannot move the filter on; asking again would loop.
      hasMore = answer.hasMore && changes.length > before;
    }
    if (hasMore) ctx.log.info('SBIS has more changes than one poll reads; the next poll goes on from here', { delivered: changes.length });

    const results = toResults(changes).filter((r) => !params.onlyOutcomes || r.event);
    const next: SbisChangeCursor = last ? { eventId: last.id, ...(last.at ? { at: last.at } : {}) } : { ...from };
    return { results, cursor: next };
  },
});

function toResults(changes: Change[]): TriggerResult[] {
  // A document's outcome is its state now, so only its latest change in the batch carries the event.
  const latest = new Map<string, number>();
  changes.forEach((change, i) => latest.set(normaliseDocument(change.document).id, i));
  return changes.map((change, i) => {
    const document = normaliseDocument(change.document);
    const outcome = latest.get(document.id) === i ? outcomeOf(document.state) : null;
    const result: TriggerResult = {
      output: { change: change.event, document, outcome },
      dedupeKey: change.event.id,
      businessKey: document.id || undefined,
    };
    if (outcome && document.id) result.event = { type: outcome === 'signed' ? SIGNED_EVENT : REJECTED_EVENT, key: document.id, data: eventData(document, change.event) };
    return result;
  });
}

function eventData(document: SbisDocument, event: SbisEvent) {
  return {
    documentId: document.id,
    number: document.number,
    type: document.type,
    state: document.state,
    counterparty: document.counterparty,
    changeId: event.id,
    changedAt: event.at,
  };
}

function isBefore(event: SbisEvent, at: string | undefined): boolean {
  return !!at && !!event.at && event.at < at;
}

function readCursor(cursor: unknown, ctx: TriggerContext): SbisChangeCursor {
  if (cursor === undefined || cursor === null) return { since: ctx.now().toISOString() };
  const c = typeof cursor === 'object' && !Array.isArray(cursor) ? (cursor as Record<string, unknown>) : {};
  const str = (key: string) => (Object.hasOwn(c, key) && typeof c[key] === 'string' && c[key] ? (c[key] as string) : undefined);
  const eventId = str('eventId');
  const at = str('at');
  const since = str('since');
  if (eventId) return { eventId, ...(at && !Number.isNaN(Date.parse(at)) ? { at } : {}) };
  if (since && !Number.isNaN(Date.parse(since))) return { since };
  // Our own cursor never looks like this; starting afresh loses less than failing every poll.
  ctx.log.warn('SBIS poll cursor is not one this trigger wrote; listening from now on', { cursor: typeof cursor });
  return { since: ctx.now().toISOString() };
}
