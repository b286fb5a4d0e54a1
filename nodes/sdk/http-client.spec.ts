import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { queryObjects } from 'node:v8';
import { CancelledError, ConfigError, RemoteError } from './errors';
import { createHttpClient } from './http-client';
import { OutboundPolicy, OutboundRefusedError } from './outbound-policy';

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
        if (path === '/redirect') {
          const params = new URL(req.url!, 'http://x').searchParams;
          res.writeHead(Number(params.get('status') ?? 302), { location: params.get('to')! });
          return res.end();
        }
        if (path === '/loop') {
          res.writeHead(302, { location: '/loop' });
          return res.end();
        }
        if (path === '/pdf') {
          res.writeHead(200, { 'content-type': 'application/pdf' });
          return res.end(Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00, 0x80]));
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

  it('returns the bytes as sent when asked for bytes, even those that are not UTF-8', async () => {
    const response = await client.request({ method: 'GET', url: `${base}/pdf`, responseType: 'bytes' });
    expect(Buffer.isBuffer(response.body)).toBe(true);
    expect([...(response.body as Buffer)]).toEqual([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00, 0x80]);
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

  it('holds nothing once a call has ended: no deadline signal, no listener on the run signal', async () => {
    // A deadline that outlived its call kept a timer and two signals alive for the whole timeout:
    // at hundreds of calls a second, tens of thousands of objects the heap grew to hold.
    const run = new AbortController();
    const patient = createHttpClient({ signal: run.signal, defaultTimeoutMs: 60_000 });
    const liveSignals = () => queryObjects(AbortSignal, { format: 'count' }) as number;
    await patient.request({ method: 'GET', url: `${base}/json` });
    const before = liveSignals();
    for (let i = 0; i < 200; i++) await patient.request({ method: 'GET', url: `${base}/json` });
    expect(liveSignals() - before).toBeLessThan(20);
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
  });

  it('fails at once, sending nothing, when the run was cancelled before the call', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await createHttpClient({ signal: controller.signal }).request({ method: 'POST', url: `${base}/echo`, body: {} }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect(seen).toHaveLength(0);
  });

  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e as Error & { retryable?: boolean });

  describe('with an outbound policy', () => {
    const strict = createHttpClient({ outbound: new OutboundPolicy() });

    it('refuses a loopback address before anything is sent, as a non-retryable config error', async () => {
      const port = Number(new URL(base).port);
      const error = await failure(strict.request({ method: 'POST', url: `${base}/echo`, body: { a: 1 } }));
      expect(error).toBeInstanceOf(OutboundRefusedError);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error!.retryable).toBe(false);
      expect(error!.message).toBe(`Outbound call to 127.0.0.1:${port} refused: loopback address (allow it with FLOWBRIDGE_OUTBOUND_ALLOW)`);
      expect(seen).toHaveLength(0);
    });

    it('checks the address a host name resolves to', async () => {
      const port = new URL(base).port;
      const error = await failure(strict.request({ method: 'GET', url: `http://localhost:${port}/echo` }));
      expect(error).toBeInstanceOf(OutboundRefusedError);
      expect(error!.message).toMatch(new RegExp(`^Outbound call to localhost \\((127\\.0\\.0\\.1|\\[::1\\]):${port}\\) refused: loopback address`));
      expect(seen).toHaveLength(0);
    });

    it('lets an allow-listed address and port through', async () => {
      const allowed = createHttpClient({ outbound: OutboundPolicy.fromEnv(`127.0.0.1:${new URL(base).port}`) });
      const response = await allowed.request({ method: 'GET', url: `${base}/json` });
      expect(response).toMatchObject({ status: 200, body: { id: 7 } });
    });

    it('re-checks every redirect and refuses a hop to a forbidden address', async () => {
      const allowed = createHttpClient({ outbound: OutboundPolicy.fromEnv(`127.0.0.1:${new URL(base).port}`) });
      const error = await failure(allowed.request({ method: 'GET', url: `${base}/redirect`, query: { to: 'http://169.254.169.254/latest/meta-data/' } }));
      expect(error).toBeInstanceOf(OutboundRefusedError);
      expect(error!.message).toContain('169.254.169.254:80 refused: cloud metadata address');
      expect(seen.map((s) => new URL(s.url, base).pathname)).toEqual(['/redirect']);
    });
  });

  describe('redirects', () => {
    it('follows them, turning a POST answered with 303 into a GET without body', async () => {
      const response = await client.request({ method: 'POST', url: `${base}/redirect?status=303&to=/json`, body: { a: 1 } });
      expect(response).toMatchObject({ status: 200, body: { id: 7 } });
      expect(seen.map((s) => [s.method, new URL(s.url, base).pathname, s.body])).toEqual([['POST', '/redirect', '{"a":1}'], ['GET', '/json', '']]);
      expect(seen[1].headers['content-type']).toBeUndefined();
    });

    it('keeps method and body on 307', async () => {
      await client.request({ method: 'PUT', url: `${base}/redirect?status=307&to=/echo`, body: { a: 1 } });
      expect(seen.map((s) => [s.method, new URL(s.url, base).pathname, s.body])).toEqual([['PUT', '/redirect', '{"a":1}'], ['PUT', '/echo', '{"a":1}']]);
    });

    it('keeps credentials on the same origin and drops them when the redirect leaves it', async () => {
      const headers = { authorization: 'Bearer s3cret', 'x-api-key': 'k-1', cookie: 'sid=1', 'x-trace': 't-1' };
      await client.request({ method: 'GET', url: `${base}/redirect?to=/echo`, headers });
      expect(seen[1].headers).toMatchObject({ authorization: 'Bearer s3cret', 'x-api-key': 'k-1', cookie: 'sid=1' });
      seen.length = 0;
      const otherOrigin = `http://localhost:${new URL(base).port}/echo`;
      await client.request({ method: 'GET', url: `${base}/redirect`, query: { to: otherOrigin }, headers });
      expect(seen).toHaveLength(2);
      expect(seen[1].headers.authorization).toBeUndefined();
      expect(seen[1].headers['x-api-key']).toBeUndefined();
      expect(seen[1].headers.cookie).toBeUndefined();
      expect(seen[1].headers['x-trace']).toBe('t-1');
    });

    it('stops after five hops with a non-retryable error', async () => {
      const error = await failure(client.request({ method: 'GET', url: `${base}/loop` }));
      expect(error).toBeInstanceOf(RemoteError);
      expect(error!.retryable).toBe(false);
      expect(error!.message).toContain('more than 5 redirects');
      expect(seen).toHaveLength(6);
    });
  });
});

describe('createHttpClient on a huge response', () => {
  const total = 60 * 1024 * 1024;
  let server: Server;
  let url: string;
  let written = 0;
  let closed: Promise<void>;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      written = 0;
      closed = new Promise((resolve) => res.once('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'application/octet-stream' }); // chunked: no content-length
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (written < total && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('stops reading at the limit and closes the connection instead of buffering the whole body', async () => {
    const limit = 10 * 1024 * 1024;
    global.gc?.();
    const before = process.memoryUsage();
    const error = await createHttpClient().request({ method: 'GET', url }).then(() => undefined, (e: unknown) => e as RemoteError);
    const after = process.memoryUsage();
    await closed;
    expect(error).toBeInstanceOf(RemoteError);
    expect(error!.retryable).toBe(false);
    expect(error!.message).toBe(`127.0.0.1:${new URL(url).port} answered with more than the ${limit} byte limit`);
    // Socket buffers let the server get a little ahead of the reader; never anywhere near 60 MB.
    expect(written).toBeLessThan(limit + 8 * 1024 * 1024);
    const grown = (after.rss - before.rss) / 1024 / 1024;
    process.stdout.write(`huge response: server wrote ${(written / 1024 / 1024).toFixed(1)} MB of 60 MB; rss grew ${grown.toFixed(1)} MB, arrayBuffers ${((after.arrayBuffers - before.arrayBuffers) / 1024 / 1024).toFixed(1)} MB\n`);
    expect(grown).toBeLessThan(40);
  });
});
