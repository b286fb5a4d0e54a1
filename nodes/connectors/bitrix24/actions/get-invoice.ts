import { defineNode } from '../../../sdk';
import { connectBitrix24, orMissing } from '../api';
import { bitrix24Props, requiredId } from '../props';
import { sampleInvoice } from '../samples';

export const bitrix24GetInvoice = defineNode({
  type: 'bitrix24.getInvoice',
  kind: 'action',
  title: 'Get invoice',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Reads a Bitrix24 smart invoice: stage, whether it is paid, amount, deal and custom fields.',
  params: {
    connection: bitrix24Props.connection(),
    invoiceId: bitrix24Props.invoiceId(),
  },
  sampleOutput: { invoice: sampleInvoice },
  async run(ctx, params) {
    const id = requiredId(params.invoiceId, 'invoiceId');
    const api = await connectBitrix24(ctx, params.connection);
    return { invoice: await orMissing(api.getInvoice(id), `Invoice ${id}`, 'invoiceId') };
  },
});
