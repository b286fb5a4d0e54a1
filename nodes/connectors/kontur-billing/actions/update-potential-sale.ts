import { defineNode, InputError } from '../../../sdk';
import { connectKonturBilling, orMissing } from '../api';
import { mappingParam, readExtraFields, readMapping, toPortal } from '../mapping';
import { saleDefaults } from '../normalise';
import { konturBillingProps, saleValueParams, saleValues } from '../props';
import { sampleSale } from '../samples';

export const konturBillingUpdatePotentialSale = defineNode({
  type: 'kontur-billing.updatePotentialSale',
  kind: 'action',
  title: 'Update potential sale',
  category: 'CRM',
  connector: 'kontur-billing',
  description: 'Changes a potential sale in the Kontur.Billing partner portal: only the fields given are sent, empty ones keep what the portal has.',
  params: {
    connection: konturBillingProps.connection(),
    saleId: konturBillingProps.saleId(),
    ...saleValueParams,
    fieldMapping: mappingParam(saleDefaults, 'potential sale'),
  },
  sampleOutput: sampleSale,
  async run(ctx, params) {
    const values = saleValues(params);
    const mapping = readMapping(saleDefaults, params.fieldMapping);
    const body = toPortal(values, mapping, readExtraFields(params.extraFields));
    if (!Object.keys(body).length) throw new InputError('Nothing to change: give at least one field of the potential sale');
    const portal = await connectKonturBilling(ctx, params.connection);
    return orMissing(portal.updateSale(params.saleId, body, mapping), `Potential sale ${params.saleId}`, 'saleId');
  },
});
