import { defineNode, f, InputError } from '../../../sdk';
import { connectKonturBilling } from '../api';
import { mappingParam, readExtraFields, readMapping, toPortal } from '../mapping';
import { saleDefaults } from '../normalise';
import { konturBillingProps, saleValueParams, saleValues } from '../props';
import { sampleSale } from '../samples';

export const konturBillingCreatePotentialSale = defineNode({
  type: 'kontur-billing.createPotentialSale',
  kind: 'action',
  title: 'Create potential sale',
  category: 'CRM',
  connector: 'kontur-billing',
  description:
    'Registers a potential sale in the Kontur.Billing partner portal (client requisites, contact, order type, product, completion date, comment), at most once per external id: '
    + 'it first looks for a sale with this external id (your CRM deal id) and answers that one ("created" false) instead of creating a second, so a retried or repeated step never duplicates.',
  params: {
    connection: konturBillingProps.connection(),
    externalId: f.key({ label: 'External id', required: true, placeholder: '{{ $trigger.deal.id }}', description: 'Your CRM deal id; the portal keeps it, and it finds the sale again' }),
    ...saleValueParams,
    fieldMapping: mappingParam(saleDefaults, 'potential sale'),
  },
  sampleOutput: { created: true, sale: sampleSale },
  async run(ctx, params) {
    const values = saleValues(params);
    if (!values.externalId) throw new InputError('The external id (your CRM deal id) is required', { field: 'externalId' });
    if (!values.clientName) throw new InputError('The client\'s name is required to register a potential sale', { field: 'clientName' });
    if (!values.clientInn) throw new InputError('The client\'s INN is required to register a potential sale', { field: 'clientInn' });
    const mapping = readMapping(saleDefaults, params.fieldMapping);
    const body = toPortal(values, mapping, readExtraFields(params.extraFields));
    const portal = await connectKonturBilling(ctx, params.connection);

    const [existing] = await portal.findSales({ externalId: values.externalId }, mapping);
    if (existing) return { created: false, sale: existing };
    const created = await portal.createSale(body, mapping);
    if (created) return { created: true, sale: created };
    // 409: someone (a parallel run, a retry whose answer was lost) created it between our look-up and the post.
    const [raced] = await portal.findSales({ externalId: values.externalId }, mapping);
    if (raced) return { created: false, sale: raced };
    throw new InputError(`The portal refuses external id ${values.externalId} as taken, yet does not find it; check the mapping of externalId`, { field: 'externalId' });
  },
});
