import { AuthError, describeNode, createHttpClient } from '../../sdk';
import type { YooKassaPayment } from './api';
import { yookassaConnector } from './index';
import { YooKassaSimulator } from './simulator';

const sim = new YooKassaSimulator({ shopId: '100500', secretKey: 'test_secret' });
const authorization = `Basic ${Buffer.from('100500:test_secret').toString('base64')}`;
const create = (key: string | undefined, body: unknown) =>
  fetch(`${sim.url}/v3/payments`, { method: 'POST', headers: { authorization, 'content-type': 'application/json', ...(key && { 'idempotence-key': key }) }, body: JSON.stringify(body) });
const order = { amount: { value: '1500.00', currency: 'RUB' }, capture: true, confirmation: { type: 'redirect', return_url: 'https://shop.test/thanks' }, description: 'Invoice 42', metadata: { invoice_id: '42' } };

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('YooKassaSimulator', () => {
  it('creates one payment per Idempotence-Key', async () => {
    const first = (await (await create('key-1', order)).json()) as YooKassaPayment;
    const again = await (await create('key-1', order)).json();

    expect(again).toEqual(first);
    expect(sim.payments.size).toBe(1);
    expect(first).toMatchObject({ status: 'pending', paid: false, amount: order.amount, metadata: { invoice_id: '42' }, confirmation: { type: 'redirect', return_url: 'https://shop.test/thanks' } });
    expect(first.confirmation?.confirmation_url).toContain(first.id);
  });

  it('refuses a create without Idempotence-Key or reusing one for another body', async () => {
    expect((await create(undefined, order)).status).toBe(400);
    await create('key-1', order);
    const reused = await create('key-1', { ...order, description: 'other' });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ type: 'error', code: 'invalid_request', parameter: 'Idempotence-Key' });
  });

  it('walks a payment to succeeded and builds its notification', async () => {
    const payment = sim.succeed(sim.createPayment(order).id);

    expect(sim.notificationBody(payment)).toMatchObject({ type: 'notification', event: 'payment.succeeded', object: { id: payment.id, status: 'succeeded', paid: true, income_amount: { currency: 'RUB' } } });
    const held = sim.succeed(sim.createPayment({ ...order, capture: false }).id);
    expect(held.status).toBe('waiting_for_capture');
  });
});

describe('yookassa connector', () => {
  const ctx = { http: createHttpClient(), now: () => new Date() };

  it('describes every node for the catalogue', () => {
    for (const node of yookassaConnector.nodes) {
      const description = describeNode(node);
      expect(description).toMatchObject({ connector: yookassaConnector.key, category: expect.any(String), sampleOutput: expect.anything() });
      expect(description.inputSchema.required).toContain('connection');
    }
  });

  it('declares its trigger and secret', () => {
    expect(yookassaConnector.nodes.map((n) => n.type)).toEqual(['yookassa.paymentSucceeded']);
    expect(yookassaConnector.secretFields).toEqual(['secretKey']);
  });

  it('tests a connection by listing payments', async () => {
    await expect(yookassaConnector.testConnection!({ shopId: '100500', secretKey: 'test_secret', baseUrl: sim.url }, ctx)).resolves.toBeUndefined();
    expect(sim.requests[0]).toMatchObject({ method: 'GET', path: '/v3/payments', query: { limit: '1' } });
    await expect(yookassaConnector.testConnection!({ shopId: '100500', secretKey: 'nope', baseUrl: sim.url }, ctx)).rejects.toBeInstanceOf(AuthError);
  });
});
