import { defineNode } from '../../../sdk';
import { connectAspro, orMissing } from '../api';
import { asproProps, fieldName, parseId } from '../props';
import { sampleInvoice } from '../samples';

export const asproGetInvoice = defineNode({
  type: 'aspro.getInvoice',
  kind: 'action',
  title: 'Get invoice',
  category: 'Billing',
  connector: 'aspro',
  sideEffects: false,
  description: 'Reads an Aspro.Cloud invoice: number, dates, totals, whether it is paid and, from the field you name, when the subscription it bills ends.',
  params: {
    connection: asproProps.connection(),
    invoiceId: asproProps.invoiceId(),
    subscriptionEndField: asproProps.subscriptionEndField(),
  },
  sampleOutput: sampleInvoice,
  async run(ctx, params) {
    const id = parseId(params.invoiceId, 'invoiceId');
    const subscriptionEndField = fieldName(params.subscriptionEndField, 'subscriptionEndField');
    const aspro = await connectAspro(ctx, params.connection);
    return orMissing(aspro.getInvoice(id, { subscriptionEndField }), `Invoice ${id}`, 'invoiceId');
  },
});
