import { defineNode, f } from '../../../sdk';
import { connectKommo } from '../api';
import { kommoProps } from '../props';

export const kommoContinueSalesbot = defineNode({
  type: 'kommo.continueSalesbot',
  kind: 'action',
  title: 'Continue Salesbot',
  category: 'CRM',
  connector: 'kommo',
  description: 'Lets a Salesbot that called the "Kommo button" trigger go on; the bot waits until this runs. Later bot steps read the data as {{json.<key>}}.',
  params: {
    connection: kommoProps.connection(),
    returnUrl: f.text({ label: 'Return URL', required: true, placeholder: '{{ $trigger.returnUrl }}' }),
    data: f.keyValue({ label: 'Data for the bot', description: 'e.g. status → success, link → {{ $steps.invoice.paymentUrl }}' }),
    message: f.text({ label: 'Message to show', multiline: true, description: 'Optional text the bot shows in the chat' }),
  },
  sampleOutput: { continued: true },
  async run(ctx, params) {
    const api = await connectKommo(ctx, params.connection);
    const handlers = params.message ? [{ handler: 'show', params: { type: 'text', value: params.message } }] : [];
    await api.continueSalesbot(params.returnUrl, params.data ?? {}, handlers);
    return { continued: true };
  },
});
