import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RemoteError } from './errors';
import { createHttpClient } from './http-client';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('createHttpClient', () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const path = new URL(req.url!, 'http://x').pathname;
        if (path === '/hang') return; // never answers
        if (path === '/json') {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r-1' });
          return res.end(JSON.stringify({ id: 7, items: [1, 2] }));
        }
        if (path === '/problem') {
          res.writeHead(422, { 'content-type': 'application/problem+json' });
          return res.end(JSON.stringify({ title: 'Invalid VAT id' }));
        }
        if (path === '/broken-json') {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{"oops"');
        }
        if (path === '/text') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end('{"looks":"like json"}');
        }
        if (path === '/status') {
          const status = Number(new URL(req.url!, 'http://x').searchParams.get('code'));
          res.writeHead(status, { 'content-type': 'text/plain' });
          return res.end(`status ${status}`);
        }
        if (path === '/empty') {
          res.writeHead(204);
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echoed: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  const client = createHttpClient();

  it('sends an object body as JSON with a content-type', async () => {
    await client.request({ method: 'post', url: `${base}/echo`, body: { name: 'Acme', total: 150 } });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('POST');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0].body)).toEqual({ name: 'Acme', total: 150 });
  });

  it('keeps a content-type the caller set, whatever its case', async () => {
    await client.request({ method: 'POST', url: `${base}/echo`, headers: { 'Content-Type': 'application/vnd.api+json' }, body: { a: 1 } });
    expect(seen[0].headers['content-type']).toBe('application/vnd.api+json');
    expect(seen[0].body).toBe('{"a":1}');
  });

  it('sends a string body as it is', async () => {
    await client.request({ method: 'POST', url: `${base}/echo`, headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2' });
    expect(seen[0].body).toBe('a,b\n1,2');
    expect(seen[0].headers['content-type']).toBe('text/csv');
  });

  it('sends no body when there is none', async () => {
    await client.request({ method: 'GET', url: `${base}/echo` });
    expect(seen[0].body).toBe('');
    expect(seen[0].headers['content-type']).toBeUndefined();
  });

  it('parses a JSON response and returns status and headers', async () => {
    const response = await client.request({ method: 'GET', url: `${base}/json` });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: 7, items: [1, 2] });
    expect(response.headers['x-request-id']).toBe('r-1');
  });

  it('parses +json media types', async () => {
    const response = await client.request({ method: 'GET', url: `${base}/problem` });
    expect(response).toMatchObject({ status: 422, body: { title: 'Invalid VAT id' } });
  });

  it('keeps a text response as text, even when it looks like JSON', async () => {
    const response = await client.request({ method: 'GET', url: `${base}/text` });
    expect(response.body).toBe('{"looks":"like json"}');
  });

  it('keeps a response that claims JSON but is not as text', async () => {
    const response = await client.request({ method: 'GET', url: `${base}/broken-json` });
    expect(response.body).toBe('{"oops"');
  });

  it('returns an empty body as the empty string', async () => {
    const response = await client.request({ method: 'DELETE', url: `${base}/empty` });
    expect(response).toMatchObject({ status: 204, body: '' });
  });

  it.each([404, 429, 500, 503])('returns status %i instead of throwing', async (code) => {
    const response = await client.request({ method: 'GET', url: `${base}/status`, query: { code } });
    expect(response.status).toBe(code);
    expect(response.body).toBe(`status ${code}`);
  });

  it('appends query params to those already in the URL and skips undefined ones', async () => {
    await client.request({ method: 'GET', url: `${base}/echo?page=2`, query: { q: 'a b&c', limit: 10, active: true, missing: undefined } });
    const url = new URL(seen[0].url, base);
    expect(url.searchParams.get('page')).toBe('2');
    expect(url.searchParams.get('q')).toBe('a b&c');
    expect(url.searchParams.get('limit')).toBe('10');
    expect(url.searchParams.get('active')).toBe('true');
    expect(url.searchParams.has('missing')).toBe(false);
  });

  it('lower-cases request header names', async () => {
    await client.request({ method: 'GET', url: `${base}/echo`, headers: { 'X-Api-Key': 'k-1' } });
    expect(seen[0].headers['x-api-key']).toBe('k-1');
  });

  it('turns a timeout into a retryable RemoteError that says it timed out', async () => {
    const error = await client.request({ method: 'GET', url: `${base}/hang`, timeoutMs: 50 }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).retryable).toBe(true);
    expect((error as RemoteError).message).toContain('timed out after 50 ms');
    expect((error as RemoteError).message).toContain('127.0.0.1');
  });

  it('uses the default timeout of the client', async () => {
    const quick = createHttpClient({ defaultTimeoutMs: 40 });
    await expect(quick.request({ method: 'GET', url: `${base}/hang` })).rejects.toThrow('timed out after 40 ms');
  });

  it('turns a refused connection into a retryable RemoteError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await client.request({ method: 'POST', url: `http://127.0.0.1:${port}/x`, body: {} }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).retryable).toBe(true);
    expect((error as RemoteError).status).toBeUndefined();
    expect((error as RemoteError).message).toBe(`POST 127.0.0.1:${port}: ECONNREFUSED`);
  });

  it('treats a body on GET as a caller mistake that retrying cannot fix', async () => {
    const error = await client.request({ method: 'GET', url: `${base}/echo`, body: { a: 1 } }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { retryable?: boolean }).retryable).toBe(false);
    expect(seen).toHaveLength(0);
  });

  it('stops when the run is cancelled', async () => {
    const controller = new AbortController();
    const cancellable = createHttpClient({ signal: controller.signal });
    const pending = cancellable.request({ method: 'GET', url: `${base}/hang` });
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});
