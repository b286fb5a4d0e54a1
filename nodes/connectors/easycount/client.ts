import { AuthError, parseRetryAfter, RateLimitError, RemoteError, type HttpClient } from '../../sdk';
import type { EasyCountAuth } from './auth';

export interface EasyCountReply {
  success?: boolean;
  errNum?: number;
  errMsg?: string;
}

export interface EasyCountClient {
  post<T extends EasyCountReply>(path: string, body: Record<string, unknown>): Promise<T>;
}

// EZcount's own guidance: documents can take a while (allocation numbers), allow 30 s.
const TIMEOUT_MS = 30_000;
// Wrong keys are reported in the body; the HTTP status for them is not documented.
const AUTH_MESSAGE = /api[_ ]?key|developer[_ ]?email|unauthori[sz]ed/i;

/** The only place that talks HTTP to EZcount: credentials travel in every JSON body, not in headers. */
export function easycountClient(options: { http: HttpClient; now(): Date; auth: EasyCountAuth }): EasyCountClient {
  const { http, now, auth } = options;
  return {
    async post<T extends EasyCountReply>(path: string, body: Record<string, unknown>): Promise<T> {
      const response = await http.request<T | string>({
        method: 'POST',
        url: `${auth.baseUrl}${path}`,
        headers: { 'content-type': 'application/json' },
        body: { api_key: auth.apiKey, developer_email: auth.developerEmail, ...body },
        timeoutMs: TIMEOUT_MS,
      });
      const reply = typeof response.body === 'object' && response.body !== null ? response.body : undefined;
      const message = reply?.errMsg ? `EasyCount: ${reply.errMsg}` : `EasyCount ${path} answered ${response.status}`;
      const details = { status: response.status, errNum: reply?.errNum, errMsg: reply?.errMsg };

      if (response.status === 429) {
        throw new RateLimitError(message, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], now()), details });
      }
      if (response.status === 401 || response.status === 403) throw new AuthError(message, { details });
      // 417: the document waits for a Tax Authority allocation number; a blind retry could issue it twice.
      if (response.status === 417) throw new RemoteError(message, { status: 417, retryable: false, details });
      if (response.status >= 400) throw new RemoteError(message, { status: response.status, details });
      if (!reply) throw new RemoteError(`EasyCount ${path} answered with a non-JSON body`, { status: response.status, details });
      if (reply.success === false) {
        if (AUTH_MESSAGE.test(reply.errMsg ?? '')) throw new AuthError(message, { details });
        throw new RemoteError(message, { status: response.status, retryable: false, details });
      }
      return reply as T;
    },
  };
}
