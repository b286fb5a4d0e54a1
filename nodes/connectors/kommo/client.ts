import { AuthError, ConfigError, parseRetryAfter, RateLimitError, RemoteError, type HttpClient, type HttpResponse } from '../../sdk';
import { authorizationHeader } from './auth';
import type { KommoConnection } from './types';

export interface KommoRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export interface KommoClient {
  readonly baseUrl: string;
  /** Resolves to the parsed body, or null for Kommo's empty 204 answers. */
  request<T>(request: KommoRequest): Promise<T | null>;
}

const TIMEOUT_MS = 20_000;

export function kommoClient(http: HttpClient, connection: KommoConnection, now: () => Date): KommoClient {
  const baseUrl = normaliseBaseUrl(connection.baseUrl);
  const authorization = authorizationHeader(connection);
  return {
    baseUrl,
    async request<T>(request: KommoRequest): Promise<T | null> {
      const response = await http.request<unknown>({
        method: request.method,
        url: `${baseUrl}${request.path}`,
        query: request.query,
        headers: { authorization, accept: 'application/hal+json, application/json' },
        body: request.body,
        timeoutMs: TIMEOUT_MS,
      });
      if (response.status === 204) return null;
      if (response.status >= 200 && response.status < 300) return (response.body ?? null) as T | null;
      throw responseError(request, response, now());
    },
  };
}

function normaliseBaseUrl(value: string): string {
  try {
    // Admins often paste just "example.kommo.com" from the browser's address bar.
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim()) ? value.trim() : `https://${value.trim()}`);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    throw new ConfigError(`Kommo base URL '${value}' is not a URL; expected https://{subdomain}.kommo.com`);
  }
}

function responseError(request: KommoRequest, response: HttpResponse<unknown>, now: Date): Error {
  const summary = `Kommo ${request.method} ${request.path} answered ${response.status}`;
  const detail = problemDetail(response.body);
  const message = detail ? `${summary}: ${detail}` : summary;
  const details = response.body;
  if (response.status === 401 || response.status === 403) return new AuthError(message, { details });
  if (response.status === 429) {
    return new RateLimitError(message, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], now), details });
  }
  return new RemoteError(message, { status: response.status, retryable: response.status >= 500, details });
}

/** Kommo errors are application/problem+json; validation failures list each bad path. */
function problemDetail(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 300) || undefined;
  if (!body || typeof body !== 'object') return undefined;
  const problem = body as { title?: unknown; detail?: unknown; 'validation-errors'?: unknown };
  const headline = [problem.detail, problem.title].find((v) => typeof v === 'string' && v) as string | undefined;
  const fieldErrors = Array.isArray(problem['validation-errors'])
    ? problem['validation-errors'].flatMap((entry: { errors?: { path?: string; detail?: string }[] }) =>
        (entry?.errors ?? []).map((e) => `${e.path ?? '?'}: ${e.detail ?? 'invalid'}`))
    : [];
  const parts = [headline, fieldErrors.length ? fieldErrors.join('; ') : undefined].filter(Boolean);
  return parts.length ? parts.join(' — ') : undefined;
}
