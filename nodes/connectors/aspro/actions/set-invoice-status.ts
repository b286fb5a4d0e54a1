import { defineNode, f } from '../../../sdk';
import { connectAspro, orMissing } from '../api';
import { asproProps, parseId } from '../props';
import { sampleInvoice } from '../samples';

export const asproSetInvoiceStatus = defineNode({
  type: 'aspro.setInvoiceStatus',
  kind: 'action',
  title: 'Set invoice status',
  category: 'Billing',
  connector: 'aspro',
  description: 'Moves an Aspro.Cloud invoice to a status, e.g. "Paid" once the payment system confirmed the payment. Status ids are per account: see Finance → Settings → Invoice statuses.',
  params: {
    connection: asproProps.connection(),
    invoiceId: asproProps.invoiceId(),
    statusId: f.number({ label: 'Status id', required: true, integer: true, min: 1 }),
  },
  sampleOutput: sampleInvoice,
  async run(ctx, params) {
    const id = parseId(params.invoiceId, 'invoiceId');
    const aspro = await connectAspro(ctx, params.connection);
    // Setting a status twice changes nothing, so a retry simply sets it again.
    await orMissing(aspro.updateInvoice(id, { status_id: params.statusId }, { status_id: 'statusId' }), `Invoice ${id}`, 'invoiceId');
    return aspro.getInvoice(id);
  },
});
