import { defineNode, f } from '../../../sdk';
import { connectSbis } from '../api';
import { requireInn, requireKpp, sbisProps } from '../props';
import { sampleCounterparty } from '../samples';

export const sbisFindCounterparty = defineNode({
  type: 'sbis.findCounterparty',
  kind: 'action',
  title: 'Find counterparty',
  category: 'Documents',
  connector: 'sbis',
  sideEffects: false,
  description: 'Looks a company or an entrepreneur up in SBIS by INN (and KPP), e.g. to check a client can receive documents through EDO before sending. "found" is false when SBIS does not know it.',
  params: {
    connection: sbisProps.connection(),
    inn: f.text({ label: 'INN', required: true, placeholder: '7707083893', description: '10 digits for a company, 12 for an individual entrepreneur' }),
    kpp: f.text({ label: 'KPP', placeholder: '773601001', description: 'Required for a company' }),
  },
  sampleOutput: sampleCounterparty,
  async run(ctx, params) {
    const inn = requireInn(params.inn, 'inn');
    const kpp = requireKpp(params.kpp, inn, 'kpp');
    const sbis = await connectSbis(ctx, params.connection);
    const found = await sbis.findCounterparty(inn, kpp);
    return found ?? { found: false, inn, kpp: kpp ?? null, name: null, isPerson: inn.length === 12, id: null, edoIds: [] };
  },
});
