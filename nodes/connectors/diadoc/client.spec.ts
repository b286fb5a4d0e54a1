import { AuthError, createHttpClient, InputError, RateLimitError, RemoteError } from '../../sdk';
import { readDiadocAuth } from './auth';
import { diadocClient, DiadocTokens } from './client';
import type { DiadocSimulator } from './simulator';
import { connectionTo, startDiadoc } from './spec-support';

const ORGS = { method: 'GET' as const, path: '/GetMyOrganizations' };

describe('Diadoc client', () => {
  let sim: DiadocSimulator;
  let tokens: DiadocTokens;
  const client = (connection: Record<string, string | undefined> = {}, target = sim) =>
    diadocClient(createHttpClient(), readDiadocAuth(connectionTo(target, connection)), { now: () => new Date(), tokens });
  const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error);
  const paths = () => sim.requests.map((r) => `${r.method} ${r.path}`);

  beforeAll(async () => (sim = await startDiadoc()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    tokens = new DiadocTokens();
  });

  it('authenticates with the password carrying only the developer key, then sends the DiadocAuth header with the token, in JSON', async () => {
    await client().call(ORGS);

    const [login, call] = sim.requests;
    expect(login).toMatchObject({ method: 'POST', path: '/V3/Authenticate', query: { type: 'password' }, body: { login: sim.login, password: sim.password } });
    expect(login.headers.authorization).toBe(`DiadocAuth ddauth_api_client_id=${sim.apiClientId}`);
    expect(login.headers['content-type']).toBe('application/json; charset=utf-8');
    const token = [...sim.tokens.keys()].at(-1);
    expect(call.headers.authorization).toBe(`DiadocAuth ddauth_api_client_id=${sim.apiClientId},ddauth_token=${token}`);
    expect(call.headers.accept).toBe('application/json');
  });

  it('keeps the token for the connection: a second client and concurrent callers authenticate no more', async () => {
    const c = client();
    await Promise.all([c.call(ORGS), c.call(ORGS), client().call(ORGS)]);

    expect(paths().filter((p) => p === 'POST /V3/Authenticate')).toHaveLength(1);
  });

  it('renews an expired token once and repeats the call', async () => {
    await client().call(ORGS);
    sim.expireTokens();
    sim.requests.length = 0;

    await expect(client().call(ORGS)).resolves.toMatchObject({ status: 200 });
    expect(paths()).toEqual(['GET /GetMyOrganizations', 'POST /V3/Authenticate', 'GET /GetMyOrganizations']);
    const [expired, renewed] = sim.requests.filter((r) => r.method === 'GET').map((r) => r.headers.authorization);
    expect(renewed).not.toBe(expired);
  });

  it('gives up with an auth error when Diadoc refuses even a fresh token', async () => {
    const stale = await startDiadoc({ tokenTtlMs: -1 });
    try {
      const error = await failure(client({}, stale).call(ORGS));
      expect(error).toBeInstanceOf(AuthError);
      expect(stale.requests.map((r) => r.path)).toEqual(['/V3/Authenticate', '/GetMyOrganizations', '/V3/Authenticate', '/GetMyOrganizations']);
    } finally {
      await stale.stop();
    }
  });

  it('uses a ready token as it is, and reports its expiry as an auth error without trying to log in', async () => {
    await client().call(ORGS);
    const token = [...sim.tokens.keys()].at(-1)!;
    sim.requests.length = 0;
    const ready = client({ login: undefined, password: undefined, token });

    await ready.call(ORGS);
    expect(sim.requests[0].headers.authorization).toContain(`ddauth_token=${token}`);
    sim.expireTokens();
    const error = await failure(ready.call(ORGS));

    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).not.toContain(token);
    expect(paths()).not.toContain('POST /V3/Authenticate');
  });

  it('reports a wrong password as an auth error, once, without the password or the developer key', async () => {
    const error = await failure(client({ password: 'wrong-Pa55' }).call(ORGS));

    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ retryable: false });
    const shown = `${error.message} ${JSON.stringify(error)}`;
    expect(shown).not.toContain('wrong-Pa55');
    expect(shown).not.toContain(sim.apiClientId);
    expect(sim.requests).toHaveLength(1);
  });

  it('refuses a connection without a developer key or without a way to get a token', () => {
    expect(() => readDiadocAuth({ login: 'a', password: 'b' })).toThrow(/developer key/);
    expect(() => readDiadocAuth({ apiClientId: 'k', login: 'a' })).toThrow(/login and a password, or a token/);
  });

  describe('error mapping', () => {
    it('429 is a rate limit honouring Retry-After; 503 with Retry-After too; 500 retries', async () => {
      const c = client();
      sim.injectFault({ status: 429, retryAfterSeconds: 7, pathPrefix: '/GetMyOrganizations' });
      expect(await failure(c.call(ORGS))).toMatchObject({ constructor: RateLimitError, retryAfterMs: 7000 });
      sim.injectFault({ status: 503, retryAfterSeconds: 2, pathPrefix: '/GetMyOrganizations' });
      expect(await failure(c.call(ORGS))).toMatchObject({ constructor: RateLimitError, retryAfterMs: 2000 });
      sim.injectFault({ status: 500, pathPrefix: '/GetMyOrganizations' });
      const error = await failure(c.call(ORGS));
      expect(error).toBeInstanceOf(RemoteError);
      expect(error).toMatchObject({ retryable: true, status: 500 });
    });

    it('400 is bad input naming the param Diadoc complains about; 403 and 402 are auth errors; 404 is not retried', async () => {
      const c = client();
      const bad = await failure(c.call({ method: 'GET', path: '/V3/GetMessage', query: { boxId: sim.ourBoxId, messageId: 'nope' } }, { params: { messageId: 'messageId', boxId: 'boxId' } }));
      expect(bad).toBeInstanceOf(InputError);
      expect(bad).toMatchObject({ field: 'messageId' });

      const forbidden = await failure(c.call({ method: 'GET', path: '/V3/GetMessage', query: { boxId: 'other@diadoc.ru', messageId: crypto.randomUUID() } }));
      expect(forbidden).toBeInstanceOf(AuthError);
      sim.injectFault({ status: 402, body: 'Subscription expired', pathPrefix: '/GetMyOrganizations' });
      expect(await failure(c.call(ORGS))).toBeInstanceOf(AuthError);

      const missing = await failure(c.call({ method: 'GET', path: '/V3/GetMessage', query: { boxId: sim.ourBoxId, messageId: crypto.randomUUID() } }));
      expect(missing).toBeInstanceOf(RemoteError);
      expect(missing).toMatchObject({ status: 404, retryable: false });
    });

    it('never repeats a secret Diadoc echoes back', async () => {
      sim.injectFault({ status: 400, body: `bad key ${sim.apiClientId} with password ${sim.password}`, pathPrefix: '/GetMyOrganizations' });
      const error = await failure(client().call(ORGS));
      expect(error.message).toContain('***');
      expect(`${error.message} ${JSON.stringify(error)}`).not.toMatch(new RegExp(`${sim.apiClientId}|${sim.password.replace('!', '\\!')}`));
    });
  });
});
