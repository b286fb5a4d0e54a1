import { defineTrigger, triggerKeyFields } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props } from '../props';
import { sampleEvent, sampleInvoice } from '../samples';
import { SMART_INVOICE_ENTITY_TYPE_ID } from '../types';
import { claimChange } from './change';
import { receiveEvent } from './event';
import { readOrIgnore, received } from './load';

export const bitrix24InvoiceStageChanged = defineTrigger({
  type: 'bitrix24.invoiceStageChanged',
  title: 'Invoice status changed',
  category: 'CRM',
  connector: 'bitrix24',
  source: 'webhook',
  description:
    'Starts a run when a smart invoice moves to another stage (or to the chosen one, e.g. "Sent to client"). Send ONCRMDYNAMICITEMUPDATE and '
    + 'ONCRMDYNAMICITEMADD to https://<flowbridge>/hooks/<hook path>. The invoice is re-read inside the run and its stage compared with the last one this flow saw.',
  params: {
    connection: bitrix24Props.connection(),
    path: bitrix24Props.hookPath(),
    stageId: bitrix24Props.invoiceStage('Only invoices that reached this stage; empty: any stage change'),
    ...triggerKeyFields,
  },
  sampleOutput: { invoice: sampleInvoice, stage: { id: 'DT31_1:S', previousId: 'DT31_1:N' }, event: { ...sampleEvent, name: 'ONCRMDYNAMICITEMUPDATE', id: 1201, entityTypeId: 31 } },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  async receive(request, params, ctx) {
    const got = await receiveEvent(request, params.connection, ctx, { events: ['ONCRMDYNAMICITEMUPDATE', 'ONCRMDYNAMICITEMADD'], entityTypeId: SMART_INVOICE_ENTITY_TYPE_ID });
    return got && { output: got, businessKey: String(got.event.id) };
  },
  async load(ctx, output, params) {
    const { event, delivery } = received(output);
    const api = await connectBitrix24(ctx, params.connection);
    const read = await readOrIgnore(ctx, api.getInvoice(event.id), `Invoice ${event.id}`);
    if ('ignore' in read) return read;
    const invoice = read.found;
    const change = await claimChange(ctx.state, `invoice:${invoice.id}:stage`, invoice.stageId, delivery);
    if (!change.changed) return { discard: `Invoice ${invoice.id} is still at stage ${invoice.stageId}` };
    if (params.stageId && params.stageId !== invoice.stageId) return { discard: `Invoice ${invoice.id} moved to ${invoice.stageId}, not ${params.stageId}` };
    return { output: { invoice, stage: { id: invoice.stageId, previousId: change.previous }, event }, businessKey: String(invoice.id) };
  },
});
