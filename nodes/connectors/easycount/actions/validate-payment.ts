import { defineNode, f, InputError } from '../../../sdk';
import { connectEasyCount } from '../api';
import { easycountProps } from '../props';

export const easycountValidatePayment = defineNode({
  type: 'easycount.validatePayment',
  kind: 'action',
  sideEffects: false,
  connector: 'easycount',
  title: 'Validate payment',
  category: 'Billing',
  description:
    'Asks EasyCount whether a payment page was paid. EZcount sends no signed webhook: this server-side check with the secret transaction id is the proof of payment.',
  params: {
    connection: easycountProps.connection(),
    secretTransactionId: f.key({ label: 'Secret transaction id', required: true, description: 'From "Create payment page"' }),
    expectedAmount: f.number({ label: 'Expected amount', description: 'Fails the step when the paid total differs' }),
  },
  sampleOutput: {
    cgpId: '700001',
    total: 590,
    payments: 1,
    cardLast4: '4580',
    cardholder: 'Dana Levi',
    transactionId: '9f0e4c1a-7d6b-4f0e-8a55-3b2a1c9d8e7f',
    paidAt: '26/07/2026',
    raw: {},
  },
  async run(ctx, params) {
    const easycount = await connectEasyCount(ctx, params.connection);
    const payment = await easycount.validatePayment(params.secretTransactionId);
    if (params.expectedAmount !== undefined && Math.abs(payment.total - params.expectedAmount) > 0.005) {
      throw new InputError(`Paid ${payment.total}, expected ${params.expectedAmount}`, { field: 'expectedAmount', details: payment });
    }
    return payment;
  },
});
