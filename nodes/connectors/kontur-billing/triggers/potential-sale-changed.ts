import { defineTrigger, f, triggerKeyFields, type TriggerResult } from '../../../sdk';
import { connectKonturBilling } from '../api';
import { mappingParam, readMapping } from '../mapping';
import { saleDefaults, type PotentialSale } from '../normalise';
import { konturBillingProps } from '../props';
import { sampleSale } from '../samples';
import { readChanges, readCursor } from './changes';

export const konturBillingPotentialSaleChanged = defineTrigger({
  type: 'kontur-billing.potentialSaleChanged',
  title: 'Potential sale created or changed',
  category: 'CRM',
  connector: 'kontur-billing',
  source: 'poll',
  pollEveryMs: 60_000,
  description:
    'Starts a run for each potential sale registered or changed in the Kontur.Billing partner portal since the last poll (read every minute, in the order of their change time), once per change. '
    + '"change" says whether it is new; "sale.externalId" is your CRM deal id when the sale came from the CRM.',
  params: {
    connection: konturBillingProps.connection(),
    only: f.select({ label: 'Changes', options: [{ value: 'all', label: 'New and changed' }, { value: 'created', label: 'New only' }, { value: 'updated', label: 'Changed only' }], default: 'all' }),
    fieldMapping: mappingParam(saleDefaults, 'potential sale'),
    ...triggerKeyFields,
  },
  sampleOutput: { change: 'created', sale: sampleSale },
  async poll(ctx, params, cursor) {
    const from = readCursor(cursor, ctx);
    const mapping = readMapping(saleDefaults, params.fieldMapping);
    const portal = await connectKonturBilling(ctx, params.connection);
    const { items, cursor: next } = await readChanges(from, (c) => portal.salesChanged(c, mapping),
      (sale) => (sale.id && sale.updatedAt ? { id: sale.id, at: sale.updatedAt } : undefined), ctx, 'potential sales');
    const only = params.only ?? 'all';
    const results = items.map(toResult).filter((r) => only === 'all' || (r.output as { change: string }).change === only);
    return { results, cursor: next };
  },
});

function toResult(sale: PotentialSale): TriggerResult {
  const change = sale.createdAt && sale.createdAt === sale.updatedAt ? 'created' : 'updated';
  // One run per version of the sale: the same version read again (a restart) starts nothing.
  return { output: { change, sale }, dedupeKey: `${sale.id}@${sale.updatedAt}`, businessKey: sale.externalId ?? sale.id };
}
