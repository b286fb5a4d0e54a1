import { AuthError, createHttpClient, InputError, RateLimitError, RemoteError } from '../../sdk';
import { readSbisAuth } from './auth';
import { sbisClient, SbisSessions } from './client';
import type { SbisSimulator } from './simulator';
import { connectionTo, startSbis } from './spec-support';

const READ = 'СБИС.ПрочитатьДокумент';
const AUTH = 'СБИС.Аутентифицировать';
const MISSING = { Документ: { Идентификатор: '00000000-0000-4000-8000-000000000000' } };

describe('SBIS client', () => {
  let sim: SbisSimulator;
  let sessions: SbisSessions;
  const client = (connection: Record<string, string | undefined> = {}, target = sim) =>
    sbisClient(createHttpClient(), readSbisAuth(connectionTo(target, connection)), { now: () => new Date(), sessions });
  const changes = (c = client()) => c.call('СБИС.СписокИзменений', { Фильтр: { ДатаВремяС: '01.03.2026 00.00.00' } });
  const expectError = (error: Error, type: new (...args: never[]) => Error, fields: Record<string, unknown>) => {
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject(fields);
  };
  const failure = (work: Promise<unknown>) => work.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error);

  beforeAll(async () => (sim = await startSbis()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.clearFaults();
    sessions = new SbisSessions();
  });

  it('logs in with СБИС.Аутентифицировать, then calls the service with the session header', async () => {
    await changes();

    const [login, call] = sim.requests;
    expect(login).toMatchObject({ method: 'POST', path: '/auth/service/' });
    expect(login.headers['content-type']).toBe('application/json-rpc; charset=utf-8');
    expect(login.body).toEqual({ jsonrpc: '2.0', method: AUTH, params: { Параметр: { Логин: sim.login, Пароль: sim.password } }, id: expect.any(Number) });
    expect(call).toMatchObject({ method: 'POST', path: '/service/', query: { srv: '1' } });
    expect(call.headers['x-sbissessionid']).toBe([...sim.sessions.keys()].at(-1));
    expect(call.body).toEqual({ jsonrpc: '2.0', method: 'СБИС.СписокИзменений', params: { Фильтр: { ДатаВремяС: '01.03.2026 00.00.00' } }, id: expect.any(Number) });
  });

  it('keeps the session for the connection: a second client logs in no more', async () => {
    await changes();
    await changes(client());

    expect(sim.calls(AUTH)).toHaveLength(1);
    const [first, second] = sim.calls('СБИС.СписокИзменений').map((r) => r.headers['x-sbissessionid']);
    expect(second).toBe(first);
  });

  it('renews an expired session once and repeats the call', async () => {
    await changes();
    sim.expireSessions();
    sim.requests.length = 0;
    const issued = sim.sessions.size;

    await expect(changes()).resolves.toMatchObject({ Навигация: { ЕстьЕще: 'Нет' } });
    expect(sim.requests.map((r) => r.body && (r.body as { method: string }).method)).toEqual(['СБИС.СписокИзменений', AUTH, 'СБИС.СписокИзменений']);
    expect(sim.sessions.size).toBe(issued + 1);
    const [expired, renewed] = sim.calls('СБИС.СписокИзменений').map((r) => r.headers['x-sbissessionid']);
    expect(renewed).not.toBe(expired);
  });

  it('also recognises the bare "Not authorized." error SBIS answers with HTTP 200', async () => {
    const bare = await startSbis({ expiredAnswer: 'bareError' });
    try {
      const c = client({}, bare);
      await c.call('СБИС.СписокИзменений', { Фильтр: {} });
      bare.expireSessions();
      bare.requests.length = 0;

      await expect(c.call('СБИС.СписокИзменений', { Фильтр: {} })).resolves.toBeDefined();
      expect(bare.calls(AUTH)).toHaveLength(1);
    } finally {
      await bare.stop();
    }
  });

  it('reports a wrong password as an auth error, without retrying and without the password', async () => {
    const error = await failure(changes(client({ password: 'wrong-Pa55' })));

    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ retryable: false });
    expect(error.message).toContain('Неверный логин или пароль');
    expect(error.message).not.toContain('wrong-Pa55');
    expect(JSON.stringify(error)).not.toContain('wrong-Pa55');
    expect(sim.requests).toHaveLength(1);
  });

  it('gives up with an auth error when SBIS refuses even a fresh session', async () => {
    const stale = await startSbis({ sessionTtlMs: -1 });
    try {
      const error = await failure(client({}, stale).call('СБИС.СписокИзменений', { Фильтр: {} }));

      expect(error).toBeInstanceOf(AuthError);
      expect(stale.calls(AUTH)).toHaveLength(2);
      expect(stale.calls('СБИС.СписокИзменений')).toHaveLength(2);
    } finally {
      await stale.stop();
    }
  });

  it('logs in once for callers that need a session at the same moment', async () => {
    const c = client();
    await Promise.all([changes(c), changes(c), changes(c)]);

    expect(sim.calls(AUTH)).toHaveLength(1);
  });

  describe('error mapping', () => {
    it('reports 429 as a rate limit honouring Retry-After, and 5 s without one', async () => {
      await changes();
      sim.injectFault({ status: 429, retryAfterSeconds: 7, pathPrefix: '/service' });
      expectError(await failure(changes()), RateLimitError, { retryable: true, retryAfterMs: 7000 });

      sim.injectRpcError('СБИС.СписокИзменений', { code: -32000, message: 'Превышен лимит запросов к API' });
      expectError(await failure(changes()), RateLimitError, { retryAfterMs: 5000 });
    });

    it('reports 5xx without a JSON-RPC error, and unreachable SBIS, as retryable remote errors', async () => {
      await changes();
      sim.injectFault({ status: 503, pathPrefix: '/service' });
      expectError(await failure(changes()), RemoteError, { status: 503, retryable: true });

      const error = await failure(changes(client({ baseUrl: 'http://127.0.0.1:1' })));
      expect(error).toBeInstanceOf(RemoteError);
      expect(error).toMatchObject({ retryable: true });
    });

    it('reports an SBIS outage at login as retryable, not as wrong credentials', async () => {
      sim.injectFault({ status: 502, pathPrefix: '/auth' });

      expectError(await failure(changes()), RemoteError, { retryable: true });
    });

    it('reports invalid params as an input error naming the node param behind the SBIS field', async () => {
      sim.injectRpcError(READ, { code: -32602, message: 'Неверные параметры', details: 'Поле «Контрагент.СвЮЛ.КПП»: неверный КПП' });
      const error = await failure(client().call(READ, MISSING, { fields: { 'Контрагент.СвЮЛ.КПП': 'counterpartyKpp' }, field: 'documentId' }));

      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'counterpartyKpp', message: expect.stringContaining('неверный КПП') });
    });

    it('blames the call\'s own param when SBIS names a field the node does not have', async () => {
      const error = await failure(client().call('СБИС.СписокИзменений', {}, { field: 'documentType' }));

      expect(error).toBeInstanceOf(InputError);
      expect(error).toMatchObject({ field: 'documentType', message: expect.stringContaining('В объекте нет поля Фильтр') });
    });

    it('reports a missing document as a remote 404 that is not retried', async () => {
      expectError(await failure(client().call(READ, MISSING)), RemoteError, { status: 404, retryable: false });
    });

    it('retries internal errors and ones SBIS calls temporary, not business refusals (whatever the HTTP status)', async () => {
      sim.injectRpcError(READ, { code: -32603, message: 'Internal error' });
      expectError(await failure(client().call(READ, MISSING)), RemoteError, { retryable: true });

      sim.injectRpcError(READ, { code: -32000, message: 'Сервис временно недоступен' }, { status: 500 });
      expectError(await failure(client().call(READ, MISSING)), RemoteError, { retryable: true });

      sim.injectRpcError(READ, { code: -32000, message: 'Документ заблокирован другим пользователем' }, { status: 500 });
      expectError(await failure(client().call(READ, MISSING)), RemoteError, { status: 500, retryable: false });
    });

    it('reports a refusal of rights as an auth error', async () => {
      sim.injectRpcError(READ, { code: -32000, message: 'Недостаточно прав для выполнения операции' });

      expect(await failure(client().call(READ, MISSING))).toBeInstanceOf(AuthError);
    });

    it('never repeats the password or the session id SBIS might echo in an error', async () => {
      const c = client();
      await changes(c);
      const sid = [...sim.sessions.keys()].at(-1)!;
      sim.injectRpcError(READ, { code: -32000, message: `Ошибка сессии ${sid}`, details: `login edo-robot / ${sim.password}` });
      const error = await failure(c.call(READ, MISSING));

      expect(error.message).not.toContain(sid);
      expect(error.message).not.toContain(sim.password);
      expect(JSON.stringify(error)).not.toContain(sim.password);
    });
  });

  describe('downloads', () => {
    it('sends the session only to SBIS\'s own origin', async () => {
      const requests: { url: string; headers?: Record<string, string> }[] = [];
      const http = { request: async <T>(req: { url: string; headers?: Record<string, string> }) => {
        requests.push(req);
        return { status: 200, headers: {}, body: Buffer.from('file') as T };
      } };
      const c = sbisClient(http, readSbisAuth(connectionTo(sim)), { now: () => new Date(), sessions });

      await c.download('https://files.example.com/act.pdf', 1024);

      expect(requests).toHaveLength(1);
      expect(requests[0].headers).toEqual({});
    });

    it('refuses a file larger than the limit', async () => {
      const http = { request: async <T>() => ({ status: 200, headers: {}, body: Buffer.alloc(2048) as T }) };
      const c = sbisClient(http, readSbisAuth(connectionTo(sim)), { now: () => new Date(), sessions });

      expectError(await failure(c.download('https://files.example.com/big.pdf', 1024)), RemoteError, { retryable: false });
    });
  });
});
