import { randomUUID } from 'node:crypto';
import { SimulatorServer, type SimRequest, type SimResponse, type SimRoute } from '../../sdk';

export interface SimDocItem {
  details: string;
  amount: number;
  price: number;
  vat_type: 'PRE' | 'INC' | 'NON';
}

export interface SimDoc {
  docId: string;
  docNumber: string;
  type: number;
  transactionId?: string;
  customerName: string;
  customerEmail?: string;
  currency: string;
  items: SimDocItem[];
  total: number;
  sentTo: string[];
  cgpIds: string[];
  body: Record<string, unknown>;
}

export interface SimPaymentPage {
  secretTransactionId: string;
  token: string;
  sum: number;
  currency: string;
  payments: string;
  successUrl?: string;
  paid?: { cgpId: string; numPayments: number; last4: string; cardholder: string; ksysTransactionId: string; date: string; name?: string; email?: string };
}

const KNOWN_TYPES = new Set([100, 200, 210, 300, 305, 320, 330, 400, 405, 500, 9997, 9998, 9999]);
const RECEIPT_TYPES = new Set([320, 400]);
const round = (n: number) => Math.round(n * 100) / 100;
const fail = (errNum: number, errMsg: string, status = 200): SimResponse => ({ status, body: { success: false, errNum, errMsg } });

/**
 * EZcount on loopback: createDoc, the clearing-form payment page and its validate call, with the
 * wire shapes of connectors.md. Errors use `{success:false, errNum, errMsg}`; the HTTP status of
 * business errors and of a wrong key is not documented, so those are 200 and 401 here.
 */
export class EasyCountSimulator extends SimulatorServer {
  readonly docs: SimDoc[] = [];
  readonly paymentPages = new Map<string, SimPaymentPage>();
  readonly apiKey: string;
  readonly vatRate: number;
  /** Documents totalling more than this wait for a Tax Authority allocation number and answer 417. */
  allocationThreshold?: number;
  private nextNumber = 3001;
  private nextCgpId = 700_001;

  constructor(options: { apiKey?: string; vatRate?: number; allocationThreshold?: number } = {}) {
    super();
    this.apiKey = options.apiKey ?? 'ezcount-test-key';
    this.vatRate = options.vatRate ?? 0.18;
    this.allocationThreshold = options.allocationThreshold;
  }

  /** Plays the customer completing the payment page, so a later validate call succeeds. */
  pay(secretTransactionId: string, payer: { name?: string; email?: string; last4?: string; numPayments?: number } = {}): SimPaymentPage {
    const page = this.paymentPages.get(secretTransactionId);
    if (!page) throw new Error(`No payment page ${secretTransactionId}`);
    page.paid = {
      cgpId: String(this.nextCgpId++),
      numPayments: payer.numPayments ?? 1,
      last4: payer.last4 ?? '4580',
      cardholder: payer.name ?? 'Test Payer',
      ksysTransactionId: randomUUID(),
      date: this.today(),
      name: payer.name,
      email: payer.email,
    };
    return page;
  }

  reset(): void {
    this.docs.length = 0;
    this.paymentPages.clear();
    this.nextNumber = 3001;
    this.requests.length = 0;
    this.clearFaults();
  }

  protected override authenticate(req: SimRequest): SimResponse | undefined {
    if (!req.path.startsWith('/api/')) return undefined;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.api_key !== this.apiKey) return fail(1, 'api_key is not valid', 401);
    if (typeof body.developer_email !== 'string' || !body.developer_email) return fail(2, 'developer_email is required', 401);
    return undefined;
  }

  protected routes(): SimRoute[] {
    return [
      { method: 'POST', path: '/api/createDoc', handler: (req) => this.createDoc(req.body as Record<string, unknown>) },
      { method: 'POST', path: '/api/payment/prepareSafeUrl/clearingFormForWeb', handler: (req) => this.preparePage(req.body as Record<string, unknown>) },
      { method: 'POST', path: '/api/payment/validate/:secret', handler: (req) => this.validate(req.params.secret) },
      { method: 'GET', path: '/front/documents/get/:docId', handler: (req) => this.document(req.params.docId) },
      { method: 'GET', path: '/payment/page/:token', handler: (req) => this.page(req.params.token) },
    ];
  }

  private createDoc(body: Record<string, unknown>): SimResponse {
    const type = Number(body.type);
    if (!KNOWN_TYPES.has(type)) return fail(101, `Unknown document type ${String(body.type)}`);
    if (typeof body.customer_name !== 'string' || !body.customer_name) return fail(102, 'customer_name is required');
    const items = Array.isArray(body.item) ? (body.item as SimDocItem[]) : [];
    if (!items.length) return fail(103, 'item must list at least one line');
    const payments = Array.isArray(body.payment) ? (body.payment as Record<string, unknown>[]) : [];
    // Older samples send the amount as `payment`, newer ones as `payment_sum`.
    const paid = round(payments.reduce((sum, p) => sum + Number(p.payment_sum ?? p.payment ?? 0), 0));
    if (RECEIPT_TYPES.has(type) && (body.price_total === undefined || round(Number(body.price_total)) !== paid)) {
      return fail(104, 'price_total must equal the sum of payments for a receipt');
    }
    const computed = round(items.reduce((sum, i) => sum + this.gross(i), 0));
    const total = RECEIPT_TYPES.has(type) ? paid : computed;
    if (this.allocationThreshold !== undefined && total > this.allocationThreshold && (type === 305 || type === 320)) {
      return fail(417, 'The document is waiting for an allocation number from the Tax Authority', 417);
    }
    const currency = typeof body.currency === 'string' ? body.currency : 'ILS';
    const email = typeof body.customer_email === 'string' && body.customer_email ? body.customer_email : undefined;
    const doc: SimDoc = {
      docId: randomUUID(),
      docNumber: String(this.nextNumber++),
      type,
      transactionId: typeof body.transaction_id === 'string' ? body.transaction_id : undefined,
      customerName: body.customer_name,
      customerEmail: email,
      currency,
      items,
      total,
      sentTo: email && Number(body.dont_send_email ?? 0) !== 1 ? [email] : [],
      cgpIds: Array.isArray(body.cgp_ids) ? body.cgp_ids.map(String) : [],
      body,
    };
    this.docs.push(doc);
    const vatPrice = round(items.reduce((sum, i) => sum + this.vat(i), 0));
    return {
      status: 200,
      body: {
        success: true,
        doc_uuid: doc.docId,
        doc_number: doc.docNumber,
        pdf_link: `${this.url}/front/documents/get/${doc.docId}`,
        pdf_link_copy: `${this.url}/front/documents/get/${doc.docId}?copy=1`,
        sent_mails: doc.sentTo,
        ua_uuid: randomUUID(),
        calculatedData: { transaction_id: doc.transactionId, date: this.today(), currency, rate: 1, vat: this.vatRate * 100, vat_price: vatPrice, price_discount: 0, price_total: total },
      },
    };
  }

  private preparePage(body: Record<string, unknown>): SimResponse {
    const sum = Number(body.sum);
    if (!Number.isFinite(sum) || sum <= 0) return fail(201, 'sum must be a positive number');
    const page: SimPaymentPage = {
      secretTransactionId: randomUUID(),
      token: randomUUID().replace(/-/g, ''),
      sum,
      currency: typeof body.currency === 'string' ? body.currency : 'ILS',
      payments: typeof body.payments === 'string' ? body.payments : '1',
      successUrl: typeof body.successUrl === 'string' ? body.successUrl : undefined,
    };
    this.paymentPages.set(page.secretTransactionId, page);
    return { status: 200, body: { success: true, url: `${this.url}/payment/page/${page.token}`, secretTransactionId: page.secretTransactionId, ksys_token: page.token } };
  }

  private validate(secret: string): SimResponse {
    const page = this.paymentPages.get(secret);
    if (!page) return fail(301, 'Transaction not found');
    if (!page.paid) return fail(302, 'Transaction was not completed');
    const p = page.paid;
    return {
      status: 200,
      body: {
        success: true,
        cgp_id: p.cgpId,
        cgp_payment_total: page.sum,
        cgp_num_of_payments: p.numPayments,
        cgp_customer_cc_4_digits: p.last4,
        cgp_customer_cc_name: p.cardholder,
        cgp_ksys_transacion_id: p.ksysTransactionId,
        cgp_payment_date: p.date,
        ...(p.name && { cgp_customer_name: p.name }),
        ...(p.email && { cgp_customer_email: p.email }),
      },
    };
  }

  private document(docId: string): SimResponse {
    const doc = this.docs.find((d) => d.docId === docId);
    return doc ? { status: 200, body: `Document ${doc.docNumber} for ${doc.customerName}: ${doc.total} ${doc.currency}`, headers: { 'content-type': 'text/plain' } } : { status: 404, body: 'Not found' };
  }

  private page(token: string): SimResponse {
    const page = [...this.paymentPages.values()].find((p) => p.token === token);
    return page ? { status: 200, body: `Payment page: ${page.sum} ${page.currency}${page.paid ? ' (paid)' : ''}`, headers: { 'content-type': 'text/plain' } } : { status: 404, body: 'Not found' };
  }

  private gross(item: SimDocItem): number {
    const line = Number(item.amount ?? 1) * Number(item.price);
    return item.vat_type === 'PRE' || item.vat_type === undefined ? line * (1 + this.vatRate) : line;
  }

  private vat(item: SimDocItem): number {
    const line = Number(item.amount ?? 1) * Number(item.price);
    if (item.vat_type === 'NON') return 0;
    return item.vat_type === 'INC' ? line - line / (1 + this.vatRate) : line * this.vatRate;
  }

  private today(): string {
    const d = new Date();
    return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
  }
}
