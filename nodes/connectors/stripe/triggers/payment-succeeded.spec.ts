import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthError, createHttpClient, InputError, type FieldMap, type IncomingRequest, type TriggerContext, type TriggerDefinition, triggerResultList } from '../../../sdk';
import { signStripePayload } from '../signature';
import { StripeSimulator } from '../simulator';
import { stripePaymentSucceeded } from './payment-succeeded';

const secret = 'whsec_test_5f1c8a';
const now = new Date('2026-07-26T10:00:00Z');
const nowSeconds = now.getTime() / 1000;
const params = { connection: 'conn-stripe', path: 'stripe-3f9a1c' };
const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures', name), 'utf8');

const ctx: TriggerContext = {
  flowId: 'flow-1',
  now: () => now,
  http: createHttpClient(),
  log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  credentials: async <T>() => ({ webhookSecret: secret, baseUrl: 'https://api.stripe.com' }) as T,
};

function delivery(body: string, signature?: string): IncomingRequest {
  return {
    method: 'POST',
    path: params.path,
    headers: { 'content-type': 'application/json; charset=utf-8', ...(signature && { 'stripe-signature': signature }) },
    query: {},
    body: JSON.parse(body),
    rawBody: Buffer.from(body),
    ip: '54.187.174.169',
  };
}

const trigger = stripePaymentSucceeded.definition as TriggerDefinition<FieldMap>;
// Payment triggers start at most one run per delivery.
const receive = async (request: IncomingRequest) => triggerResultList(await trigger.receive!(request, params, ctx))[0] ?? null;
const signed = (body: string, timestamp = nowSeconds - 5) => delivery(body, signStripePayload(body, secret, timestamp));

describe('stripe.paymentSucceeded', () => {
  it('turns a signed payment_intent.succeeded into a payment keyed by metadata.invoice_id', async () => {
    const result = await receive(signed(fixture('payment-intent-succeeded.json')));

    expect(result).toEqual({
      output: expect.objectContaining({
        eventId: 'evt_3PqR8s2eZvKYlo2C1x0yJ9Ab',
        type: 'payment_intent.succeeded',
        amount: 590,
        amountMinor: 59000,
        currency: 'ILS',
        invoiceId: '3001',
        paymentId: 'pi_3PqR8s2eZvKYlo2C1GcDk4Tz',
        metadata: { invoice_id: '3001', kommo_lead_id: '42' },
        object: expect.objectContaining({ object: 'payment_intent' }),
      }),
      dedupeKey: 'evt_3PqR8s2eZvKYlo2C1x0yJ9Ab',
      businessKey: '3001',
      event: { type: 'payment.succeeded', key: '3001', data: { amount: 590, currency: 'ILS', provider: 'stripe', paymentId: 'pi_3PqR8s2eZvKYlo2C1GcDk4Tz' } },
    });
  });

  it('takes a paid Checkout session, keyed by client_reference_id when metadata has no invoice id', async () => {
    const result = await receive(signed(fixture('checkout-session-completed.json')));

    expect(result?.output).toMatchObject({ amount: 125, currency: 'EUR', invoiceId: 'INV-2026-0042', paymentId: 'pi_3PqS0s2eZvKYlo2C0AbCdEfG' });
    expect(result?.event?.key).toBe('INV-2026-0042');
  });

  it('ignores a Checkout session that is not paid yet', async () => {
    const event = JSON.parse(fixture('checkout-session-completed.json'));
    event.data.object.payment_status = 'unpaid';

    await expect(receive(signed(JSON.stringify(event)))).resolves.toBeNull();
  });

  it('ignores other event types', async () => {
    await expect(receive(signed(fixture('charge-refunded.json')))).resolves.toBeNull();
  });

  it('starts a run without an event when no invoice id is present', async () => {
    const event = JSON.parse(fixture('payment-intent-succeeded.json'));
    event.data.object.metadata = {};

    const result = await receive(signed(JSON.stringify(event)));

    expect(result).toMatchObject({ dedupeKey: event.id, businessKey: undefined, event: undefined, output: { invoiceId: null } });
  });

  it('converts zero-decimal currencies', async () => {
    const event = JSON.parse(fixture('payment-intent-succeeded.json'));
    Object.assign(event.data.object, { currency: 'jpy', amount: 5000, amount_received: 5000 });

    expect((await receive(signed(JSON.stringify(event))))?.output).toMatchObject({ amount: 5000, currency: 'JPY' });
  });

  it('accepts any of several v1 signatures, as during a secret roll', async () => {
    const body = fixture('payment-intent-succeeded.json');
    const good = signStripePayload(body, secret, nowSeconds);
    const old = signStripePayload(body, 'whsec_old', nowSeconds).split(',')[1];

    await expect(receive(delivery(body, `${good.split(',')[0]},${old},${good.split(',')[1]},v0=deadbeef`))).resolves.not.toBeNull();
  });

  it.each([
    ['no header', undefined],
    ['a wrong secret', signStripePayload(fixture('payment-intent-succeeded.json'), 'whsec_other', nowSeconds)],
    ['only a v0 signature', `t=${nowSeconds},v0=${'a'.repeat(64)}`],
    ['no timestamp', signStripePayload(fixture('payment-intent-succeeded.json'), secret, nowSeconds).split(',')[1]],
  ])('refuses a delivery with %s', async (_case, signature) => {
    await expect(receive(delivery(fixture('payment-intent-succeeded.json'), signature))).rejects.toBeInstanceOf(AuthError);
  });

  it('refuses a body changed after signing', async () => {
    const body = fixture('payment-intent-succeeded.json');
    const tampered = body.replace('"amount_received": 59000', '"amount_received": 1');

    await expect(receive(delivery(tampered, signStripePayload(body, secret, nowSeconds)))).rejects.toBeInstanceOf(AuthError);
  });

  it('refuses a signature older than 300 s but takes one just inside', async () => {
    const body = fixture('payment-intent-succeeded.json');

    await expect(receive(signed(body, nowSeconds - 301))).rejects.toThrow(/301 s old/);
    await expect(receive(signed(body, nowSeconds - 299))).resolves.not.toBeNull();
  });

  it('reports a signed body that is not JSON as bad input', async () => {
    const body = 'not json';
    const request = { ...delivery('{}', signStripePayload(body, secret, nowSeconds)), rawBody: Buffer.from(body) };

    await expect(receive(request)).rejects.toBeInstanceOf(InputError);
  });

  it('accepts what the StripeSimulator delivers', async () => {
    const sim = new StripeSimulator();
    const event = sim.checkoutSessionCompleted({ amount: 5000, currency: 'usd', metadata: { invoice_id: 'INV-9' } });
    const { body, headers } = sim.signedDelivery(event, secret, nowSeconds);

    const result = await receive({ ...delivery(body), headers });

    expect(result?.event).toEqual({ type: 'payment.succeeded', key: 'INV-9', data: { amount: 50, currency: 'USD', provider: 'stripe', paymentId: event.data.object.payment_intent } });
  });

  it('listens on the literal hook path', () => {
    expect(trigger.hookPath?.({ path: '/stripe-3f9a1c/' })).toBe('stripe-3f9a1c');
  });
});
