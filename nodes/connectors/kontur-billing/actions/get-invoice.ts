import { defineNode, f } from '../../../sdk';
import { connectKonturBilling, orMissing } from '../api';
import { mappingParam, readMapping } from '../mapping';
import { invoiceDefaults } from '../normalise';
import { konturBillingProps } from '../props';
import { sampleInvoice } from '../samples';

export const konturBillingGetInvoice = defineNode({
  type: 'kontur-billing.getInvoice',
  kind: 'action',
  title: 'Get invoice',
  category: 'CRM',
  connector: 'kontur-billing',
  sideEffects: false,
  description: 'Reads an invoice from the Kontur.Billing partner portal with its status and payments; "paid" says whether it is paid.',
  params: {
    connection: konturBillingProps.connection(),
    invoiceId: f.key({ label: 'Invoice id', required: true, placeholder: '{{ $trigger.invoice.id }}' }),
    fieldMapping: mappingParam(invoiceDefaults, 'invoice'),
  },
  sampleOutput: sampleInvoice,
  async run(ctx, params) {
    const mapping = readMapping(invoiceDefaults, params.fieldMapping);
    const portal = await connectKonturBilling(ctx, params.connection);
    return orMissing(portal.getInvoice(params.invoiceId, mapping), `Invoice ${params.invoiceId}`, 'invoiceId');
  },
});
