import { defineTrigger, triggerKeyFields, type TriggerResult } from '../../../sdk';
import { connectKonturBilling, type KonturBillingApi } from '../api';
import { isNotFound } from '../../../sdk';
import { mappingParam, readMapping, type Mapping, type SaleField } from '../mapping';
import { invoiceDefaults, saleDefaults, type Invoice } from '../normalise';
import { konturBillingProps } from '../props';
import { sampleInvoice } from '../samples';
import { readChanges, readCursor } from './changes';

export const INVOICE_PAID_EVENT = 'kontur.invoice.paid';
// An invoice without the deal id names its potential sale; that many sales are read per poll at most.
const MAX_SALE_READS = 50;

export const konturBillingInvoicePaid = defineTrigger({
  type: 'kontur-billing.invoicePaid',
  title: 'Invoice paid',
  category: 'CRM',
  connector: 'kontur-billing',
  source: 'poll',
  pollEveryMs: 60_000,
  emits: [INVOICE_PAID_EVENT],
  description:
    'Starts a run for each invoice the Kontur.Billing partner portal reports paid (read every minute), once per invoice however often it is reported. '
    + 'It also raises the event kontur.invoice.paid keyed by the invoice id, carrying your CRM deal id (externalId), which "Wait for event" steps can wait on.',
  params: {
    connection: konturBillingProps.connection(),
    fieldMapping: mappingParam(invoiceDefaults, 'invoice'),
    saleFieldMapping: mappingParam(saleDefaults, 'potential sale', 'Potential sale field mapping'),
    ...triggerKeyFields,
  },
  sampleOutput: { invoice: sampleInvoice },
  async poll(ctx, params, cursor) {
    const from = readCursor(cursor, ctx);
    const mapping = readMapping(invoiceDefaults, params.fieldMapping);
    const saleMapping = readMapping(saleDefaults, params.saleFieldMapping, 'saleFieldMapping');
    const portal = await connectKonturBilling(ctx, params.connection);
    const { items, cursor: next } = await readChanges(from, (c) => portal.invoicesPaid(c, mapping),
      (invoice) => (invoice.id && invoice.paidAt ? { id: invoice.id, at: invoice.paidAt } : undefined), ctx, 'paid invoices');
    const dealIds = externalIds(portal, saleMapping);
    const results: TriggerResult[] = [];
    for (const invoice of items) {
      // The status filter is assumed: an invoice the portal sent that is not paid is no payment.
      if (!invoice.paid) continue;
      results.push(toResult({ ...invoice, externalId: invoice.externalId ?? await dealIds(invoice.potentialSaleId) }));
    }
    return { results, cursor: next };
  },
});

/** The deal id of a potential sale, read once per poll per sale, for invoices that do not carry it. */
function externalIds(portal: KonturBillingApi, mapping: Mapping<SaleField>) {
  const known = new Map<string, string | null>();
  return async (saleId: string | null): Promise<string | null> => {
    if (!saleId) return null;
    if (known.has(saleId)) return known.get(saleId)!;
    if (known.size >= MAX_SALE_READS) return null;
    try {
      const sale = await portal.getSale(saleId, mapping);
      known.set(saleId, sale.externalId);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      known.set(saleId, null);
    }
    return known.get(saleId)!;
  };
}

function toResult(invoice: Invoice): TriggerResult {
  return {
    output: { invoice },
    // Keyed by the invoice alone: an invoice reported paid again (or edited after) starts nothing.
    dedupeKey: `${invoice.id}:paid`,
    businessKey: invoice.externalId ?? invoice.id,
    event: {
      type: INVOICE_PAID_EVENT,
      key: invoice.id,
      data: { invoiceId: invoice.id, number: invoice.number, externalId: invoice.externalId, potentialSaleId: invoice.potentialSaleId, amount: invoice.amount, currency: invoice.currency, paidAt: invoice.paidAt },
    },
  };
}
