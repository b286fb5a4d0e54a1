import { AuthError, parseRetryAfter, RateLimitError, RemoteError, type HttpClient } from '../../sdk';
import type { YooKassaAuth } from './auth';

export interface YooKassaClient {
  request<T>(call: { method: 'GET' | 'POST'; path: string; query?: Record<string, string | number>; body?: unknown; idempotenceKey?: string }): Promise<T>;
}

/** YooKassa's error body: `{"type":"error","id","code","description","parameter"?}`. */
interface YooKassaErrorBody {
  type?: string;
  code?: string;
  description?: string;
  parameter?: string;
}

/** The only place that talks HTTP to YooKassa: Basic shopId:secretKey, errors mapped to SDK types. */
export function yookassaClient(options: { http: HttpClient; now(): Date; auth: YooKassaAuth }): YooKassaClient {
  const { http, now, auth } = options;
  const authorization = `Basic ${Buffer.from(`${auth.shopId}:${auth.secretKey}`).toString('base64')}`;
  return {
    async request<T>(call: { method: 'GET' | 'POST'; path: string; query?: Record<string, string | number>; body?: unknown; idempotenceKey?: string }): Promise<T> {
      const response = await http.request<T & YooKassaErrorBody>({
        method: call.method,
        url: `${auth.baseUrl}/v3${call.path}`,
        headers: { authorization, ...(call.idempotenceKey && { 'idempotence-key': call.idempotenceKey }) },
        query: call.query,
        body: call.body,
      });
      if (response.status < 400) return response.body;
      const error = typeof response.body === 'object' && response.body !== null ? (response.body as YooKassaErrorBody) : {};
      const message = `YooKassa: ${error.description ?? `${call.method} ${call.path} answered ${response.status}`}`;
      const details = { status: response.status, code: error.code, parameter: error.parameter };
      if (response.status === 401 || response.status === 403) throw new AuthError(message, { details });
      if (response.status === 429) throw new RateLimitError(message, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], now()), details });
      throw new RemoteError(message, { status: response.status, details });
    },
  };
}
