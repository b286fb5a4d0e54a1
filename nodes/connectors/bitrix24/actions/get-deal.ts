import { defineNode } from '../../../sdk';
import { connectBitrix24, orMissing } from '../api';
import { bitrix24Props, requiredId } from '../props';
import { sampleDeal } from '../samples';

export const bitrix24GetDeal = defineNode({
  type: 'bitrix24.getDeal',
  kind: 'action',
  title: 'Get deal',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Reads a Bitrix24 deal with its stage, amount, responsible and every custom field (UF_CRM_…).',
  params: {
    connection: bitrix24Props.connection(),
    dealId: bitrix24Props.dealId(),
  },
  sampleOutput: { deal: sampleDeal },
  async run(ctx, params) {
    const id = requiredId(params.dealId, 'dealId');
    const api = await connectBitrix24(ctx, params.connection);
    return { deal: await orMissing(api.getDeal(id), `Deal ${id}`, 'dealId') };
  },
});
