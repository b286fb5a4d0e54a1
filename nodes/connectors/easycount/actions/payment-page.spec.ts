import { createHttpClient, runNode } from '../../../sdk';
import { EasyCountSimulator } from '../simulator';
import { easycountCreatePaymentPage } from './create-payment-page';
import { easycountValidatePayment } from './validate-payment';

const sim = new EasyCountSimulator({ apiKey: 'key-1' });
const context = () => ({
  http: createHttpClient(),
  credentials: async <T>() => ({ baseUrl: sim.url, apiKey: 'key-1', developerEmail: 'dev@flowbridge.test' }) as T,
});
const openPage = () =>
  runNode(easycountCreatePaymentPage, { connection: 'c', amount: 590, installments: 3, successUrl: 'https://shop.test/thanks', description: 'Invoice 3001' }, context());

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('easycount.createPaymentPage', () => {
  it('opens a clearing form and returns its URL', async () => {
    const { output } = await openPage();

    expect(sim.requests[0]).toMatchObject({
      path: '/api/payment/prepareSafeUrl/clearingFormForWeb',
      body: { api_key: 'key-1', sum: 590, currency: 'ILS', payments: '1-3', successUrl: 'https://shop.test/thanks', description: 'Invoice 3001' },
    });
    const page = [...sim.paymentPages.values()][0];
    expect(output).toEqual({
      url: `${sim.url}/payment/page/${page.token}`,
      secretTransactionId: page.secretTransactionId,
      amount: 590,
      currency: 'ILS',
      raw: expect.objectContaining({ ksys_token: page.token }),
    });
  });
});

describe('easycount.validatePayment', () => {
  it('returns the payment once the customer has paid', async () => {
    const { output } = await openPage();
    const { secretTransactionId } = output as { secretTransactionId: string };
    const paid = sim.pay(secretTransactionId, { name: 'Dana Levi', email: 'dana@example.com', last4: '1234' }).paid!;

    const result = await runNode(easycountValidatePayment, { connection: 'c', secretTransactionId, expectedAmount: 590 }, context());

    expect(sim.requests[1].path).toBe(`/api/payment/validate/${secretTransactionId}`);
    expect(result.output).toMatchObject({
      cgpId: paid.cgpId,
      total: 590,
      payments: 1,
      cardLast4: '1234',
      transactionId: paid.ksysTransactionId,
      customerName: 'Dana Levi',
      customerEmail: 'dana@example.com',
    });
  });

  it('fails without retry while the page is unpaid', async () => {
    const { output } = await openPage();
    const { secretTransactionId } = output as { secretTransactionId: string };

    await expect(runNode(easycountValidatePayment, { connection: 'c', secretTransactionId }, context())).rejects.toMatchObject({
      kind: 'remote',
      retryable: false,
      message: 'EasyCount: Transaction was not completed',
    });
  });

  it('refuses a paid total that differs from the expected amount', async () => {
    const { output } = await openPage();
    const { secretTransactionId } = output as { secretTransactionId: string };
    sim.pay(secretTransactionId);

    await expect(runNode(easycountValidatePayment, { connection: 'c', secretTransactionId, expectedAmount: 600 }, context())).rejects.toMatchObject({
      kind: 'input',
      field: 'expectedAmount',
    });
  });
});
