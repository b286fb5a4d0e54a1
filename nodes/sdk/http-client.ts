import { lookup } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector, request as undiciRequest, type Dispatcher } from 'undici';
import { CancelledError, ConfigError, RemoteError } from './errors';
import type { HttpClient, HttpRequest, HttpResponse } from './context';
import { OutboundPolicy, OutboundRefusedError } from './outbound-policy';

const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 5;
/** Headers that carry the caller's identity; a redirect to another origin must not receive them. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$|api[-_]?key|token|secret|signature|password|session|auth/;

/** Told of each request as it starts; the function it returns is told how it ended (tracing). */
export type HttpObserver = (request: { method: string; url: string }) => (result: { status?: number; error?: Error }) => void;

export interface HttpClientOptions {
  signal?: AbortSignal;
  observe?: HttpObserver;
  defaultTimeoutMs?: number;
  /**
   * Where flows may connect. Every client the engine creates for flows, option sources and
   * connection tests passes one; without it the client is unrestricted (SDK specs against
   * local simulators).
   */
  outbound?: OutboundPolicy;
  /** Response bodies beyond this many bytes fail the call; default 10 MB. */
  maxResponseBytes?: number;
}

/**
 * The one HTTP client every node uses. One keep-alive connection pool per policy, which is most of
 * the speed difference against engines that open a socket per call. Statuses are returned, never
 * thrown; network faults and timeouts become retryable RemoteErrors, refused destinations
 * non-retryable OutboundRefusedErrors.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const client = plainHttpClient(options);
  const observe = options.observe;
  if (!observe) return client;
  return {
    async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
      const done = observe({ method: req.method.toUpperCase(), url: req.url });
      try {
        const response = await client.request<T>(req);
        done({ status: response.status });
        return response;
      } catch (error) {
        done({ error: error as Error });
        throw error;
      }
    },
  };
}

function plainHttpClient(options: HttpClientOptions): HttpClient {
  const dispatcher = dispatcherFor(options.outbound);
  const limit = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  return {
    async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
      if (!URL.canParse(req.url)) throw new ConfigError(`'${req.url}' is not an absolute URL`, { field: 'url' });
      let url = new URL(req.url);
      let method = req.method.toUpperCase();
      if ((method === 'GET' || method === 'HEAD') && req.body !== undefined && req.body !== null) {
        throw new ConfigError(`A ${method} request cannot carry a body`);
      }
      for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      let headers: Record<string, string> = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      let body: string | Uint8Array | undefined;
      if (req.body !== undefined && req.body !== null) {
        if (typeof req.body === 'string') {
          body = req.body;
          headers['content-type'] ??= 'text/plain;charset=UTF-8';
        } else if (req.body instanceof Uint8Array) {
          body = req.body;
        } else if (req.body instanceof URLSearchParams) {
          body = req.body.toString();
          headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
        } else {
          body = JSON.stringify(req.body);
          headers['content-type'] ??= 'application/json';
        }
      }
      const timeoutMs = req.timeoutMs ?? options.defaultTimeoutMs ?? 30_000;
      const { signal, release } = callSignal(timeoutMs, options.signal);
      const first = `${method} ${url.host}`;
      try {
        for (let hop = 0; ; hop++) {
          if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${first}: cannot call a ${url.protocol} URL`);
          preCheck(options.outbound, url);
          const response = await undiciRequest(url.toString(), { method: method as Dispatcher.HttpMethod, headers, body, signal, dispatcher });
          const location = response.headers.location;
          if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string' && [301, 302, 303, 307, 308].includes(response.statusCode)) {
            // A small redirect body is read off so the keep-alive connection can be reused.
            await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
            if (hop >= MAX_REDIRECTS) throw new RemoteError(`${first}: more than ${MAX_REDIRECTS} redirects`, { retryable: false });
            if (!URL.canParse(location, url.href)) throw new RemoteError(`${url.host} redirected to an invalid URL '${location}'`, { retryable: false });
            const next = new URL(location, url);
            if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !CREDENTIAL_HEADER.test(k)));
            if (response.statusCode === 303 || ((response.statusCode === 301 || response.statusCode === 302) && method === 'POST')) {
              if (method !== 'HEAD') method = 'GET';
              body = undefined;
              headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-/.test(k)));
            }
            url = next;
            continue;
          }
          const bytes = await readLimited(response, limit, url.host);
          const responseHeaders = flattenHeaders(response.headers);
          if (req.responseType === 'bytes') return { status: response.statusCode, headers: responseHeaders, body: bytes as T };
          const text = bytes.toString('utf8');
          const isJson = /\bjson\b/i.test(responseHeaders['content-type'] ?? '');
          let parsed: unknown = text;
          if (isJson && text.length) {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = text;
            }
          }
          return { status: response.statusCode, headers: responseHeaders, body: parsed as T };
        }
      } catch (error) {
        throw translate(error, `${method} ${url.host}`, timeoutMs, options.signal);
      } finally {
        release();
      }
    },
  };
}

/**
 * A call's signal: its deadline or the caller's cancellation, whichever comes first, released when
 * the call ends. AbortSignal.timeout would keep its timer and signal alive for the whole timeout
 * after the call: at hundreds of calls a second, tens of thousands of them that the heap grows to hold.
 */
function callSignal(timeoutMs: number, cancel?: AbortSignal): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs).unref();
  const onCancel = () => controller.abort(cancel?.reason);
  if (cancel?.aborted) onCancel();
  else cancel?.addEventListener('abort', onCancel, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
    },
  };
}

function translate(error: unknown, what: string, timeoutMs: number, cancel?: AbortSignal): Error {
  if (error instanceof ConfigError || error instanceof RemoteError) return error;
  const refused = findRefusal(error);
  if (refused) return refused;
  const name = (error as Error)?.name;
  if (cancel?.aborted) return new CancelledError(`${what}: cancelled`);
  // Timeouts and network faults may pass; anything else the client throws is a malformed request.
  if (name === 'TimeoutError') return new RemoteError(`${what}: timed out after ${timeoutMs} ms`, { retryable: true, cause: error });
  const code = (error as { code?: string })?.code;
  if (code && !/^UND_ERR_(INVALID_ARG|NOT_SUPPORTED)/.test(code)) return new RemoteError(`${what}: ${describeNetworkError(error)}`, { retryable: true, cause: error });
  return new ConfigError(`${what}: ${(error as Error)?.message ?? String(error)}`);
}

/** undici may wrap the connector's error (e.g. in an AggregateError or as `cause`). */
function findRefusal(error: unknown, depth = 0): OutboundRefusedError | undefined {
  if (error instanceof OutboundRefusedError) return error;
  if (depth > 3 || typeof error !== 'object' || error === null) return undefined;
  for (const inner of [(error as { cause?: unknown }).cause, ...((error as { errors?: unknown[] }).errors ?? [])]) {
    const found = findRefusal(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function describeNetworkError(error: unknown): string {
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.code && !e.code.startsWith('UND_ERR')) return e.code;
  return e.cause?.code ?? e.message ?? String(error);
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
  return flat;
}

/**
 * Counts bytes as they arrive and destroys the socket the moment the limit is passed, so an
 * endless or huge answer costs at most the limit in memory.
 */
async function readLimited(response: Dispatcher.ResponseData, limit: number, host: string): Promise<Buffer> {
  const length = Number(response.headers['content-length'] ?? 0);
  if (length > limit) {
    discard(response.body);
    throw new RemoteError(`${host} answered with ${length} bytes, more than the ${limit} byte limit`, { retryable: false });
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) {
      discard(response.body);
      throw new RemoteError(`${host} answered with more than the ${limit} byte limit`, { retryable: false });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, received);
}

/** Closes the connection; undici reports that as an abort nobody needs to hear about. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Literal addresses are refused before a socket is opened; the connector checks again anyway. */
function preCheck(policy: OutboundPolicy | undefined, url: URL): void {
  if (!policy) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const refusal = policy.refusal(host, portOf(url.protocol, url.port));
    if (refusal) throw refusal;
  }
}

function portOf(protocol: string | null | undefined, port: string | number | null | undefined): number {
  return Number(port) || (protocol === 'https:' ? 443 : 80);
}

const unrestricted = new Agent({ keepAliveTimeout: 10_000 });
const agents = new WeakMap<OutboundPolicy, Agent>();

function dispatcherFor(policy: OutboundPolicy | undefined): Dispatcher {
  if (!policy) return unrestricted;
  let agent = agents.get(policy);
  if (!agent) agents.set(policy, (agent = policyAgent(policy)));
  return agent;
}

/**
 * Resolves the name itself and connects to an address it has checked, so what is checked is what
 * is connected to: a DNS answer that changes between check and connect (rebinding) cannot slip by.
 */
function policyAgent(policy: OutboundPolicy): Agent {
  const connect = buildConnector({});
  return new Agent({
    keepAliveTimeout: 10_000,
    connect(opts, callback) {
      const hostname = opts.hostname.replace(/^\[|\]$/g, '');
      const port = portOf(opts.protocol, opts.port);
      if (isIP(hostname)) {
        const refusal = policy.refusal(hostname, port);
        return refusal ? callback(refusal, null) : connect(opts, callback);
      }
      lookup(hostname, { all: true }, (error, addresses) => {
        if (error) return callback(error, null);
        let refusal: OutboundRefusedError | null = null;
        for (const { address } of addresses) {
          const problem = policy.refusal(address, port, hostname);
          if (!problem) return connect({ ...opts, hostname: address, servername: opts.servername || hostname }, callback);
          refusal ??= problem;
        }
        callback(refusal ?? new Error(`${hostname} has no address`), null);
      });
    },
  });
}
