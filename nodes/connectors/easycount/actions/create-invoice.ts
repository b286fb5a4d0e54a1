import { defineNode, f, InputError, RemoteError, type ParamsOf } from '../../../sdk';
import { connectEasyCount, isReceiptType, type DocumentType, type EasyCountApi, type EasyCountDocument, type NewDocument } from '../api';
import { easycountProps } from '../props';

const documentTypes: { value: DocumentType; label: string }[] = [
  { value: 'invoice', label: 'Tax invoice (305)' },
  { value: 'invoiceReceipt', label: 'Tax invoice + receipt (320)' },
  { value: 'receipt', label: 'Receipt (400)' },
  { value: 'proforma', label: 'Transaction invoice / proforma (300)' },
  { value: 'quote', label: 'Price quote (9999)' },
];

const params = {
  connection: easycountProps.connection(),
  documentType: f.select({ label: 'Document type', options: documentTypes, default: 'invoice', description: 'Receipt types (320, 400) record a payment and need Paid amount' }),
  customerName: f.text({ label: 'Customer name', required: true }),
  customerEmail: f.text({ label: 'Customer email' }),
  customerPhone: f.text({ label: 'Customer phone' }),
  items: f.list({
    label: 'Items',
    description: 'Leave empty to bill Amount as one line',
    of: {
      description: f.text({ label: 'Description', required: true }),
      quantity: f.number({ label: 'Quantity', min: 0, default: 1 }),
      price: f.number({ label: 'Unit price', required: true }),
      vatType: f.select({ label: 'VAT', options: [{ value: 'PRE', label: 'Price before VAT' }, { value: 'INC', label: 'Price includes VAT' }, { value: 'NON', label: 'VAT exempt' }], default: 'PRE' }),
    },
  }),
  amount: f.number({ label: 'Amount', description: 'One line of this price (VAT included) when Items is empty' }),
  description: f.text({ label: 'Description', description: 'Line text for Amount, also printed as the document comment' }),
  currency: easycountProps.currency(),
  language: f.select({ label: 'Language', options: [{ value: 'he', label: 'Hebrew' }, { value: 'en', label: 'English' }], default: 'he' }),
  sendByEmail: f.boolean({ label: 'Email the document to the customer', default: true }),
  paidAmount: f.number({ label: 'Paid amount', description: 'Receipt types only: the payment the document records' }),
  paymentType: f.select({ label: 'Paid by', options: [{ value: 'creditCard', label: 'Credit card' }, { value: 'bankTransfer', label: 'Bank transfer' }, { value: 'cash', label: 'Cash' }], default: 'creditCard' }),
  cgpId: f.key({ label: 'Payment page transaction', description: 'Receipt types only: cgpId from "Validate payment", links the card payment' }),
  externalReference: f.key({ label: 'External reference', description: 'Sent as transaction_id instead of the step idempotency key (e.g. an order id)' }),
  paymentLink: f.boolean({ label: 'Also create a payment link', default: false, description: 'Adds paymentUrl for the document total. If the link fails after the document is issued, the step fails without retry' }),
  successUrl: f.text({ label: 'Return URL after payment', placeholder: 'https://example.com/thanks', requiredWhen: { param: 'paymentLink', equals: true } }),
};

export const easycountCreateInvoice = defineNode({
  type: 'easycount.createInvoice',
  kind: 'action',
  connector: 'easycount',
  title: 'Create invoice',
  category: 'Billing',
  description:
    'Issues an EasyCount (EZcount) document. The step idempotency key is sent as transaction_id unless an external reference is set.',
  params,
  sampleOutput: {
    docId: '5c5d7bba-4d0e-4bcd-9f54-8c1a8f4b1e0a',
    docNumber: '3001',
    docUrl: 'https://api.ezcount.co.il/front/documents/get/5c5d7bba-4d0e-4bcd-9f54-8c1a8f4b1e0a',
    paymentUrl: 'https://api.ezcount.co.il/payment/page/6b1f0c',
    secretTransactionId: 'e3a7c1d2-0c55-4d8e-9a43-0f3f6f0b9d11',
    total: 590,
    currency: 'ILS',
    sentTo: ['dana@example.com'],
    raw: {},
  },
  async run(ctx, params) {
    const type = params.documentType ?? 'invoice';
    const doc: NewDocument = {
      type,
      customer: { name: params.customerName, email: params.customerEmail || undefined, phone: params.customerPhone || undefined },
      items: lineItems(params),
      currency: params.currency ?? 'ILS',
      language: params.language ?? 'he',
      comment: params.description || undefined,
      sendByEmail: params.sendByEmail ?? true,
      transactionId: params.externalReference || ctx.idempotencyKey,
      payment: isReceiptType(type) ? receiptPayment(params) : undefined,
    };
    const successUrl = params.paymentLink ? params.successUrl : undefined;
    if (params.paymentLink && !successUrl) throw new InputError('A payment link needs a return URL', { field: 'successUrl' });

    const easycount = await connectEasyCount(ctx, params.connection);
    const created = await easycount.createDoc(doc);
    return successUrl ? await withPaymentLink(easycount, created, successUrl) : created;
  },
});

type Params = ParamsOf<typeof params>;

function lineItems(params: Params): NewDocument['items'] {
  if (params.items?.length) {
    return params.items.map((i) => ({ description: i.description, quantity: i.quantity ?? 1, price: i.price, vatType: i.vatType ?? 'PRE' }));
  }
  if (params.amount === undefined) throw new InputError('Give at least one item or an amount', { field: 'items' });
  return [{ description: params.description || 'Services', quantity: 1, price: params.amount, vatType: 'INC' }];
}

function receiptPayment(params: Params): NewDocument['payment'] {
  if (params.paidAmount === undefined) throw new InputError('Receipt documents need the paid amount', { field: 'paidAmount' });
  return { type: params.paymentType ?? 'creditCard', sum: params.paidAmount, cgpId: params.cgpId || undefined };
}

async function withPaymentLink(easycount: EasyCountApi, created: EasyCountDocument, successUrl: string) {
  try {
    if (created.total === null) throw new Error('EasyCount did not report the document total');
    const page = await easycount.preparePaymentPage({ amount: created.total, currency: created.currency, installments: 1, successUrl, description: `Document ${created.docNumber}` });
    return { ...created, paymentUrl: page.url, secretTransactionId: page.secretTransactionId };
  } catch (error) {
    // The document exists now; retrying this step would issue a second one.
    throw new RemoteError(`Document ${created.docNumber} was created, but its payment link failed: ${(error as Error).message}. Create the link with "EasyCount: create payment page" instead of retrying`, {
      retryable: false,
      details: { docId: created.docId, docNumber: created.docNumber, docUrl: created.docUrl },
      cause: error,
    });
  }
}
