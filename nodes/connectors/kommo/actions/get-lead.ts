import { defineNode, f } from '../../../sdk';
import { connectKommo } from '../api';
import { kommoProps } from '../props';
import { sampleLead } from '../samples';

export const kommoGetLead = defineNode({
  type: 'kommo.getLead',
  kind: 'action',
  sideEffects: false,
  title: 'Get lead',
  category: 'CRM',
  connector: 'kommo',
  description: 'Reads a Kommo lead (deal) with its stage, price, custom fields and contacts.',
  params: {
    connection: kommoProps.connection(),
    leadId: kommoProps.leadId(),
    contactDetails: f.boolean({ label: 'Load contact details', default: true, description: 'Names, phones and e-mails of the linked contacts (one more request)' }),
  },
  sampleOutput: { lead: sampleLead },
  async run(ctx, params) {
    const api = await connectKommo(ctx, params.connection);
    return { lead: await api.getLead(params.leadId, { contactDetails: params.contactDetails !== false }) };
  },
});
