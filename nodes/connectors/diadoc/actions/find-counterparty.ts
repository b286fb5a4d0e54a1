import { defineNode, f } from '../../../sdk';
import { connectDiadoc } from '../api';
import { diadocProps, optionalKpp, requireInn } from '../props';
import { sampleOrganization } from '../samples';

export const diadocFindCounterparty = defineNode({
  type: 'diadoc.findCounterparty',
  kind: 'action',
  title: 'Find counterparty',
  category: 'Documents',
  connector: 'diadoc',
  sideEffects: false,
  description: 'Looks a company or an entrepreneur up in Diadoc by INN (and KPP) and gives its box, e.g. to check a client can receive documents before sending. "found" is false when it has no Diadoc box.',
  params: {
    connection: diadocProps.connection(),
    inn: f.text({ label: 'INN', required: true, placeholder: '7707083893', description: '10 digits for a company, 12 for an individual entrepreneur' }),
    kpp: f.text({ label: 'KPP', placeholder: '773601001', description: 'Tells a company\'s branches apart; empty: any' }),
  },
  sampleOutput: { found: true, boxId: sampleOrganization.boxes[0].boxId, organization: sampleOrganization, count: 1 },
  async run(ctx, params) {
    const inn = requireInn(params.inn, 'inn');
    const kpp = optionalKpp(params.kpp, inn, 'kpp');
    const diadoc = await connectDiadoc(ctx, params.connection);
    const found = (await diadoc.organizationsByInnKpp(inn, kpp)).filter((o) => o.boxes.length);
    const organization = found[0] ?? null;
    return { found: !!organization, boxId: organization?.boxes[0]?.boxId ?? null, organization, count: found.length };
  },
});
