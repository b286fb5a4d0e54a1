import { defineTrigger, triggerKeyFields } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props } from '../props';
import { sampleEvent, sampleInvoice } from '../samples';
import { SMART_INVOICE_ENTITY_TYPE_ID } from '../types';
import { receiveEvent } from './event';
import { readOrIgnore, received } from './load';

export const bitrix24InvoiceCreated = defineTrigger({
  type: 'bitrix24.invoiceCreated',
  title: 'Invoice created',
  category: 'CRM',
  connector: 'bitrix24',
  source: 'webhook',
  description:
    'Starts a run when a smart invoice is created in Bitrix24, e.g. to tell the head of department. Send the event ONCRMDYNAMICITEMADD '
    + 'to https://<flowbridge>/hooks/<hook path>; items of other types are ignored. (Old invoices, crm.invoice.*, are not supported.)',
  params: {
    connection: bitrix24Props.connection(),
    path: bitrix24Props.hookPath(),
    ...triggerKeyFields,
  },
  sampleOutput: { invoice: sampleInvoice, event: { ...sampleEvent, name: 'ONCRMDYNAMICITEMADD', id: 1201, entityTypeId: 31 } },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  async receive(request, params, ctx) {
    const got = await receiveEvent(request, params.connection, ctx, { events: ['ONCRMDYNAMICITEMADD'], entityTypeId: SMART_INVOICE_ENTITY_TYPE_ID });
    if (!got) return null;
    return { output: got, dedupeKey: `bitrix24:${got.event.domain ?? ''}:invoice:${got.event.id}:created`, businessKey: String(got.event.id) };
  },
  async load(ctx, output, params) {
    const { event } = received(output);
    const api = await connectBitrix24(ctx, params.connection);
    const read = await readOrIgnore(ctx, api.getInvoice(event.id), `Invoice ${event.id}`);
    if ('ignore' in read) return read;
    return { output: { invoice: read.found, event }, businessKey: String(read.found.id) };
  },
});
