import { defineNode, f, InputError } from '../../../sdk';
import { connectAspro, type AsproApi, type NewInvoice } from '../api';
import { asproProps, optionalId, parseDay, parseId, parseMoney } from '../props';
import { sampleInvoice } from '../samples';
import { dayOf, field, positiveInt, text } from '../wire';

// A retry looks for the invoice an earlier attempt created among the customer's latest ones.
const RETRY_SEARCH_PAGES = 3;

export const asproCreateInvoice = defineNode({
  type: 'aspro.createInvoice',
  kind: 'action',
  title: 'Create invoice',
  category: 'Billing',
  connector: 'aspro',
  description: 'Creates an Aspro.Cloud invoice for a customer, e.g. a subscription renewal. A retry of the step finds the invoice an earlier attempt created instead of issuing a second one.',
  params: {
    connection: asproProps.connection(),
    customerId: asproProps.customerId(true),
    total: f.decimal({ label: 'Total', required: true, placeholder: '12500.00' }),
    invoiceDate: f.date({ label: 'Invoice date', description: 'Today when empty' }),
    dueDate: f.date({ label: 'Due date' }),
    description: f.text({ label: 'Description', multiline: true, description: 'Note printed on the invoice, e.g. "Subscription, March 2026 – March 2027"' }),
    currencyId: f.number({ label: 'Currency id', integer: true, min: 1, description: "Aspro.Cloud currency id; empty: the account's default" }),
    statusId: f.number({ label: 'Status id', integer: true, min: 1, description: 'Aspro.Cloud invoice status id; empty: the default for new invoices' }),
    customFields: f.keyValue({ label: 'Custom fields', description: 'cf_<id> → value, e.g. cf_12 → {{ $steps.renewal.endsAt }} for the subscription end date' }),
  },
  sampleOutput: { ...sampleInvoice, paid: false, paidAt: null, paidTotal: '0.00', resumed: false },
  async run(ctx, params) {
    const invoice: NewInvoice = {
      customerId: parseId(params.customerId, 'customerId'),
      total: parseMoney(params.total, 'total'),
      invoiceDate: params.invoiceDate ? parseDay(params.invoiceDate, 'invoiceDate') : ctx.now().toISOString().slice(0, 10),
      dueDate: params.dueDate ? parseDay(params.dueDate, 'dueDate') : undefined,
      description: params.description?.trim() || undefined,
      currencyId: optionalId(params.currencyId, 'currencyId'),
      statusId: optionalId(params.statusId, 'statusId'),
      customFields: customFields(params.customFields),
    };
    const aspro = await connectAspro(ctx, params.connection);
    // Aspro has no idempotency key: a retry after a lost answer first looks for what it created.
    const existing = ctx.attempt > 1 ? await findCreated(aspro, invoice) : undefined;
    const id = existing ?? await aspro.createInvoice(invoice);
    return { ...(await aspro.getInvoice(id)), resumed: existing !== undefined };
  },
});

function customFields(value: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value ?? {})) {
    if (!/^cf_\w{1,60}$/.test(key)) throw new InputError(`'${key}' is not an Aspro.Cloud custom field (cf_<id>)`, { field: 'customFields' });
    if (raw !== null && typeof raw === 'object') throw new InputError(`Custom field ${key} takes text, a number or a date`, { field: 'customFields' });
    out[key] = raw === null || raw === undefined ? '' : String(raw);
  }
  return out;
}

async function findCreated(aspro: AsproApi, invoice: NewInvoice): Promise<number | undefined> {
  const { items } = await aspro.listInvoices({ customer_id: invoice.customerId }, RETRY_SEARCH_PAGES);
  const match = items.filter((item) =>
    dayOf(field(item, 'invoice_date')) === invoice.invoiceDate
    && sameMoney(field(item, 'total'), invoice.total)
    && (text(field(item, 'note')) ?? undefined) === invoice.description);
  return match.map((item) => positiveInt(field(item, 'id'))).filter((id): id is number => !!id).sort((a, b) => b - a)[0];
}

function sameMoney(value: unknown, expected: string): boolean {
  const raw = text(value)?.replace(',', '.');
  return raw !== undefined && Number.isFinite(Number(raw)) && Number(raw).toFixed(2) === expected;
}
