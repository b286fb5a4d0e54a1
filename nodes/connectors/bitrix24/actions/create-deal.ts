import { defineNode, f } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props, fieldMap, optionalId } from '../props';

/** Names Flowbridge as the integration that made a deal, the way Bitrix24 marks deals from outside systems. */
const ORIGINATOR = 'flowbridge';

/**
 * Creates a deal for a record of another system (a partner portal's sale): marked with
 * ORIGINATOR_ID/ORIGIN_ID, so a retried step — or the same record announced twice — finds the deal
 * it made instead of making a second one. Bitrix24 has no idempotency key of its own.
 */
export const bitrix24CreateDeal = defineNode({
  type: 'bitrix24.createDeal',
  kind: 'action',
  title: 'Create deal',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Creates a Bitrix24 deal for a record of another system, e.g. a potential sale of a partner portal. The record\'s id is kept on the deal (ORIGIN_ID), so the same record never makes two deals.',
  params: {
    connection: bitrix24Props.connection(),
    originId: f.key({ label: 'Id of the record in the other system', description: 'E.g. {{ $trigger.sale.id }}; empty: this step\'s own key (a retry still finds its deal)' }),
    title: f.text({ label: 'Deal name', required: true }),
    stageId: bitrix24Props.dealStage('Empty: the first stage of the pipeline'),
    opportunity: f.number({ label: 'Amount', min: 0 }),
    assignedById: bitrix24Props.user('Responsible', 'Empty: the webhook\'s user'),
    comments: f.text({ label: 'Comment', multiline: true }),
    fields: f.keyValue({ label: 'Other fields', description: 'Field code → value, e.g. UF_CRM_INN → {{ $trigger.sale.clientInn }}' }),
  },
  sampleOutput: { dealId: 512, created: true, originId: 'PS-1001' },
  async run(ctx, params) {
    const originId = params.originId?.trim() || ctx.idempotencyKey;
    const api = await connectBitrix24(ctx, params.connection);
    const [existing] = await api.dealsByOrigin(ORIGINATOR, originId);
    if (existing) return { dealId: existing.id, created: false, originId };
    const fields = fieldMap(params.fields, 'fields', 'upper');
    fields.TITLE = params.title;
    if (params.stageId) fields.STAGE_ID = params.stageId;
    if (params.opportunity !== undefined) fields.OPPORTUNITY = params.opportunity;
    const assignee = optionalId(params.assignedById, 'assignedById');
    if (assignee) fields.ASSIGNED_BY_ID = assignee;
    if (params.comments) fields.COMMENTS = params.comments;
    fields.ORIGINATOR_ID = ORIGINATOR;
    fields.ORIGIN_ID = originId;
    return { dealId: await api.addDeal(fields), created: true, originId };
  },
});
