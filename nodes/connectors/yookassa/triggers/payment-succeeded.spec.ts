import { AuthError, ConfigError, createHttpClient, InputError, RateLimitError, receiveTrigger, type FieldMap, type IncomingRequest, type TriggerContext, type TriggerDefinition, triggerResultList } from '../../../sdk';
import type { YooKassaPayment } from '../api';
import { YooKassaSimulator } from '../simulator';
import notification from '../fixtures/notification-payment-succeeded.json';
import { yookassaPaymentSucceeded } from './payment-succeeded';

const sim = new YooKassaSimulator({ shopId: '100500', secretKey: 'test_secret' });
const params = { connection: 'conn-yookassa', path: 'yookassa-8d2e51' };
const trigger = yookassaPaymentSucceeded.definition as TriggerDefinition<FieldMap>;
const warnings: string[] = [];
let credentials: Record<string, string>;

const ctx: TriggerContext = {
  flowId: 'flow-1',
  now: () => new Date(),
  http: createHttpClient(),
  log: { info: () => undefined, warn: (m) => void warnings.push(m), error: () => undefined },
  credentials: async <T>() => credentials as T,
};

function post(body: unknown, ip = '185.71.76.10'): IncomingRequest {
  const raw = JSON.stringify(body);
  return { method: 'POST', path: params.path, headers: { 'content-type': 'application/json' }, query: {}, body: JSON.parse(raw), rawBody: Buffer.from(raw), ip };
}
// Payment triggers start at most one run per delivery.
const receive = async (request: IncomingRequest) => (await receiveTrigger(yookassaPaymentSucceeded, request, params, ctx))[0] ?? null;

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => {
  sim.reset();
  warnings.length = 0;
  credentials = { shopId: '100500', secretKey: 'test_secret', baseUrl: sim.url };
});

describe('yookassa.paymentSucceeded', () => {
  it('re-reads the payment and emits payment.succeeded keyed by metadata.invoice_id', async () => {
    sim.seed(notification.object as YooKassaPayment);

    const result = await receive(post(notification));

    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'GET',
      path: '/v3/payments/2f6a0b6e-000f-5000-9000-1c0d7e5a9b31',
      headers: { authorization: `Basic ${Buffer.from('100500:test_secret').toString('base64')}` },
    });
    expect(result).toEqual({
      output: expect.objectContaining({
        eventId: 'payment.succeeded:2f6a0b6e-000f-5000-9000-1c0d7e5a9b31',
        type: 'payment.succeeded',
        amount: 1500,
        currency: 'RUB',
        invoiceId: 'INV-2026-0042',
        paymentId: '2f6a0b6e-000f-5000-9000-1c0d7e5a9b31',
        paidAt: '2026-07-26T10:00:05.000Z',
        metadata: { invoice_id: 'INV-2026-0042', kommo_lead_id: '42' },
      }),
      dedupeKey: 'payment.succeeded:2f6a0b6e-000f-5000-9000-1c0d7e5a9b31',
      businessKey: 'INV-2026-0042',
      event: { type: 'payment.succeeded', key: 'INV-2026-0042', data: { amount: 1500, currency: 'RUB', provider: 'yookassa', paymentId: '2f6a0b6e-000f-5000-9000-1c0d7e5a9b31' } },
    });
  });

  it('trusts the fetched payment, not the posted copy', async () => {
    const payment = sim.succeed(sim.createPayment({ amount: { value: '10.00', currency: 'RUB' }, metadata: { invoiceId: 'INV-7' } }).id);
    const forged = sim.notificationBody(payment);
    forged.object.amount = { value: '99999.00', currency: 'RUB' };

    const result = await receive(post(forged));

    expect(result?.output).toMatchObject({ amount: 10, invoiceId: 'INV-7' });
  });

  it('ignores a notification whose payment the API does not report as succeeded', async () => {
    const pending = sim.createPayment({ amount: { value: '10.00', currency: 'RUB' }, metadata: { invoice_id: 'INV-8' } });
    const claim = { ...sim.notificationBody(pending, 'payment.succeeded'), object: { ...pending, status: 'succeeded', paid: true } };

    await expect(receive(post(claim))).resolves.toBeNull();
    expect(warnings).toEqual([expect.stringContaining('not succeeded')]);
  });

  it('refuses a payment that is not in this shop', async () => {
    await expect(receive(post(notification))).rejects.toBeInstanceOf(AuthError);
  });

  it.each([
    ['an official IPv4 network', '77.75.154.200'],
    ['an IPv4-mapped address', '::ffff:185.71.77.31'],
    ['the official IPv6 network', '2a02:5180:0:1509::15'],
  ])('accepts %s', async (_case, ip) => {
    sim.seed(notification.object as YooKassaPayment);

    await expect(receive(post(notification, ip))).resolves.not.toBeNull();
  });

  it.each([
    ['a foreign address', '203.0.113.9'],
    ['an address next to an official network', '185.71.76.32'],
    ['a foreign IPv6 address', '2a02:5181::1'],
    ['no address', ''],
  ])('refuses %s without calling YooKassa', async (_case, ip) => {
    sim.seed(notification.object as YooKassaPayment);

    await expect(receive(post(notification, ip))).rejects.toBeInstanceOf(AuthError);
    expect(sim.requests).toHaveLength(0);
  });

  it('accepts extra networks from the connection, such as loopback for the simulator', async () => {
    sim.seed(notification.object as YooKassaPayment);
    credentials.extraAllowedNetworks = '10.0.0.0/8, 127.0.0.1/32';

    await expect(receive(post(notification, '127.0.0.1'))).resolves.not.toBeNull();
    await expect(receive(post(notification, '127.0.0.2'))).rejects.toBeInstanceOf(AuthError);
  });

  it('ignores other events without calling YooKassa', async () => {
    await expect(receive(post({ ...notification, event: 'payment.canceled' }))).resolves.toBeNull();
    expect(sim.requests).toHaveLength(0);
  });

  it('rejects a body that is not a notification', async () => {
    await expect(receive(post({ hello: 'world' }))).rejects.toBeInstanceOf(InputError);
  });

  it('reports wrong shop credentials as a configuration problem', async () => {
    credentials.secretKey = 'wrong';

    await expect(receive(post(notification))).rejects.toBeInstanceOf(ConfigError);
  });

  it('stores the delivery without calling YooKassa; the re-read happens in the run', async () => {
    const [stored] = triggerResultList(await trigger.receive!(post(notification), params, ctx));
    expect(sim.requests).toHaveLength(0);
    expect(stored).toEqual({ output: { eventId: 'payment.succeeded:2f6a0b6e-000f-5000-9000-1c0d7e5a9b31', type: 'payment.succeeded', paymentId: '2f6a0b6e-000f-5000-9000-1c0d7e5a9b31' }, dedupeKey: 'payment.succeeded:2f6a0b6e-000f-5000-9000-1c0d7e5a9b31' });
  });

  it('leaves the retry to the engine when its API fails or throttles', async () => {
    sim.seed(notification.object as YooKassaPayment);
    sim.injectFault({ status: 503 });
    await expect(receive(post(notification))).rejects.toMatchObject({ kind: 'remote', status: 503, retryable: true });

    sim.injectFault({ status: 429, retryAfterSeconds: 3 });
    const error = await receive(post(notification)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3000);
  });
});
