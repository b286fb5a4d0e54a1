import { AuthError, ConfigError, parseRetryAfter, RateLimitError, RemoteError, type HttpClient } from '../../sdk';
import type { StripeAuth } from './auth';

export interface StripeClient {
  get<T>(path: string, query?: Record<string, string | number>): Promise<T>;
}

interface StripeErrorBody {
  error?: { type?: string; code?: string; message?: string };
}

/** The only place that talks HTTP to Stripe: Bearer secret key, Stripe's `{error:{…}}` bodies mapped to SDK errors. */
export function stripeClient(options: { http: HttpClient; now(): Date; auth: StripeAuth }): StripeClient {
  const { http, now, auth } = options;
  return {
    async get<T>(path: string, query?: Record<string, string | number>): Promise<T> {
      if (!auth.apiKey) throw new ConfigError('The Stripe connection has no secret API key');
      const response = await http.request<T & StripeErrorBody>({
        method: 'GET',
        url: `${auth.baseUrl}${path}`,
        headers: { authorization: `Bearer ${auth.apiKey}` },
        query,
      });
      if (response.status < 400) return response.body;
      const message = `Stripe: ${response.body?.error?.message ?? `${path} answered ${response.status}`}`;
      const details = { status: response.status, ...response.body?.error };
      if (response.status === 401 || response.status === 403) throw new AuthError(message, { details });
      if (response.status === 429) throw new RateLimitError(message, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], now()), details });
      throw new RemoteError(message, { status: response.status, details });
    },
  };
}
