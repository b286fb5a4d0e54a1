import { defineTrigger, triggerKeyFields } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props } from '../props';
import { sampleEvent, sampleInvoice } from '../samples';
import { SMART_INVOICE_ENTITY_TYPE_ID } from '../types';
import { claimChange } from './change';
import { receiveEvent } from './event';
import { readOrIgnore, received } from './load';

export const bitrix24InvoicePaid = defineTrigger({
  type: 'bitrix24.invoicePaid',
  title: 'Invoice paid',
  category: 'CRM',
  connector: 'bitrix24',
  source: 'webhook',
  description:
    'Starts a run when a smart invoice reaches a paid stage (a stage with the success semantics), e.g. to move the deal on and compute the commission. '
    + 'Send ONCRMDYNAMICITEMUPDATE and ONCRMDYNAMICITEMADD to https://<flowbridge>/hooks/<hook path>. Later edits of a paid invoice start nothing; '
    + 'it also records the business event bitrix24.invoice.paid keyed by the invoice id, for waits.',
  emits: ['bitrix24.invoice.paid'],
  params: {
    connection: bitrix24Props.connection(),
    path: bitrix24Props.hookPath(),
    ...triggerKeyFields,
  },
  sampleOutput: { invoice: { ...sampleInvoice, stageId: 'DT31_1:P', stageSemantic: 'S', paid: true }, stage: { id: 'DT31_1:P', previousId: 'DT31_1:S' }, event: { ...sampleEvent, name: 'ONCRMDYNAMICITEMUPDATE', id: 1201, entityTypeId: 31 } },
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
    // Tracked by stage, not by "paid": an invoice un-paid and paid again is paid twice.
    const change = await claimChange(ctx.state, `invoice:${invoice.id}:stage`, invoice.stageId, delivery);
    if (!change.changed) return { discard: `Invoice ${invoice.id} is still at stage ${invoice.stageId}` };
    if (!invoice.paid) return { discard: `Invoice ${invoice.id} moved to ${invoice.stageId}, which is not a paid stage` };
    return {
      output: { invoice, stage: { id: invoice.stageId, previousId: change.previous }, event },
      businessKey: String(invoice.id),
      event: { type: 'bitrix24.invoice.paid', key: String(invoice.id), data: { invoiceId: invoice.id, dealId: invoice.dealId, amount: invoice.opportunity } },
    };
  },
});
