import { defineNode, f, InputError } from '../../../sdk';
import { connectBitrix24, orMissing } from '../api';
import { bitrix24Props, DEAL_FIELDS_SOURCE, fieldMap, optionalId, requiredId } from '../props';

export const bitrix24UpdateDeal = defineNode({
  type: 'bitrix24.updateDeal',
  kind: 'action',
  title: 'Update deal',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Moves a Bitrix24 deal to a stage and/or writes its fields (e.g. the payment link). Writing the same values twice changes nothing, so a retry is harmless.',
  params: {
    connection: bitrix24Props.connection(),
    dealId: bitrix24Props.dealId(),
    stageId: bitrix24Props.dealStage('Leave empty to keep the stage'),
    title: f.text({ label: 'Deal name' }),
    opportunity: f.number({ label: 'Amount', min: 0 }),
    assignedById: bitrix24Props.user('Responsible', 'Leave empty to keep the responsible person'),
    field: f.dynamicSelect({ label: 'Field', source: DEAL_FIELDS_SOURCE, description: 'One more field to write, e.g. a custom "Payment link" field' }),
    value: f.text({ label: 'Value', description: 'Value for the chosen field; empty clears it' }),
    fields: f.keyValue({ label: 'Other fields', description: 'Field code → value, e.g. UF_CRM_1725365197310 → {{ $steps.invoice.url }}' }),
    registerEvent: f.boolean({ label: 'Show in the activity stream', default: false }),
  },
  sampleOutput: { dealId: 410, updated: ['STAGE_ID', 'UF_CRM_1725365197310'] },
  async run(ctx, params) {
    const id = requiredId(params.dealId, 'dealId');
    const fields = fieldMap(params.fields, 'fields', 'upper');
    if (params.stageId) fields.STAGE_ID = params.stageId;
    if (params.title) fields.TITLE = params.title;
    if (params.opportunity !== undefined) fields.OPPORTUNITY = params.opportunity;
    const assignee = optionalId(params.assignedById, 'assignedById');
    if (assignee) fields.ASSIGNED_BY_ID = assignee;
    if (params.field) Object.assign(fields, fieldMap({ [params.field]: params.value ?? '' }, 'field', 'upper'));
    if (!Object.keys(fields).length) throw new InputError('Nothing to update: choose a stage or fill in a field', { field: 'fields' });
    const api = await connectBitrix24(ctx, params.connection);
    await orMissing(api.updateDeal(id, fields, params.registerEvent === true), `Deal ${id}`, 'dealId');
    return { dealId: id, updated: Object.keys(fields) };
  },
});
