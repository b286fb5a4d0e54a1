import { ConfigError, InputError, RateLimitError, RemoteError, runNode, type HttpClient, type HttpRequest, type HttpResponse } from '../sdk';
import { httpNode } from './http';

function fakeHttp(response: Partial<HttpResponse> = {}): HttpClient & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      requests.push(req);
      return { status: 200, headers: {}, body: {}, ...response } as HttpResponse<T>;
    },
  };
}

const now = new Date('2026-03-02T10:00:00.000Z');

async function failure(params: Record<string, unknown>, response: Partial<HttpResponse>): Promise<unknown> {
  return runNode(httpNode, params, { http: fakeHttp(response), now: () => now }).then(() => undefined, (e: unknown) => e);
}

describe('core.http', () => {
  it('sends the idempotency key of the step', async () => {
    const http = fakeHttp();
    await runNode(httpNode, { method: 'POST', url: 'https://api.example.com/invoices', body: { total: 1 } }, { http, idempotencyKey: 'run-9:invoice:0' });
    expect(http.requests[0].headers).toEqual({ 'idempotency-key': 'run-9:invoice:0' });
  });

  it('lower-cases header names and stringifies their values', async () => {
    const http = fakeHttp();
    await runNode(httpNode, { url: 'https://api.example.com', headers: { 'X-Api-Key': 'k-1', 'X-Retry': 3 } }, { http });
    expect(http.requests[0].headers).toEqual({ 'idempotency-key': 'test-run:test-node:0', 'x-api-key': 'k-1', 'x-retry': '3' });
  });

  it('sends method, url, body and timeout', async () => {
    const http = fakeHttp();
    await runNode(httpNode, { method: 'PATCH', url: 'https://api.example.com/deals/1', body: { stage: 'won' }, timeoutMs: '5000' }, { http });
    expect(http.requests[0]).toMatchObject({ method: 'PATCH', url: 'https://api.example.com/deals/1', body: { stage: 'won' }, timeoutMs: 5000 });
  });

  it('defaults to GET with a 30 s timeout and sends no body on GET', async () => {
    const http = fakeHttp();
    await runNode(httpNode, { url: 'https://api.example.com/items', body: { ignored: true } }, { http });
    expect(http.requests[0]).toMatchObject({ method: 'GET', timeoutMs: 30_000 });
    expect(http.requests[0].body).toBeUndefined();
  });

  it('outputs status, headers and body', async () => {
    const http = fakeHttp({ status: 201, headers: { location: '/invoices/7' }, body: { id: 7 } });
    const result = await runNode(httpNode, { method: 'POST', url: 'https://api.example.com/invoices' }, { http });
    expect(result).toMatchObject({ port: 'out', output: { status: 201, headers: { location: '/invoices/7' }, body: { id: 7 } } });
  });

  it('turns 503 into a retryable RemoteError with the status and the response body', async () => {
    const error = await failure({ url: 'https://api.example.com/items' }, { status: 503, body: 'maintenance' });
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ retryable: true, status: 503, details: 'maintenance', message: 'GET api.example.com answered 503' });
  });

  it('turns 422 into a RemoteError that is not retried', async () => {
    const error = await failure({ method: 'POST', url: 'https://api.example.com/invoices' }, { status: 422, body: { error: 'vat' } });
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ retryable: false, status: 422, details: { error: 'vat' } });
  });

  it('turns 429 into a RateLimitError that waits for Retry-After', async () => {
    const error = await failure({ url: 'https://api.example.com/items' }, { status: 429, headers: { 'retry-after': '30' } });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 30_000 });
  });

  it('reads a Retry-After date against the step clock', async () => {
    const error = await failure({ url: 'https://api.example.com/items' }, { status: 429, headers: { 'retry-after': 'Mon, 02 Mar 2026 10:02:00 GMT' } });
    expect(error).toMatchObject({ retryAfterMs: 120_000 });
  });

  it('leaves retryAfterMs unset for a 429 without Retry-After', async () => {
    const error = await failure({ url: 'https://api.example.com/items' }, { status: 429 });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeUndefined();
  });

  it('returns error statuses as output when failOnStatus is false', async () => {
    for (const failOnStatus of [false, 'false']) {
      const http = fakeHttp({ status: 404, body: { error: 'not found' } });
      const result = await runNode(httpNode, { url: 'https://api.example.com/items/1', failOnStatus }, { http });
      expect(result.output).toEqual({ status: 404, headers: {}, body: { error: 'not found' } });
    }
  });

  it('lets network faults of the client through', async () => {
    const fault = new RemoteError('GET api.example.com: ECONNREFUSED', { retryable: true });
    const http: HttpClient = { request: async () => { throw fault; } };
    await expect(runNode(httpNode, { url: 'https://api.example.com' }, { http })).rejects.toBe(fault);
  });

  it('rejects an unknown method and a missing url before calling anything', async () => {
    const http = fakeHttp();
    await expect(runNode(httpNode, { url: 'https://api.example.com', method: 'TRACE' }, { http })).rejects.toMatchObject({ field: 'method' });
    await expect(runNode(httpNode, {}, { http })).rejects.toBeInstanceOf(InputError);
    expect(http.requests).toEqual([]);
  });

  it('rejects a URL that is not absolute as an input error on url, before calling anything', async () => {
    // e.g. `{{ $vars.baseUrl }}/items` where baseUrl is unset resolves to "undefined/items"
    const http = fakeHttp();
    const error = await runNode(httpNode, { url: 'undefined/items' }, { http }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'url', retryable: false });
    expect(http.requests).toEqual([]);
  });

  it('needs an HTTP client in the context', async () => {
    await expect(runNode(httpNode, { url: 'https://api.example.com' })).rejects.toBeInstanceOf(ConfigError);
  });
});
