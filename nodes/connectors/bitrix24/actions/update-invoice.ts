import { defineNode, f, InputError } from '../../../sdk';
import { connectBitrix24, orMissing } from '../api';
import { bitrix24Props, fieldMap, requiredId } from '../props';
import { sampleInvoice } from '../samples';

export const bitrix24UpdateInvoice = defineNode({
  type: 'bitrix24.updateInvoice',
  kind: 'action',
  title: 'Update invoice',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Moves a Bitrix24 smart invoice to a stage (e.g. Paid) and/or writes its fields, such as a due date shifted to a working day.',
  params: {
    connection: bitrix24Props.connection(),
    invoiceId: bitrix24Props.invoiceId(),
    stageId: bitrix24Props.invoiceStage('Leave empty to keep the stage'),
    opportunity: f.number({ label: 'Amount', min: 0 }),
    closedate: f.date({ label: 'Pay by' }),
    fields: f.keyValue({ label: 'Other fields', description: 'Field → value in camelCase, e.g. ufCrm5_1725365197310 → Net 7' }),
  },
  sampleOutput: { invoice: sampleInvoice },
  async run(ctx, params) {
    const id = requiredId(params.invoiceId, 'invoiceId');
    const fields = fieldMap(params.fields, 'fields', 'camel');
    if (params.stageId) fields.stageId = params.stageId;
    if (params.opportunity !== undefined) fields.opportunity = params.opportunity;
    if (params.closedate) fields.closedate = params.closedate;
    if (!Object.keys(fields).length) throw new InputError('Nothing to update: choose a stage or fill in a field', { field: 'fields' });
    // No idempotency key needed: a retry writes the same values again.
    const api = await connectBitrix24(ctx, params.connection);
    return { invoice: await orMissing(api.updateInvoice(id, fields), `Invoice ${id}`, 'invoiceId') };
  },
});
