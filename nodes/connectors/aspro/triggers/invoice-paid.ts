import { defineTrigger, f, triggerKeyFields, type TriggerContext, type TriggerResult } from '../../../sdk';
import { connectAspro } from '../api';
import { isPaid, normaliseInvoice } from '../normalise';
import { asproProps, fieldName, optionalId } from '../props';
import { sampleInvoice } from '../samples';
import { field, positiveInt, timeKey, type Json } from '../wire';

export const PAID_EVENT = 'aspro.invoice.paid';
// 500 invoices per poll; a larger account is read over several polls.
export const MAX_PAGES_PER_POLL = 5;
/**
 * An invoice paid on a page already read, while later pages are still being read, may carry an
 * update time below the new watermark. Updates this close under the watermark are checked again
 * against the (id, update) pairs actually seen, so such a payment is caught by the next read,
 * while what was seen is not delivered twice. Must exceed how long one full read takes.
 */
export const RECHECK_MINUTES = 30;
// Bounds the cursor; an account updating more invoices than this in half an hour may see repeats (same dedupe keys).
const MAX_RECENT = 1000;
const PAID_MARK = '#paid';

/**
 * Aspro.Cloud cannot list invoices ordered or filtered by change time, so each poll reads the list a
 * few pages at a time; once it has read all of it, `watermark` moves to the latest update seen. An
 * invoice counts as new when it was updated after the watermark, or shortly before it in an update
 * not among `recent`; a payment is noticed by the update it makes, whatever date the payment carries.
 */
export interface AsproPaidCursor {
  /** Latest update read in full; '' once a full read found no invoice at all (every later one is new). */
  watermark: string | null;
  /** `id@update` (`#paid` when it was paid then) of invoices seen updated within RECHECK_MINUTES under the watermark. */
  recent: string[];
  /** The read under way: the next page, the latest update and the recent updates seen so far. */
  scan?: { page: number; high: string | null; recent: string[]; seen: number };
  /** The first full read only learns where "now" is: invoices paid before the flow listened start nothing. */
  baseline?: boolean;
}

export const asproInvoicePaid = defineTrigger({
  type: 'aspro.invoicePaid',
  title: 'Invoice paid',
  category: 'Billing',
  connector: 'aspro',
  source: 'poll',
  pollEveryMs: 60_000,
  emits: [PAID_EVENT],
  description:
    'Starts a run for each Aspro.Cloud invoice that becomes paid, found by reading the invoice list every minute (Aspro.Cloud sends no payment webhooks). '
    + 'Also raises the event aspro.invoice.paid keyed by the invoice id, which "Wait for event" steps can wait on. Invoices paid before the flow was published start nothing.',
  params: {
    connection: asproProps.connection(),
    paidStatusId: f.number({
      label: 'Paid status id',
      integer: true,
      min: 1,
      description: 'Your account\'s status id for paid invoices; empty: paid means a payment date and payments covering the total',
    }),
    subscriptionEndField: asproProps.subscriptionEndField(),
    ...triggerKeyFields,
  },
  sampleOutput: { invoice: sampleInvoice },
  async poll(ctx, params, cursor) {
    const from = readCursor(cursor, ctx);
    const paidStatusId = optionalId(params.paidStatusId, 'paidStatusId');
    const subscriptionEndField = fieldName(params.subscriptionEndField, 'subscriptionEndField');
    const aspro = await connectAspro(ctx, params.connection);
    const scan = from.scan ? { ...from.scan, recent: [...from.scan.recent] } : { page: 1, high: from.watermark, recent: [] as string[], seen: 0 };
    const recent = new Set(from.recent);
    const paid = new Map<number, Json>();
    let complete = false;

    for (let read = 0; read < MAX_PAGES_PER_POLL; read++) {
      const page = await aspro.invoicePage(scan.page, { status_id: paidStatusId });
      for (const item of page.items) {
        const id = positiveInt(field(item, 'id'));
        const updated = changeKey(item);
        if (!id || !updated) continue;
        const paidNow = isPaid(item, paidStatusId);
        // Seen-as-paid differs from seen-as-unpaid: a payment in the very second of the last read still counts.
        const pair = `${id}@${updated}${paidNow ? PAID_MARK : ''}`;
        if (!from.baseline && paidNow && isNewer(updated, pair, from.watermark, recent)) paid.set(id, item);
        if (scan.high === null || scan.high === '' || updated > scan.high) scan.high = updated;
        scan.recent.push(pair);
      }
      scan.recent = keepRecent(scan.recent, scan.high);
      scan.seen += page.items.length;
      scan.page++;
      if (!page.items.length || (page.total !== undefined && scan.seen >= page.total)) {
        complete = true;
        break;
      }
    }

    const results = [...paid.values()]
      .map((wire) => normaliseInvoice(wire, { subscriptionEndField, paidStatusId }))
      .sort((a, b) => (paidKey(a) < paidKey(b) ? -1 : paidKey(a) > paidKey(b) ? 1 : a.id - b.id))
      .map((invoice): TriggerResult => ({
        output: { invoice },
        dedupeKey: `${invoice.id}:${invoice.paidAt ?? invoice.updatedAt}`,
        businessKey: String(invoice.id),
        event: { type: PAID_EVENT, key: String(invoice.id), data: invoice },
      }));
    const next: AsproPaidCursor = complete
      ? { watermark: scan.high ?? '', recent: scan.recent }
      : { watermark: from.watermark, recent: from.recent, scan, ...(from.baseline ? { baseline: true } : {}) };
    if (!complete) ctx.log.info('Aspro.Cloud has more invoices than one poll reads; the next poll goes on reading', { nextPage: scan.page });
    return { results, cursor: next };
  },
});

/** When the invoice last changed; an invoice that never says falls back to its payment date. */
function changeKey(item: Json): string | undefined {
  return timeKey(field(item, 'updated_date')) ?? timeKey(field(item, 'paid_date'));
}

function isNewer(updated: string, pair: string, watermark: string | null, recent: Set<string>): boolean {
  if (watermark === null || watermark === '' || updated > watermark) return true;
  return updated >= minutesBefore(watermark, RECHECK_MINUTES) && !recent.has(pair);
}

/** The (id, update) pairs within the re-check window under `high`, newest kept when there are too many. */
function keepRecent(pairs: string[], high: string | null): string[] {
  if (!high) return [];
  const floor = minutesBefore(high, RECHECK_MINUTES);
  const inWindow = [...new Set(pairs)].filter((pair) => updateOf(pair) >= floor);
  return inWindow.length <= MAX_RECENT ? inWindow : inWindow.sort((a, b) => updateOf(b).localeCompare(updateOf(a))).slice(0, MAX_RECENT);
}

function updateOf(pair: string): string {
  return pair.slice(pair.indexOf('@') + 1, pair.indexOf('@') + 20);
}

/** Aspro times carry no zone; both sides of a comparison are the account's, so plain arithmetic holds. */
function minutesBefore(key: string, minutes: number): string {
  const at = Date.parse(`${key.replace(' ', 'T')}Z`);
  return Number.isNaN(at) ? key : new Date(at - minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

function paidKey(invoice: { paidAt: string | null; updatedAt: string | null }): string {
  return timeKey(invoice.paidAt) ?? invoice.updatedAt ?? '';
}

function readCursor(cursor: unknown, ctx: TriggerContext): AsproPaidCursor {
  if (cursor === undefined || cursor === null) return { watermark: null, recent: [], baseline: true };
  const c = typeof cursor === 'object' && !Array.isArray(cursor) ? (cursor as Record<string, unknown>) : undefined;
  const pairs = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && /^\d+@\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(#paid)?$/.test(v)).slice(0, MAX_RECENT) : []);
  const key = (value: unknown) => (typeof value === 'string' ? timeKey(value) ?? null : null);
  if (c && Object.hasOwn(c, 'watermark') && (c.watermark === null || c.watermark === '' || key(c.watermark))) {
    const raw = Object.hasOwn(c, 'scan') && c.scan && typeof c.scan === 'object' ? (c.scan as Record<string, unknown>) : undefined;
    const page = raw && Number.isSafeInteger(raw.page) && (raw.page as number) > 0 ? (raw.page as number) : undefined;
    const scan = raw && page ? { page, high: raw.high === '' ? '' : key(raw.high), recent: pairs(raw.recent), seen: Number.isSafeInteger(raw.seen) ? (raw.seen as number) : 0 } : undefined;
    return {
      watermark: c.watermark === '' ? '' : key(c.watermark),
      recent: pairs(c.recent),
      ...(scan ? { scan } : {}),
      ...(c.baseline === true ? { baseline: true } : {}),
    };
  }
  // Our own cursor never looks like this; learning "now" again loses less than failing every poll.
  ctx.log.warn('Aspro.Cloud poll cursor is not one this trigger wrote; starting afresh', { cursor: typeof cursor });
  return { watermark: null, recent: [], baseline: true };
}
