import { defineNode, f, InputError } from '../../../sdk';
import { connectAspro, PAGE_SIZE } from '../api';
import { normaliseInvoice } from '../normalise';
import { asproProps, fieldName, optionalId, parseDay } from '../props';
import { sampleInvoice } from '../samples';

const MAX_PAGES = 20;

export const asproListInvoices = defineNode({
  type: 'aspro.listInvoices',
  kind: 'action',
  title: 'List invoices',
  category: 'Billing',
  connector: 'aspro',
  sideEffects: false,
  description: `Lists Aspro.Cloud invoices by status, customer and invoice date, e.g. unpaid invoices older than a week. Reads at most "Pages" pages of ${PAGE_SIZE}; "truncated" says there were more.`,
  params: {
    connection: asproProps.connection(),
    statusId: f.number({ label: 'Status id', integer: true, min: 1, description: 'Only invoices in this status; empty: any' }),
    customerId: asproProps.customerId(false),
    paid: f.select({ label: 'Payment', options: [{ value: 'any', label: 'Paid or not' }, { value: 'paid', label: 'Paid only' }, { value: 'unpaid', label: 'Unpaid only' }], default: 'any' }),
    dateFrom: f.date({ label: 'Invoice date from' }),
    dateTo: f.date({ label: 'Invoice date to' }),
    subscriptionEndField: asproProps.subscriptionEndField(),
    maxPages: f.number({ label: 'Pages', integer: true, min: 1, max: MAX_PAGES, default: 5, description: `How many pages to read at most (1–${MAX_PAGES})` }),
  },
  sampleOutput: { items: [sampleInvoice], count: 1, total: 1, truncated: false },
  async run(ctx, params) {
    const from = params.dateFrom ? parseDay(params.dateFrom, 'dateFrom') : undefined;
    const to = params.dateTo ? parseDay(params.dateTo, 'dateTo') : undefined;
    if (from && to && from > to) throw new InputError(`The period starts (${from}) after it ends (${to})`, { field: 'dateTo' });
    const statusId = optionalId(params.statusId, 'statusId');
    const subscriptionEndField = fieldName(params.subscriptionEndField, 'subscriptionEndField');
    const aspro = await connectAspro(ctx, params.connection);
    const filter = { status_id: statusId, customer_id: optionalId(params.customerId, 'customerId') };
    const list = await aspro.listInvoices(filter, Math.min(params.maxPages ?? 5, MAX_PAGES));
    // Aspro ignores filters it does not support without saying so, and has none for date ranges: all are checked here too.
    const items = list.items
      .map((wire) => normaliseInvoice(wire, { subscriptionEndField }))
      .filter((i) => (!statusId || i.statusId === statusId) && (!filter.customer_id || i.customerId === filter.customer_id))
      .filter((i) => (!from || (i.date !== null && i.date >= from)) && (!to || (i.date !== null && i.date <= to)))
      .filter((i) => params.paid === 'paid' ? i.paid : params.paid === 'unpaid' ? !i.paid : true);
    return { items, count: items.length, total: list.total ?? null, truncated: list.truncated };
  },
});
