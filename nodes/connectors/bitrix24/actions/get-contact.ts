import { defineNode, f } from '../../../sdk';
import { connectBitrix24, orMissing } from '../api';
import { bitrix24Props, requiredId } from '../props';
import { sampleContact } from '../samples';

export const bitrix24GetContact = defineNode({
  type: 'bitrix24.getContact',
  kind: 'action',
  title: 'Get contact',
  category: 'CRM',
  connector: 'bitrix24',
  description: "Reads a Bitrix24 contact with its e-mail addresses and phones, e.g. the deal's client to send the invoice to.",
  params: {
    connection: bitrix24Props.connection(),
    contactId: f.key({ label: 'Contact id', required: true, placeholder: '{{ $steps.deal.deal.contactId }}' }),
  },
  sampleOutput: { contact: sampleContact },
  async run(ctx, params) {
    const id = requiredId(params.contactId, 'contactId');
    const api = await connectBitrix24(ctx, params.connection);
    return { contact: await orMissing(api.getContact(id), `Contact ${id}`, 'contactId') };
  },
});
