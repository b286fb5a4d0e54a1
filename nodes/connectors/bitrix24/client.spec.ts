import { AuthError, ConfigError, createHttpClient, RateLimitError, RemoteError, type HttpClient, type HttpRequest } from '../../sdk';
import { bitrix24Client, type BatchCommand } from './client';
import type { Bitrix24Simulator } from './simulator';
import { connectionTo, startBitrix24 } from './spec-support';

describe('Bitrix24 client', () => {
  let sim: Bitrix24Simulator;
  const client = (overrides: Record<string, string> = {}) => bitrix24Client(createHttpClient(), connectionTo(sim, overrides));
  const failure = (work: Promise<unknown>) => work.then(() => undefined, (e: unknown) => e);

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.calls.length = 0;
    sim.clearFaults();
    sim.rateLimit = null;
    sim.deals.clear();
  });

  it('posts JSON to <webhook>/<method>.json and answers the envelope', async () => {
    sim.addDeal({ ID: '410' });
    const answer = await client().call<{ ID: string }>('crm.deal.get', { id: 410 });

    expect(sim.requests[0]).toMatchObject({ method: 'POST', path: `/rest/1/${sim.secret}/crm.deal.get.json`, body: { id: 410 } });
    expect(sim.requests[0].headers['content-type']).toBe('application/json');
    expect(answer).toMatchObject({ result: { ID: '410' }, time: { duration: expect.any(Number) } });
  });

  it('accepts the webhook URL without its trailing slash and refuses other shapes before calling', () => {
    const base = sim.webhookUrl.replace(/\/$/, '');
    expect(() => client({ webhookUrl: base })).not.toThrow();
    expect(() => client({ webhookUrl: `${sim.url}/rest/api/` })).toThrow(ConfigError);
    expect(() => client({ webhookUrl: 'http://example.bitrix24.ru/rest/1/secret/' })).toThrow(/must use https/);
    expect(() => client({ webhookUrl: 'not a url' })).toThrow(ConfigError);
  });

  it('maps a wrong webhook code to an auth error that names neither the code nor the URL', async () => {
    const error = await failure(client({ webhookUrl: `${sim.url}/rest/1/wrong-code/` }).call('profile'));

    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe(`Bitrix24 ${new URL(sim.url).host} profile answered 401 NO_AUTH_FOUND: Wrong authorization data`);
    expect((error as Error).message).not.toContain('wrong-code');
  });

  it.each([
    ['QUERY_LIMIT_EXCEEDED', 503, RateLimitError, { retryable: true, retryAfterMs: 1000 }],
    ['expired_token', 401, AuthError, { retryable: false }],
    ['INVALID_CREDENTIALS', 403, AuthError, { retryable: false }],
    ['ERROR_NOT_FOUND', 400, RemoteError, { status: 404, retryable: false }],
    ['', 400, RemoteError, { status: 400, retryable: false }],
    ['INTERNAL_SERVER_ERROR', 500, RemoteError, { status: 500, retryable: true }],
  ])('maps error code "%s" with status %i to a typed error', async (code, status, type, shape) => {
    sim.injectFault({ status, body: { error: code, error_description: 'from the portal' } });
    const error = await failure(client().call('profile'));

    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject(shape);
  });

  it('reports an unreachable portal as a retryable remote error', async () => {
    const error = await failure(client({ webhookUrl: 'http://127.0.0.1:1/rest/1/code/' }).call('profile'));

    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ retryable: true });
  });

  it('reads every page of a list of more than 50 items, following next', async () => {
    for (let i = 0; i < 120; i++) sim.addDeal({ TITLE: `Deal ${i}` });
    const page = await client().list('crm.deal.list', { filter: { CATEGORY_ID: 0 } }, (r) => r as { ID: string }[]);

    expect(page.items).toHaveLength(120);
    expect(new Set(page.items.map((d) => d.ID)).size).toBe(120);
    expect(page).toMatchObject({ total: 120, truncated: false });
    expect(sim.calls.map((c) => c.params.start)).toEqual([0, 50, 100]);
  });

  it('stops at the page bound and says the list was cut', async () => {
    for (let i = 0; i < 120; i++) sim.addDeal();
    const page = await client().list('crm.deal.list', {}, (r) => r as unknown[], { maxPages: 2 });

    expect(page).toMatchObject({ total: 120, truncated: true });
    expect(page.items).toHaveLength(100);
  });

  it('sends several calls as one batch with PHP-encoded commands and answers each by key', async () => {
    sim.addDeal({ ID: '7' });
    const commands = new Map<string, BatchCommand>([
      ['deal', { method: 'crm.deal.get', params: { id: 7 } }],
      ['stages', { method: 'crm.status.list', params: { filter: { ENTITY_ID: 'DEAL_STAGE' } } }],
      ['missing', { method: 'crm.deal.get', params: { id: 999 } }],
    ]);
    const { results, errors } = await client().batch(commands);

    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0].body).toEqual({ halt: 0, cmd: { deal: 'crm.deal.get?id=7', stages: 'crm.status.list?filter%5BENTITY_ID%5D=DEAL_STAGE', missing: 'crm.deal.get?id=999' } });
    expect(results.get('deal')).toMatchObject({ ID: '7' });
    expect((results.get('stages') as unknown[]).length).toBe(5);
    expect(errors.get('missing')).toMatchObject({ status: 404, retryable: false });
  });

  it('with halt, stops the batch at the first failure and throws it', async () => {
    const commands = new Map<string, BatchCommand>([['missing', { method: 'crm.deal.get', params: { id: 999 } }], ['after', { method: 'profile' }]]);
    const error = await failure(client().batch(commands, { halt: true }));

    expect(error).toBeInstanceOf(RemoteError);
    expect(sim.calls.filter((c) => c.inBatch).map((c) => c.method)).toEqual(['crm.deal.get']);
  });

  it('refuses more than 50 commands in one batch before calling', async () => {
    const commands = new Map<string, BatchCommand>(Array.from({ length: 51 }, (_, i) => [`c${i}`, { method: 'profile' }]));

    await expect(client().batch(commands)).rejects.toBeInstanceOf(ConfigError);
    expect(sim.requests).toHaveLength(0);
  });

  it('treats a 200 that carries an error as the error it is', async () => {
    const http: HttpClient = { request: async <T>(_req: HttpRequest) => ({ status: 200, headers: {}, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } as T }) };
    const error = await failure(bitrix24Client(http, connectionTo(sim)).call('profile'));

    expect(error).toBeInstanceOf(RateLimitError);
  });
});
