import { AuthError, InputError, parseRetryAfter, RateLimitError, RemoteError, type HttpClient, type HttpResponse } from '../../sdk';
import type { KonturBillingAuth } from './auth';
import { field, isRecord, text } from './wire';

/**
 * The only file that talks HTTP to the Kontur.Billing partner portal. JSON both ways, the API key
 * in the configured header (never in a URL we print or an error), errors read from
 * `{ error: { code, message, field } }` or whatever text the portal answers.
 */
export interface KonturBillingRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** Under the base URL, e.g. `/potential-sales/123`; each path segment is encoded by the caller. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface KonturBillingCallOptions {
  /** Portal field (as it names it in a refusal) → the node param it came from. */
  fields?: (portal: string) => string | undefined;
  /** The param to blame for a refusal that names no field we know. */
  field?: string;
  /** Statuses the caller handles itself (409 on a duplicate external id); answered instead of thrown. */
  accept?: number[];
}

export interface KonturBillingClient {
  readonly baseUrl: string;
  call<T = unknown>(request: KonturBillingRequest, options?: KonturBillingCallOptions): Promise<HttpResponse<T>>;
}

const TIMEOUT_MS = 30_000;
// Without a Retry-After, a few seconds: what unknown partner APIs usually recover in.
const DEFAULT_RETRY_MS = 5_000;

export function konturBillingClient(http: HttpClient, auth: KonturBillingAuth, now: () => Date): KonturBillingClient {
  const keyValue = auth.apiKeyScheme ? `${auth.apiKeyScheme} ${auth.apiKey}` : auth.apiKey;
  return {
    baseUrl: auth.baseUrl,
    async call<T>(request: KonturBillingRequest, options: KonturBillingCallOptions = {}): Promise<HttpResponse<T>> {
      const response = await http.request<unknown>({
        method: request.method,
        url: `${auth.baseUrl}${request.path}`,
        query: request.query,
        headers: { [auth.apiKeyHeader]: keyValue, accept: 'application/json', ...(request.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}) },
        body: request.body,
        timeoutMs: TIMEOUT_MS,
      });
      if ((response.status >= 200 && response.status < 300) || options.accept?.includes(response.status)) return response as HttpResponse<T>;
      throw failure(request, response, options, now(), auth.apiKey);
    },
  };
}

function errorOf(body: unknown, apiKey: string): { code?: string; message?: string; field?: string } {
  const error = field(body, 'error');
  const scrub = (s: string | undefined) => s && (apiKey.length >= 4 ? s.split(apiKey).join('***') : s).slice(0, 300);
  if (typeof body === 'string') return { message: scrub(body.trim()) || undefined };
  if (typeof error === 'string') return { message: scrub(error) };
  const source = isRecord(error) ? error : body;
  return {
    code: text(field(source, 'code')),
    message: scrub(text(field(source, 'message')) ?? text(field(source, 'title')) ?? text(field(source, 'detail'))),
    field: text(field(source, 'field')) ?? text(field(source, 'path')),
  };
}

function failure(request: KonturBillingRequest, response: HttpResponse<unknown>, options: KonturBillingCallOptions, now: Date, apiKey: string): Error {
  const status = response.status;
  const error = errorOf(response.body, apiKey);
  const message = `Kontur.Billing ${request.method} ${request.path.split('?')[0]} answered ${status}${error.message ? `: ${error.message}` : ''}`;
  const details = { status, code: error.code, field: error.field };
  if (status === 429) return new RateLimitError(message, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], now) ?? DEFAULT_RETRY_MS, details });
  if (status >= 500 || status === 408) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
    if (retryAfterMs !== undefined) return new RateLimitError(message, { retryAfterMs, details });
    return new RemoteError(message, { status, retryable: true, details });
  }
  if (status === 401 || status === 403) return new AuthError(`${message} (check the API key and its header on the connection)`, { details });
  if (status === 404) return new RemoteError(message, { status: 404, retryable: false, details });
  if (status === 400 || status === 409 || status === 413 || status === 422) {
    return new InputError(message, { field: (error.field && options.fields?.(error.field)) ?? options.field, details });
  }
  return new RemoteError(message, { status, retryable: false, details });
}
