import { AuthError, describeNode, ConfigError, createHttpClient, RateLimitError } from '../../sdk';
import { stripeConnector } from './index';
import { StripeSimulator } from './simulator';

const sim = new StripeSimulator({ apiKey: 'sk_test_1' });
const ctx = { http: createHttpClient(), now: () => new Date() };
const test = (credentials: Record<string, string>) => stripeConnector.testConnection!({ baseUrl: sim.url, webhookSecret: 'whsec_1', ...credentials }, ctx);

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('stripe connector', () => {
  it('describes every node for the catalogue', () => {
    for (const node of stripeConnector.nodes) {
      const description = describeNode(node);
      expect(description).toMatchObject({ connector: stripeConnector.key, category: expect.any(String), sampleOutput: expect.anything() });
      expect(description.inputSchema.required).toContain('connection');
    }
  });

  it('declares its trigger and secret fields', () => {
    expect(stripeConnector.nodes.map((n) => n.type)).toEqual(['stripe.paymentSucceeded']);
    expect(stripeConnector.secretFields).toEqual(['webhookSecret', 'apiKey']);
  });

  it('checks the API key when there is one', async () => {
    await expect(test({ apiKey: 'sk_test_1' })).resolves.toBeUndefined();
    expect(sim.requests[0]).toMatchObject({ method: 'GET', path: '/v1/events', query: { limit: '1' }, headers: { authorization: 'Bearer sk_test_1' } });
    await expect(test({ apiKey: 'sk_test_wrong' })).rejects.toBeInstanceOf(AuthError);
  });

  it('needs the signing secret', async () => {
    await expect(stripeConnector.testConnection!({ baseUrl: sim.url }, ctx)).rejects.toBeInstanceOf(ConfigError);
  });

  it('maps 429 and 5xx from the API', async () => {
    sim.injectFault({ status: 429, retryAfterSeconds: 2 });
    await expect(test({ apiKey: 'sk_test_1' })).rejects.toMatchObject({ constructor: RateLimitError, retryAfterMs: 2000 });
    sim.injectFault({ status: 500 });
    await expect(test({ apiKey: 'sk_test_1' })).rejects.toMatchObject({ kind: 'remote', retryable: true });
  });
});

describe('StripeSimulator', () => {
  it('serves the events it built', async () => {
    const event = sim.paymentIntentSucceeded({ amount: 1000, metadata: { invoice_id: '7' } });
    const response = await fetch(`${sim.url}/v1/events/${event.id}`, { headers: { authorization: 'Bearer sk_test_1' } });

    expect(await response.json()).toEqual(event);
    expect((await fetch(`${sim.url}/v1/events/evt_missing`, { headers: { authorization: 'Bearer sk_test_1' } })).status).toBe(404);
  });
});
