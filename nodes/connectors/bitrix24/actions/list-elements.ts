import { defineNode, f } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { PAGE_SIZE } from '../client';
import { bitrix24Props, LISTS_SOURCE, requiredId } from '../props';

export const bitrix24ListElements = defineNode({
  type: 'bitrix24.listElements',
  kind: 'action',
  title: 'Read list items',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Reads the items of a Bitrix24 list (a reference book such as objects, rates or cleaning standards) to copy their data into a deal.',
  params: {
    connection: bitrix24Props.connection(),
    listId: f.dynamicSelect({ label: 'List', source: LISTS_SOURCE, required: true }),
    filter: f.keyValue({ label: 'Filter', description: 'Field → value, e.g. NAME → Office 12, or PROPERTY_118 → {{ $trigger.deal.fields.UF_CRM_OBJECT }}' }),
    maxItems: f.number({ label: 'At most', integer: true, min: 1, max: 5000, default: 500, description: 'Items are read 50 at a time' }),
  },
  sampleOutput: {
    items: [{ ID: '701', IBLOCK_ID: '41', NAME: 'Office 12, Baumana 5', PROPERTY_118: { '3401': '45000' } }],
    count: 1,
    truncated: false,
  },
  async run(ctx, params) {
    const listId = requiredId(params.listId, 'listId');
    const maxItems = params.maxItems ?? 500;
    const api = await connectBitrix24(ctx, params.connection);
    const page = await api.listElements(listId, { ...(params.filter ?? {}) }, Math.ceil(maxItems / PAGE_SIZE));
    const items = page.items.slice(0, maxItems);
    return { items, count: items.length, truncated: page.truncated || page.items.length > maxItems };
  },
});
