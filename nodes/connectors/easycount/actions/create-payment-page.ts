import { defineNode, f } from '../../../sdk';
import { connectEasyCount } from '../api';
import { easycountProps } from '../props';

export const easycountCreatePaymentPage = defineNode({
  type: 'easycount.createPaymentPage',
  kind: 'action',
  connector: 'easycount',
  title: 'Create payment page',
  category: 'Billing',
  description:
    'Opens an EasyCount clearing form for an amount and returns its URL. Keep secretTransactionId: "Validate payment" needs it once the customer has paid.',
  params: {
    connection: easycountProps.connection(),
    amount: f.number({ label: 'Amount', required: true, description: 'The total to charge, e.g. {{ $steps.invoice.total }}' }),
    currency: easycountProps.currency(),
    installments: f.number({ label: 'Up to installments', integer: true, min: 1, max: 36, default: 1 }),
    successUrl: f.text({ label: 'Return URL after payment', required: true, placeholder: 'https://example.com/thanks' }),
    description: f.text({ label: 'Description', description: 'Shown to the payer, e.g. "Invoice {{ $steps.invoice.docNumber }}"' }),
  },
  sampleOutput: {
    url: 'https://api.ezcount.co.il/payment/page/6b1f0c',
    secretTransactionId: 'e3a7c1d2-0c55-4d8e-9a43-0f3f6f0b9d11',
    amount: 590,
    currency: 'ILS',
    raw: {},
  },
  async run(ctx, params) {
    const easycount = await connectEasyCount(ctx, params.connection);
    return await easycount.preparePaymentPage({
      amount: params.amount,
      currency: params.currency ?? 'ILS',
      installments: params.installments ?? 1,
      successUrl: params.successUrl,
      description: params.description || undefined,
    });
  },
});
