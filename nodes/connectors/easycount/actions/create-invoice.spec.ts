import { createHttpClient, InputError, RemoteError, runNode } from '../../../sdk';
import { EasyCountSimulator } from '../simulator';
import { easycountCreateInvoice } from './create-invoice';
import params from '../fixtures/create-invoice.params.json';

const sim = new EasyCountSimulator({ apiKey: 'key-1' });
const context = () => ({
  http: createHttpClient(),
  idempotencyKey: 'run-1:invoice:0',
  credentials: async <T>() => ({ baseUrl: sim.url, apiKey: 'key-1', developerEmail: 'dev@flowbridge.test' }) as T,
});

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('easycount.createInvoice', () => {
  it('creates a tax invoice and returns the normalised document', async () => {
    const { output } = await runNode(easycountCreateInvoice, params, context());

    expect(sim.requests).toHaveLength(1);
    const [request] = sim.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/api/createDoc');
    expect(request.body).toMatchObject({
      api_key: 'key-1',
      developer_email: 'dev@flowbridge.test',
      type: 305,
      transaction_id: 'run-1:invoice:0',
      lang: 'he',
      currency: 'ILS',
      customer_name: 'Dana Levi',
      customer_email: 'dana@example.com',
      customer_phone: '+972-50-000-0000',
      item: [{ details: 'Tel Aviv city tour', amount: 2, price: 250, vat_type: 'PRE' }],
      dont_send_email: 0,
    });
    const doc = sim.docs[0];
    expect(output).toEqual({
      docId: doc.docId,
      docNumber: '3001',
      docUrl: `${sim.url}/front/documents/get/${doc.docId}`,
      total: 590,
      currency: 'ILS',
      sentTo: ['dana@example.com'],
      raw: expect.objectContaining({ success: true, doc_uuid: doc.docId }),
    });
  });

  it('bills a bare amount as one VAT-inclusive line and keeps an external reference', async () => {
    const { output } = await runNode(
      easycountCreateInvoice,
      { connection: 'c', customerName: 'Dana Levi', amount: '1200', description: 'Deal #42', externalReference: 42, sendByEmail: false },
      context(),
    );

    expect(sim.requests[0].body).toMatchObject({
      transaction_id: '42',
      item: [{ details: 'Deal #42', amount: 1, price: 1200, vat_type: 'INC' }],
      dont_send_email: 1,
    });
    expect(output).toMatchObject({ total: 1200, sentTo: [] });
  });

  it('rejects an invoice with neither items nor amount before calling EasyCount', async () => {
    await expect(runNode(easycountCreateInvoice, { connection: 'c', customerName: 'Dana' }, context())).rejects.toBeInstanceOf(InputError);
    expect(sim.requests).toHaveLength(0);
  });

  it('records the payment on a receipt-type document', async () => {
    await runNode(easycountCreateInvoice, { ...params, documentType: 'invoiceReceipt', paidAmount: 590, cgpId: '700001' }, context());

    expect(sim.requests[0].body).toMatchObject({
      type: 320,
      payment: [{ payment_type: 3, payment_sum: 590 }],
      price_total: 590,
      cgp_ids: ['700001'],
    });
    expect(sim.docs[0]).toMatchObject({ type: 320, total: 590, cgpIds: ['700001'] });
  });

  it('asks for the paid amount on a receipt', async () => {
    await expect(runNode(easycountCreateInvoice, { ...params, documentType: 'receipt' }, context())).rejects.toMatchObject({ kind: 'input', field: 'paidAmount' });
  });

  it('adds a payment link for the document total', async () => {
    const { output } = await runNode(easycountCreateInvoice, { ...params, paymentLink: true, successUrl: 'https://shop.test/thanks' }, context());

    expect(sim.requests.map((r) => r.path)).toEqual(['/api/createDoc', '/api/payment/prepareSafeUrl/clearingFormForWeb']);
    expect(sim.requests[1].body).toMatchObject({ sum: 590, currency: 'ILS', payments: '1', successUrl: 'https://shop.test/thanks' });
    const page = [...sim.paymentPages.values()][0];
    expect(output).toMatchObject({ docNumber: '3001', paymentUrl: `${sim.url}/payment/page/${page.token}`, secretTransactionId: page.secretTransactionId });
  });

  it('does not invite a retry when the document exists but its payment link failed', async () => {
    sim.injectFault({ status: 503, pathPrefix: '/api/payment' });

    const error = await runNode(easycountCreateInvoice, { ...params, paymentLink: true, successUrl: 'https://shop.test/thanks' }, context()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ retryable: false, details: { docNumber: '3001' } });
    expect(sim.docs).toHaveLength(1);
  });

  it('yields one invoice when EasyCount answers 500 twice', async () => {
    sim.injectFault({ status: 500, times: 2 });
    const errors: unknown[] = [];
    let result;
    for (let attempt = 1; attempt <= 3 && !result; attempt++) {
      result = await runNode(easycountCreateInvoice, params, { ...context(), attempt }).catch((e: RemoteError) => void errors.push(e));
    }

    expect(errors).toEqual([expect.objectContaining({ retryable: true, status: 500 }), expect.objectContaining({ retryable: true, status: 500 })]);
    expect(sim.requests).toHaveLength(3);
    expect(sim.docs).toHaveLength(1);
    expect(sim.docs[0].transactionId).toBe('run-1:invoice:0');
  });
});
