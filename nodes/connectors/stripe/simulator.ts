import { randomBytes } from 'node:crypto';
import { SimulatorServer, type SimRequest, type SimResponse, type SimRoute } from '../../sdk';
import type { StripeEvent } from './events';
import { signStripePayload } from './signature';

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;
const stripeError = (status: number, type: string, message: string, code?: string): SimResponse => ({ status, body: { error: { type, code, message } } });

/**
 * Stripe on loopback: builds real-shaped events, signs deliveries like Stripe does, and serves
 * GET /v1/events(/:id) behind Bearer auth so connections and demos can be tested end to end.
 */
export class StripeSimulator extends SimulatorServer {
  readonly events: StripeEvent[] = [];
  readonly apiKey: string;

  constructor(options: { apiKey?: string } = {}) {
    super();
    this.apiKey = options.apiKey ?? 'sk_test_flowbridge';
  }

  paymentIntentSucceeded(input: { amount: number; currency?: string; metadata?: Record<string, string> }): StripeEvent {
    const intent = {
      id: id('pi'),
      object: 'payment_intent',
      amount: input.amount,
      amount_received: input.amount,
      currency: input.currency ?? 'usd',
      status: 'succeeded',
      latest_charge: id('ch'),
      metadata: input.metadata ?? {},
      livemode: false,
      created: this.nowSeconds(),
    };
    return this.record('payment_intent.succeeded', intent);
  }

  checkoutSessionCompleted(input: { amount: number; currency?: string; metadata?: Record<string, string>; clientReferenceId?: string; paymentStatus?: 'paid' | 'unpaid' | 'no_payment_required' }): StripeEvent {
    const session = {
      id: id('cs_test'),
      object: 'checkout.session',
      amount_total: input.amount,
      currency: input.currency ?? 'usd',
      client_reference_id: input.clientReferenceId ?? null,
      metadata: input.metadata ?? {},
      mode: 'payment',
      payment_intent: id('pi'),
      payment_status: input.paymentStatus ?? 'paid',
      status: 'complete',
      livemode: false,
    };
    return this.record('checkout.session.completed', session);
  }

  record(type: string, object: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = { id: id('evt'), object: 'event', api_version: '2025-06-30.basil', created: this.nowSeconds(), livemode: false, type, data: { object } };
    this.events.push(event);
    return event;
  }

  /** What Stripe would POST for `event`: the exact body bytes and the Stripe-Signature header. */
  signedDelivery(event: StripeEvent, secret: string, timestamp = this.nowSeconds()): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify({ ...event, pending_webhooks: 1, request: { id: id('req'), idempotency_key: null } }, null, 2);
    return { body, headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signStripePayload(body, secret, timestamp) } };
  }

  /** Posts a signed delivery to a Flowbridge hook URL, as Stripe's webhook sender would. */
  async deliver(url: string, event: StripeEvent, secret: string): Promise<Response> {
    const { body, headers } = this.signedDelivery(event, secret);
    return await fetch(url, { method: 'POST', headers: { ...headers, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' }, body });
  }

  reset(): void {
    this.events.length = 0;
    this.requests.length = 0;
    this.clearFaults();
  }

  protected override authenticate(req: SimRequest): SimResponse | undefined {
    if (req.headers.authorization === `Bearer ${this.apiKey}`) return undefined;
    return stripeError(401, 'invalid_request_error', 'Invalid API Key provided: sk_test_****');
  }

  protected routes(): SimRoute[] {
    return [
      {
        method: 'GET',
        path: '/v1/events',
        handler: (req) => {
          const limit = Math.min(Number(req.query.limit ?? 10), 100);
          const data = [...this.events].reverse().slice(0, limit);
          return { status: 200, body: { object: 'list', url: '/v1/events', has_more: this.events.length > limit, data } };
        },
      },
      {
        method: 'GET',
        path: '/v1/events/:id',
        handler: (req) => {
          const event = this.events.find((e) => e.id === req.params.id);
          return event ? { status: 200, body: event } : stripeError(404, 'invalid_request_error', `No such event: '${req.params.id}'`, 'resource_missing');
        },
      },
    ];
  }

  private nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }
}
