import { defineNode, f } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { PAGE_SIZE } from '../client';
import { bitrix24Props, optionalId } from '../props';
import { sampleInvoice } from '../samples';

export const bitrix24ListInvoices = defineNode({
  type: 'bitrix24.listInvoices',
  kind: 'action',
  title: 'List invoices',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Reads the smart invoices at a stage (e.g. "Sent to client"), of a deal or of a responsible person, e.g. to remind clients of unpaid invoices every morning.',
  params: {
    connection: bitrix24Props.connection(),
    stageId: bitrix24Props.invoiceStage('Only invoices at this stage; empty: any stage'),
    dealId: f.key({ label: 'Deal id', description: 'Only the invoices of this deal' }),
    assignedById: bitrix24Props.user('Responsible', 'Only the invoices of this person'),
    maxItems: f.number({ label: 'At most', integer: true, min: 1, max: 5000, default: 500, description: 'Invoices are read 50 at a time' }),
  },
  sampleOutput: { invoices: [sampleInvoice], count: 1, truncated: false },
  async run(ctx, params) {
    const filter: Record<string, unknown> = {};
    if (params.stageId) filter.stageId = params.stageId;
    const dealId = optionalId(params.dealId, 'dealId');
    if (dealId) filter.parentId2 = dealId;
    const assignee = optionalId(params.assignedById, 'assignedById');
    if (assignee) filter.assignedById = assignee;
    const maxItems = params.maxItems ?? 500;
    const api = await connectBitrix24(ctx, params.connection);
    const page = await api.listInvoices(filter, Math.ceil(maxItems / PAGE_SIZE));
    const invoices = page.items.slice(0, maxItems);
    return { invoices, count: invoices.length, truncated: page.truncated || page.items.length > maxItems };
  },
});
