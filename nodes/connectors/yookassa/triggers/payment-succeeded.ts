import { AuthError, ConfigError, defineTrigger, f, InputError, own, triggerKeyFields, type IncomingRequest } from '../../../sdk';
import { isNotification, yookassaApiFor, type Notification } from '../api';
import { readYooKassaAuth } from '../auth';
import { createAllowList } from '../ip-allowlist';

/** Where an invoice id is looked up in the payment's metadata, in order. */
export const INVOICE_METADATA_KEYS = ['invoice_id', 'invoiceId'] as const;

export const yookassaPaymentSucceeded = defineTrigger({
  type: 'yookassa.paymentSucceeded',
  connector: 'yookassa',
  title: 'Payment succeeded',
  category: 'Payments',
  description:
    "Starts a run for YooKassa payment.succeeded notifications from YooKassa's addresses; the run first re-reads the payment through the API (with retries). Emits payment.succeeded keyed by metadata.invoice_id (or invoiceId).",
  source: 'webhook',
  emits: ['payment.succeeded'],
  params: {
    connection: f.connection({ label: 'YooKassa connection', connector: 'yookassa', required: true }),
    path: f.text({ label: 'Hook path', required: true, expressions: false, placeholder: 'yookassa-8d2e51', description: 'Set /hooks/<path> as the HTTP notification URL in the YooKassa cabinet' }),
    ...triggerKeyFields,
  },
  sampleOutput: {
    eventId: 'payment.succeeded:2f6a0b6e-000f-5000-9000-1c0d7e5a9b31',
    type: 'payment.succeeded',
    amount: 1500,
    currency: 'RUB',
    invoiceId: 'INV-2026-0042',
    paymentId: '2f6a0b6e-000f-5000-9000-1c0d7e5a9b31',
    paidAt: '2026-07-26T10:00:05.000Z',
    metadata: { invoice_id: 'INV-2026-0042' },
    test: false,
    object: {},
  },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  async receive(request, params, ctx) {
    const auth = readYooKassaAuth(await ctx.credentials(params.connection));
    // Notifications carry no signature: the sender address is the first half of the proof.
    if (!createAllowList(auth.extraAllowedNetworks).allows(request.ip)) {
      throw new AuthError(`${request.ip || 'An unknown address'} is not a YooKassa notification sender`);
    }
    const notification = readNotification(request);
    if (notification.event !== 'payment.succeeded') return null;
    // Stored as it came; `load` re-reads the payment inside the run, so a slow YooKassa costs no delivery.
    const eventId = `${notification.event}:${notification.object.id}`;
    return { output: { eventId, type: notification.event, paymentId: notification.object.id }, dedupeKey: eventId };
  },
  async load(ctx, output, params) {
    const auth = readYooKassaAuth(await ctx.credentials(params.connection));
    const { eventId, paymentId } = output as { eventId: string; paymentId: string };
    // The second half of the proof: only the payment as the API returns it is trusted, never the posted copy.
    const payment = await yookassaApiFor(ctx, auth).getPayment(paymentId).catch((error: unknown) => {
      if (error instanceof AuthError) throw new ConfigError(`YooKassa refused the shop credentials of this connection: ${error.message}`);
      throw error;
    });
    if (!payment) throw new AuthError(`Payment ${paymentId} does not belong to this shop`);
    if (payment.status !== 'succeeded') {
      ctx.log.warn('YooKassa notification claims success but the payment is not succeeded; ignored', { paymentId: payment.id, status: payment.status });
      return { ignore: `YooKassa reports payment ${payment.id} as ${payment.status}, not succeeded` };
    }

    const metadata = payment.metadata ?? {};
    const invoiceId = INVOICE_METADATA_KEYS.map((k) => own(metadata, k)).find(Boolean) ?? null;
    const amount = Number(payment.amount.value);
    const currency = payment.amount.currency;
    return {
      output: { eventId, type: 'payment.succeeded', amount, currency, invoiceId, paymentId: payment.id, paidAt: payment.captured_at ?? null, metadata, test: payment.test, object: payment },
      businessKey: invoiceId ?? undefined,
      event: invoiceId ? { type: 'payment.succeeded', key: invoiceId, data: { amount, currency, provider: 'yookassa', paymentId: payment.id } } : undefined,
    };
  },
});

function readNotification(request: IncomingRequest): Notification {
  let body = request.body;
  if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) {
    try {
      body = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new InputError('YooKassa notification body is not JSON');
    }
  }
  if (!isNotification(body)) throw new InputError('Not a YooKassa notification: expected {type:"notification", event, object:{id}}');
  return body;
}
