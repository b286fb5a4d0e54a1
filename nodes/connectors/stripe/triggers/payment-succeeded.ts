import { defineTrigger, f, InputError, triggerKeyFields } from '../../../sdk';
import { readStripeAuth } from '../auth';
import { isStripeEvent, paymentFromEvent } from '../events';
import { verifyStripeSignature } from '../signature';

export const stripePaymentSucceeded = defineTrigger({
  type: 'stripe.paymentSucceeded',
  connector: 'stripe',
  title: 'Payment succeeded',
  category: 'Payments',
  description:
    'Starts a run for payment_intent.succeeded and paid Checkout sessions, verified by Stripe-Signature. Emits payment.succeeded keyed by metadata.invoice_id (or invoiceId, or the session client_reference_id).',
  source: 'webhook',
  emits: ['payment.succeeded'],
  params: {
    connection: f.connection({ label: 'Stripe connection', connector: 'stripe', required: true }),
    path: f.text({ label: 'Hook path', required: true, expressions: false, placeholder: 'stripe-3f9a1c', description: 'Stripe posts to /hooks/<path>; make it hard to guess' }),
    ...triggerKeyFields,
  },
  sampleOutput: {
    eventId: 'evt_3PqR8s2eZvKYlo2C1x0yJ9Ab',
    type: 'payment_intent.succeeded',
    amount: 590,
    amountMinor: 59000,
    currency: 'ILS',
    invoiceId: '3001',
    paymentId: 'pi_3PqR8s2eZvKYlo2C1GcDk4Tz',
    metadata: { invoice_id: '3001' },
    livemode: false,
    object: {},
  },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  async receive(request, params, ctx) {
    const { webhookSecret } = readStripeAuth(await ctx.credentials(params.connection));
    verifyStripeSignature({ header: headerOf(request.headers, 'stripe-signature'), rawBody: request.rawBody, secret: webhookSecret, now: ctx.now() });

    // Only the signed bytes are trusted, not a body some middleware parsed.
    const event = parseEvent(request.rawBody);
    const payment = paymentFromEvent(event);
    if (!payment) return null;
    return {
      output: payment,
      dedupeKey: event.id,
      businessKey: payment.invoiceId ?? undefined,
      event: payment.invoiceId
        ? { type: 'payment.succeeded', key: payment.invoiceId, data: { amount: payment.amount, currency: payment.currency, provider: 'stripe', paymentId: payment.paymentId } }
        : undefined,
    };
  },
});

function parseEvent(rawBody: Buffer) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new InputError('Stripe webhook body is not JSON');
  }
  if (!isStripeEvent(parsed)) throw new InputError('Stripe webhook body is not an event');
  return parsed;
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  return Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
}
