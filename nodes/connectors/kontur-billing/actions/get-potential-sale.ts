import { defineNode } from '../../../sdk';
import { connectKonturBilling, orMissing } from '../api';
import { mappingParam, readMapping } from '../mapping';
import { saleDefaults } from '../normalise';
import { konturBillingProps } from '../props';
import { sampleSale } from '../samples';

export const konturBillingGetPotentialSale = defineNode({
  type: 'kontur-billing.getPotentialSale',
  kind: 'action',
  title: 'Get potential sale',
  category: 'CRM',
  connector: 'kontur-billing',
  sideEffects: false,
  description: 'Reads a potential sale from the Kontur.Billing partner portal by its id.',
  params: {
    connection: konturBillingProps.connection(),
    saleId: konturBillingProps.saleId(),
    fieldMapping: mappingParam(saleDefaults, 'potential sale'),
  },
  sampleOutput: sampleSale,
  async run(ctx, params) {
    const mapping = readMapping(saleDefaults, params.fieldMapping);
    const portal = await connectKonturBilling(ctx, params.connection);
    return orMissing(portal.getSale(params.saleId, mapping), `Potential sale ${params.saleId}`, 'saleId');
  },
});
