import { CancelledError, ConfigError, RemoteError } from './errors';
import type { HttpClient, HttpRequest, HttpResponse } from './context';

const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * The one HTTP client every node uses. Node's fetch pools keep-alive connections per origin,
 * which is most of the speed difference against engines that open a socket per call.
 * Statuses are returned, never thrown; network faults and timeouts become retryable RemoteErrors.
 */
export function createHttpClient(options: { signal?: AbortSignal; defaultTimeoutMs?: number } = {}): HttpClient {
  return {
    async request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
      if (!URL.canParse(req.url)) throw new ConfigError(`'${req.url}' is not an absolute URL`, { field: 'url' });
      const url = new URL(req.url);
      const method = req.method.toUpperCase();
      if ((method === 'GET' || method === 'HEAD') && req.body !== undefined && req.body !== null) {
        throw new ConfigError(`A ${method} request cannot carry a body`);
      }
      for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
      const headers: Record<string, string> = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      let body: RequestInit['body'];
      if (req.body !== undefined && req.body !== null) {
        if (typeof req.body === 'string' || req.body instanceof Uint8Array || req.body instanceof URLSearchParams) {
          body = req.body as RequestInit['body'];
        } else {
          body = JSON.stringify(req.body);
          headers['content-type'] ??= 'application/json';
        }
      }
      const timeoutMs = req.timeoutMs ?? options.defaultTimeoutMs ?? 30_000;
      const signals = [AbortSignal.timeout(timeoutMs), ...(options.signal ? [options.signal] : [])];
      let response: Response;
      try {
        response = await fetch(url, { method, headers, body, signal: AbortSignal.any(signals) });
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'AbortError' && options.signal?.aborted) throw new CancelledError(`${method} ${url.host}: cancelled`);
        // Timeouts and network faults may pass; anything else thrown by fetch is a malformed request.
        if (name === 'TimeoutError') throw new RemoteError(`${method} ${url.host}: timed out after ${timeoutMs} ms`, { retryable: true, cause: error });
        if ((error as { cause?: unknown }).cause) throw new RemoteError(`${method} ${url.host}: ${describeNetworkError(error)}`, { retryable: true, cause: error });
        throw new ConfigError(`${method} ${url.host}: ${(error as Error).message}`);
      }
      const text = await readLimited(response, MAX_RESPONSE_BYTES, url.host);
      const responseHeaders = Object.fromEntries(response.headers.entries());
      const isJson = /\bjson\b/i.test(responseHeaders['content-type'] ?? '');
      let parsed: unknown = text;
      if (isJson && text.length) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      return { status: response.status, headers: responseHeaders, body: parsed as T };
    },
  };
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

async function readLimited(response: Response, limit: number, host: string): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > limit) throw new RemoteError(`${host} answered with ${length} bytes, more than the ${limit} byte limit`, { retryable: false });
  const buffer = Buffer.from(await response.arrayBuffer());
  if (buffer.length > limit) throw new RemoteError(`${host} answered with more than ${limit} bytes`, { retryable: false });
  return buffer.toString('utf8');
}
