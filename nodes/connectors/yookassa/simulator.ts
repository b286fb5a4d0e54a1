import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SimulatorServer, type SimRequest, type SimResponse, type SimRoute } from '../../sdk';
import type { Notification, YooKassaPayment } from './api';

export interface NewSimPayment {
  amount: { value: string; currency: string };
  capture?: boolean;
  description?: string;
  metadata?: Record<string, string>;
  confirmation?: { type: string; return_url?: string };
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const yooError = (status: number, code: string, description: string, parameter?: string): SimResponse => ({
  status,
  body: { type: 'error', id: randomUUID(), code, description, ...(parameter && { parameter }) },
});

/**
 * YooKassa API v3 on loopback: POST/GET /v3/payments with Basic auth and Idempotence-Key
 * semantics, state changes a test drives (succeed, cancel), and notification envelopes.
 */
export class YooKassaSimulator extends SimulatorServer {
  readonly payments = new Map<string, YooKassaPayment>();
  readonly shopId: string;
  readonly secretKey: string;
  private readonly idempotence = new Map<string, { fingerprint: string; paymentId: string }>();
  private readonly heldForCapture = new Set<string>();

  constructor(options: { shopId?: string; secretKey?: string } = {}) {
    super();
    this.shopId = options.shopId ?? '100500';
    this.secretKey = options.secretKey ?? 'test_secret_key';
  }

  /** Seeds a pending payment without HTTP. */
  createPayment(input: NewSimPayment): YooKassaPayment {
    // YooKassa ids look like 2419a771-000f-5000-9000-1edaf29243f2.
    const id = `${hex(4)}-000f-5000-${['8', '9', 'a', 'b'][randomBytes(1)[0] % 4]}${hex(2).slice(1)}-${hex(6)}`;
    const payment: YooKassaPayment = {
      id,
      status: 'pending',
      paid: false,
      amount: { value: Number(input.amount.value).toFixed(2), currency: input.amount.currency },
      description: input.description,
      recipient: { account_id: this.shopId, gateway_id: '1000001' },
      created_at: new Date().toISOString(),
      confirmation: { type: 'redirect', confirmation_url: `${this.url}/checkout/payments/v2/contract?orderId=${id}`, return_url: input.confirmation?.return_url },
      test: true,
      refundable: false,
      metadata: input.metadata ?? {},
    };
    if (input.capture === false) this.heldForCapture.add(id);
    this.payments.set(id, payment);
    return payment;
  }

  /** Puts a complete payment object (e.g. a fixture) into the shop as it is. */
  seed(payment: YooKassaPayment): YooKassaPayment {
    const copy = structuredClone(payment);
    this.payments.set(copy.id, copy);
    return copy;
  }

  /** The customer paid: captured at once, or held for capture when created with capture:false. */
  succeed(id: string): YooKassaPayment {
    const payment = this.get(id);
    const captured = !this.heldForCapture.has(id);
    Object.assign(payment, {
      status: captured ? 'succeeded' : 'waiting_for_capture',
      paid: true,
      ...(captured && { captured_at: new Date().toISOString(), income_amount: { value: (Number(payment.amount.value) * 0.965).toFixed(2), currency: payment.amount.currency } }),
      payment_method: { type: 'bank_card', id: payment.id, saved: false, title: 'Bank card *4444', card: { first6: '555555', last4: '4444', expiry_month: '07', expiry_year: '2030', card_type: 'MasterCard' } },
      refundable: captured,
    });
    return payment;
  }

  cancel(id: string): YooKassaPayment {
    return Object.assign(this.get(id), { status: 'canceled', paid: false, cancellation_details: { party: 'yoo_money', reason: 'expired_on_confirmation' } });
  }

  notificationBody(payment: YooKassaPayment, event = `payment.${payment.status}`): Notification {
    return { type: 'notification', event, object: structuredClone(payment) };
  }

  /** Posts a notification to a Flowbridge hook URL, as YooKassa does (from loopback here, so allow 127.0.0.1/32). */
  async notify(url: string, payment: YooKassaPayment, event?: string): Promise<Response> {
    return await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(this.notificationBody(payment, event)) });
  }

  reset(): void {
    this.payments.clear();
    this.idempotence.clear();
    this.heldForCapture.clear();
    this.requests.length = 0;
    this.clearFaults();
  }

  protected override authenticate(req: SimRequest): SimResponse | undefined {
    const expected = `Basic ${Buffer.from(`${this.shopId}:${this.secretKey}`).toString('base64')}`;
    if (req.headers.authorization === expected) return undefined;
    return yooError(401, 'invalid_credentials', "Login and password for Basic Authentication aren't correct", 'Authorization');
  }

  protected routes(): SimRoute[] {
    return [
      { method: 'POST', path: '/v3/payments', handler: (req) => this.create(req) },
      { method: 'GET', path: '/v3/payments', handler: (req) => this.list(Number(req.query.limit ?? 10)) },
      {
        method: 'GET',
        path: '/v3/payments/:id',
        handler: (req) => {
          const payment = this.payments.get(req.params.id);
          return payment ? { status: 200, body: payment } : yooError(404, 'not_found', 'Payment not found or forbidden');
        },
      },
    ];
  }

  private create(req: SimRequest): SimResponse {
    const key = req.headers['idempotence-key'];
    if (!key) return yooError(400, 'invalid_request', 'Idempotence key is not specified', 'Idempotence-Key');
    const fingerprint = createHash('sha256').update(req.rawBody).digest('hex');
    const seen = this.idempotence.get(key);
    if (seen) {
      if (seen.fingerprint !== fingerprint) return yooError(400, 'invalid_request', 'Idempotence key duplicated with another request body', 'Idempotence-Key');
      return { status: 200, body: this.payments.get(seen.paymentId) };
    }
    const body = (req.body ?? {}) as Partial<NewSimPayment>;
    const value = Number(body.amount?.value);
    if (!body.amount?.currency || !Number.isFinite(value) || value <= 0) return yooError(400, 'invalid_request', 'Amount is invalid', 'amount');
    const payment = this.createPayment(body as NewSimPayment);
    this.idempotence.set(key, { fingerprint, paymentId: payment.id });
    return { status: 200, body: payment };
  }

  private list(limit: number): SimResponse {
    const items = [...this.payments.values()].reverse().slice(0, Math.max(1, Math.min(limit, 100)));
    return { status: 200, body: { type: 'list', items } };
  }

  private get(id: string): YooKassaPayment {
    const payment = this.payments.get(id);
    if (!payment) throw new Error(`No payment ${id}`);
    return payment;
  }
}
