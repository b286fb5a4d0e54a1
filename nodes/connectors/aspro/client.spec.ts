import { AuthError, createHttpClient, InputError, RateLimitError, RemoteError, runNode } from '../../sdk';
import { asproGetInvoice } from './actions/get-invoice';
import { readAsproAuth } from './auth';
import { asproClient } from './client';
import { asproConnector } from './index';
import type { AsproSimulator } from './simulator';
import { connectionTo, nodeContext, startAspro } from './spec-support';

describe('Aspro.Cloud client', () => {
  let sim: AsproSimulator;
  const getInvoice = (connection: Record<string, string> = {}) =>
    runNode(asproGetInvoice, { connection: 'aspro-main', invoiceId: 1001 }, nodeContext(sim, { connection })).then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error);

  beforeAll(async () => {
    sim = await startAspro();
    sim.addInvoice({ id: 1001 });
  });
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.clearFaults();
  });

  it('accepts the account given as just its subdomain or without a scheme', () => {
    expect(readAsproAuth({ accountUrl: 'romashka', apiKey: 'k' }).baseUrl).toBe('https://romashka.aspro.cloud');
    expect(readAsproAuth({ accountUrl: 'romashka.aspro.cloud/', apiKey: 'k' }).baseUrl).toBe('https://romashka.aspro.cloud');
  });

  it('reports a wrong key as an auth error that is not retried and does not repeat the key', async () => {
    const error = await getInvoice({ apiKey: 'wrong-key-123' });

    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ retryable: false, message: expect.stringContaining('Invalid API key') });
    expect(JSON.stringify({ message: error.message, error })).not.toContain('wrong-key-123');
    expect(sim.requests).toHaveLength(1);
  });

  it('never prints the key, even when Aspro echoes it', async () => {
    sim.injectFault({ status: 400, body: { error: { error_code: 3, error_msg: `bad request for api_key=${sim.apiKey}` } } });
    const error = await getInvoice();

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).not.toContain(sim.apiKey);
  });

  it('reports 429 as a rate limit honouring Retry-After', async () => {
    sim.injectFault({ status: 429, retryAfterSeconds: 4 });
    const error = await getInvoice();

    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 4000 });
  });

  it('reports 5xx and an unreachable account as retryable remote errors', async () => {
    sim.injectFault({ status: 502 });
    const outage = await getInvoice();
    expect(outage).toBeInstanceOf(RemoteError);
    expect(outage).toMatchObject({ status: 502, retryable: true });

    const unreachable = await getInvoice({ accountUrl: 'http://127.0.0.1:1' });
    expect(unreachable).toBeInstanceOf(RemoteError);
    expect(unreachable).toMatchObject({ retryable: true });
  });

  it('reports an error Aspro wraps in a 200 by what it says', async () => {
    const client = asproClient(createHttpClient(), readAsproAuth(connectionTo(sim)), () => new Date());
    sim.injectFault({ status: 200, body: { error: { error_code: 4, error_msg: 'Access denied to module fin' } } });

    await expect(client.get('fin/invoice/list')).rejects.toBeInstanceOf(AuthError);
  });

  it('tests a connection by reading one page of invoices', async () => {
    const ctx = { http: createHttpClient(), now: () => new Date() };
    await expect(asproConnector.testConnection!(connectionTo(sim) as Record<string, string>, ctx)).resolves.toBeUndefined();
    await expect(asproConnector.testConnection!({ ...connectionTo(sim), apiKey: 'stale' } as Record<string, string>, ctx)).rejects.toBeInstanceOf(AuthError);
  });
});
