import { defineNode, f } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props, fieldMap, optionalId } from '../props';
import { sampleInvoice } from '../samples';

export const bitrix24CreateInvoice = defineNode({
  type: 'bitrix24.createInvoice',
  kind: 'action',
  title: 'Create invoice',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Creates a Bitrix24 smart invoice, linked to a deal. A retry finds the invoice an earlier attempt created (by its external code) instead of creating a second one.',
  params: {
    connection: bitrix24Props.connection(),
    dealId: f.key({ label: 'Deal id', placeholder: '{{ $trigger.deal.id }}', description: 'The deal the invoice belongs to' }),
    title: f.text({ label: 'Title', description: 'Empty: Bitrix24 numbers it' }),
    opportunity: f.number({ label: 'Amount', min: 0 }),
    currencyId: f.text({ label: 'Currency', placeholder: 'RUB' }),
    stageId: bitrix24Props.invoiceStage('Empty: the first stage'),
    companyId: f.key({ label: 'Company id' }),
    contactId: f.key({ label: 'Contact id' }),
    assignedById: bitrix24Props.user('Responsible', "Empty: the webhook's user"),
    closedate: f.date({ label: 'Pay by', description: 'Due date of the invoice' }),
    fields: f.keyValue({ label: 'Other fields', description: 'Field → value in camelCase, e.g. ufCrm5_1725365197310 → Net 7' }),
  },
  sampleOutput: { invoice: sampleInvoice, created: true },
  async run(ctx, params) {
    const api = await connectBitrix24(ctx, params.connection);
    // Bitrix24 does not deduplicate writes; the idempotency key rides along as the external code.
    const existing = ctx.attempt > 1 ? await api.findInvoiceByXmlId(ctx.idempotencyKey) : undefined;
    if (existing) return { invoice: existing, created: false };
    const fields: Record<string, unknown> = { ...fieldMap(params.fields, 'fields', 'camel'), xmlId: ctx.idempotencyKey };
    const dealId = optionalId(params.dealId, 'dealId');
    if (dealId) fields.parentId2 = dealId;
    if (params.title) fields.title = params.title;
    if (params.opportunity !== undefined) fields.opportunity = params.opportunity;
    if (params.currencyId) fields.currencyId = params.currencyId;
    if (params.stageId) fields.stageId = params.stageId;
    const companyId = optionalId(params.companyId, 'companyId');
    if (companyId) fields.companyId = companyId;
    const contactId = optionalId(params.contactId, 'contactId');
    if (contactId) fields.contactId = contactId;
    const assignee = optionalId(params.assignedById, 'assignedById');
    if (assignee) fields.assignedById = assignee;
    if (params.closedate) fields.closedate = params.closedate;
    return { invoice: await api.addInvoice(fields), created: true };
  },
});
