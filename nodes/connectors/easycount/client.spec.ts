import { AuthError, createHttpClient, RateLimitError, RemoteError } from '../../sdk';
import { readEasyCountAuth } from './auth';
import { easycountApi } from './api';
import { easycountClient } from './client';
import { EasyCountSimulator } from './simulator';
import allocationPending from './fixtures/create-doc.allocation-pending.json';

const sim = new EasyCountSimulator({ apiKey: 'key-1' });
const now = new Date('2026-07-26T10:00:00Z');
const api = (apiKey = 'key-1', baseUrl = sim.url) =>
  easycountApi(easycountClient({ http: createHttpClient(), now: () => now, auth: readEasyCountAuth({ apiKey, developerEmail: 'dev@flowbridge.test', baseUrl }) }));
const doc = {
  type: 'invoice' as const,
  customer: { name: 'Dana Levi' },
  items: [{ description: 'Tour', quantity: 1, price: 100, vatType: 'INC' as const }],
  currency: 'ILS',
  language: 'he' as const,
  sendByEmail: false,
  transactionId: 't-1',
};

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('EasyCount client errors', () => {
  it('reports a wrong API key as an auth error', async () => {
    const error = await api('wrong').createDoc(doc).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toBe('EasyCount: api_key is not valid');
    expect(sim.docs).toHaveLength(0);
  });

  it('honours Retry-After on 429', async () => {
    sim.injectFault({ status: 429, retryAfterSeconds: 7 });

    const error = await api().createDoc(doc).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
  });

  it('marks 5xx as retryable', async () => {
    sim.injectFault({ status: 502 });

    await expect(api().createDoc(doc)).rejects.toMatchObject({ kind: 'remote', status: 502, retryable: true });
  });

  it('never retries a 417 and keeps the vendor message', async () => {
    sim.injectFault({ status: 417, body: allocationPending });

    const error = await api().createDoc(doc).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ status: 417, retryable: false, message: `EasyCount: ${allocationPending.errMsg}` });
  });

  it('answers 417 for documents waiting for an allocation number', async () => {
    sim.allocationThreshold = 5000;

    await expect(api().createDoc({ ...doc, items: [{ ...doc.items[0], price: 25_000 }] })).rejects.toMatchObject({ status: 417, retryable: false });
    expect(sim.docs).toHaveLength(0);
    sim.allocationThreshold = undefined;
  });

  it('treats a refused document as a non-retryable business error', async () => {
    await expect(api().createDoc({ ...doc, items: [] })).rejects.toMatchObject({
      kind: 'remote',
      retryable: false,
      message: 'EasyCount: item must list at least one line',
    });
  });

  it('retries network faults', async () => {
    await expect(api('key-1', 'http://127.0.0.1:9').createDoc(doc)).rejects.toMatchObject({ kind: 'remote', retryable: true });
  });
});
