import { defineNode, f, InputError } from '../../../sdk';
import { connectKonturBilling } from '../api';
import { mappingParam, readMapping } from '../mapping';
import { saleDefaults } from '../normalise';
import { konturBillingProps, saleValues } from '../props';
import { sampleSale } from '../samples';

export const konturBillingFindPotentialSale = defineNode({
  type: 'kontur-billing.findPotentialSale',
  kind: 'action',
  title: 'Find potential sale',
  category: 'CRM',
  connector: 'kontur-billing',
  sideEffects: false,
  description: 'Looks a potential sale up in the Kontur.Billing partner portal by its external id (your CRM deal id) or by the client\'s INN. "found" is false when there is none; "sales" lists every match (100 at most).',
  params: {
    connection: konturBillingProps.connection(),
    externalId: f.key({ label: 'External id', placeholder: '{{ $trigger.deal.id }}', description: 'Your CRM deal id; takes precedence over the INN' }),
    clientInn: f.text({ label: 'Client INN', placeholder: '7707083893' }),
    fieldMapping: mappingParam(saleDefaults, 'potential sale'),
  },
  sampleOutput: { found: true, sale: sampleSale, sales: [sampleSale], count: 1 },
  async run(ctx, params) {
    const values = saleValues({ externalId: params.externalId, clientInn: params.clientInn });
    if (!values.externalId && !values.clientInn) throw new InputError('Give the external id or the client\'s INN to look for', { field: 'externalId' });
    const mapping = readMapping(saleDefaults, params.fieldMapping);
    const portal = await connectKonturBilling(ctx, params.connection);
    const sales = await portal.findSales(values.externalId ? { externalId: values.externalId } : { inn: values.clientInn }, mapping);
    return { found: sales.length > 0, sale: sales[0] ?? null, sales, count: sales.length };
  },
});
