import { defineTrigger, f, triggerKeyFields, type TriggerContext, type TriggerResult } from '../../../sdk';
import { connectAspro } from '../api';
import { isPaid, normaliseInvoice } from '../normalise';
import { asproProps, fieldName, optionalId } from '../props';
import { sampleInvoice } from '../samples';
import { field, positiveInt, timeKey, type Json } from '../wire';

export const PAID_EVENT = 'aspro.invoice.paid';
// 500 invoices per poll; a larger account is read over several polls.
export const MAX_PAGES_PER_POLL = 5;
// Ids sharing the last update second: enough for any burst a person or an import makes.
const MAX_TIE_IDS = 1000;

/**
 * Aspro.Cloud cannot list invoices ordered or filtered by change time, so each poll reads the list a
 * few pages at a time; once it has read all of it, `watermark` moves to the latest update seen. An
 * invoice counts as new when it was updated after the watermark (or in its very second, and not
 * among `ids`), so a payment is noticed by the update it makes, whatever date the payment carries.
 */
export interface AsproPaidCursor {
  /** Latest update read in full; '' once a full read found no invoice at all (every later one is new). */
  watermark: string | null;
  ids: number[];
  /** The read under way: the next page, and the latest update seen on the pages read so far. */
  scan?: { page: number; high: string | null; highIds: number[]; seen: number };
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
    const scan = from.scan ? { ...from.scan, highIds: [...from.scan.highIds] } : { page: 1, high: from.watermark, highIds: [...from.ids], seen: 0 };
    const paid = new Map<number, Json>();
    let complete = false;

    for (let read = 0; read < MAX_PAGES_PER_POLL; read++) {
      const page = await aspro.invoicePage(scan.page, { status_id: paidStatusId });
      for (const item of page.items) {
        const id = positiveInt(field(item, 'id'));
        const updated = changeKey(item);
        if (!id || !updated) continue;
        if (!from.baseline && isNewer(updated, id, from) && isPaid(item, paidStatusId)) paid.set(id, item);
        if (scan.high === null || updated > scan.high) {
          scan.high = updated;
          scan.highIds = [id];
        } else if (updated === scan.high && !scan.highIds.includes(id) && scan.highIds.length < MAX_TIE_IDS) {
          scan.highIds.push(id);
        }
      }
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
      ? { watermark: scan.high ?? '', ids: scan.highIds }
      : { watermark: from.watermark, ids: from.ids, scan, ...(from.baseline ? { baseline: true } : {}) };
    if (!complete) ctx.log.info('Aspro.Cloud has more invoices than one poll reads; the next poll goes on reading', { nextPage: scan.page });
    return { results, cursor: next };
  },
});

/** When the invoice last changed; an invoice that never says falls back to its payment date. */
function changeKey(item: Json): string | undefined {
  return timeKey(field(item, 'updated_date')) ?? timeKey(field(item, 'paid_date'));
}

function isNewer(updated: string, id: number, cursor: AsproPaidCursor): boolean {
  if (cursor.watermark === null) return true;
  return updated > cursor.watermark || (updated === cursor.watermark && !cursor.ids.includes(id));
}

function paidKey(invoice: { paidAt: string | null; updatedAt: string | null }): string {
  return timeKey(invoice.paidAt) ?? invoice.updatedAt ?? '';
}

function readCursor(cursor: unknown, ctx: TriggerContext): AsproPaidCursor {
  if (cursor === undefined || cursor === null) return { watermark: null, ids: [], baseline: true };
  const c = typeof cursor === 'object' && !Array.isArray(cursor) ? (cursor as Record<string, unknown>) : undefined;
  const ids = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is number => Number.isSafeInteger(v) && v > 0).slice(0, MAX_TIE_IDS) : []);
  const key = (value: unknown) => (typeof value === 'string' ? timeKey(value) ?? null : null);
  if (c && Object.hasOwn(c, 'watermark') && (c.watermark === null || c.watermark === '' || key(c.watermark))) {
    const raw = Object.hasOwn(c, 'scan') && c.scan && typeof c.scan === 'object' ? (c.scan as Record<string, unknown>) : undefined;
    const page = raw && Number.isSafeInteger(raw.page) && (raw.page as number) > 0 ? (raw.page as number) : undefined;
    const scan = raw && page ? { page, high: key(raw.high), highIds: ids(raw.highIds), seen: Number.isSafeInteger(raw.seen) ? (raw.seen as number) : 0 } : undefined;
    return {
      watermark: c.watermark === '' ? '' : key(c.watermark),
      ids: ids(c.ids),
      ...(scan ? { scan } : {}),
      ...(c.baseline === true ? { baseline: true } : {}),
    };
  }
  // Our own cursor never looks like this; learning "now" again loses less than failing every poll.
  ctx.log.warn('Aspro.Cloud poll cursor is not one this trigger wrote; starting afresh', { cursor: typeof cursor });
  return { watermark: null, ids: [], baseline: true };
}
