import { createHash } from 'node:crypto';
import { AuthError, InputError, parseRetryAfter, RateLimitError, RemoteError, type HttpClient, type HttpResponse } from '../../sdk';
import type { DiadocAuth } from './auth';
import { field, isRecord, text } from './wire';

/**
 * The only file that talks HTTP to Diadoc, in its JSON mode. Every call carries
 * `Authorization: DiadocAuth ddauth_api_client_id=…,ddauth_token=…`; the token comes from
 * `POST /V3/Authenticate?type=password` (its body is the bare token) and is kept per connection for
 * as long as the process lives, renewed once when Diadoc answers 401. Neither the password, the
 * developer key nor the token is ever put in a message.
 */
export interface DiadocRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface DiadocCallOptions {
  /** Query or body names → the node param they came from, to name the param Diadoc complains about. */
  params?: Record<string, string>;
  /** The param to blame for bad input Diadoc does not tie to a name. */
  field?: string;
  /** Statuses the caller handles itself (409 on a repeated operationId); answered instead of thrown. */
  accept?: number[];
}

export interface DiadocClient {
  readonly baseUrl: string;
  call<T = unknown>(request: DiadocRequest, options?: DiadocCallOptions): Promise<HttpResponse<T>>;
}

const TIMEOUT_MS = 60_000;
const JSON_TYPE = 'application/json; charset=utf-8';
// Diadoc does not always send Retry-After with a 429 or 503; a few seconds is what its limits recover in.
const DEFAULT_RETRY_MS = 3_000;
const MAX_TOKENS = 500;

/** Tokens by connection, shared by every client the process creates for it. */
export class DiadocTokens {
  private readonly entries = new Map<string, { promise: Promise<string>; token?: string }>();

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, login: () => Promise<string>): Promise<string> {
    const found = this.entries.get(key);
    if (found) return found.promise;
    if (this.entries.size >= MAX_TOKENS) this.entries.delete(this.entries.keys().next().value!);
    const entry: { promise: Promise<string>; token?: string } = { promise: login() };
    this.entries.set(key, entry);
    try {
      entry.token = await entry.promise;
      return entry.token;
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  /** Forgets a token Diadoc refused, unless another caller already replaced it. */
  drop(key: string, token: string): void {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

export const diadocTokens = new DiadocTokens();

export function diadocClient(http: HttpClient, auth: DiadocAuth, options: { now(): Date; tokens?: DiadocTokens }): DiadocClient {
  const tokens = options.tokens ?? diadocTokens;
  const key = createHash('sha256').update(`${auth.baseUrl}\u0000${auth.apiClientId}\u0000${auth.login ?? ''}\u0000${auth.password ?? ''}`).digest('hex');
  const secrets = [auth.apiClientId, ...(auth.password ? [auth.password] : []), ...(auth.token ? [auth.token] : [])];
  const renewable = !!(auth.login && auth.password);

  async function authenticate(): Promise<string> {
    const response = await http.request<unknown>({
      method: 'POST',
      url: `${auth.baseUrl}/V3/Authenticate`,
      query: { type: 'password' },
      headers: { authorization: `DiadocAuth ddauth_api_client_id=${auth.apiClientId}`, 'content-type': JSON_TYPE, accept: 'text/plain, application/json' },
      body: { login: auth.login, password: auth.password },
      timeoutMs: TIMEOUT_MS,
    });
    const token = typeof response.body === 'string' ? response.body.trim().replace(/^"|"$/g, '') : '';
    if (response.status >= 200 && response.status < 300 && /^[^\s,"]{8,4096}$/.test(token)) return token;
    if (response.status === 429) throw rateLimited('POST /V3/Authenticate', response, options.now());
    if (response.status >= 500 || response.status === 408) throw new RemoteError(`Diadoc POST /V3/Authenticate answered ${response.status}`, { status: response.status, retryable: true });
    if (response.status >= 200 && response.status < 300) throw new RemoteError('Diadoc POST /V3/Authenticate answered without a token', { status: response.status, retryable: true });
    // 401 and 403 here refuse the login or the developer key; repeating cannot help.
    throw new AuthError(`Diadoc refused the login '${auth.login}': ${said(response, secrets) ?? `answered ${response.status}`}`, { details: { status: response.status } });
  }

  async function token(): Promise<string> {
    if (!renewable) return auth.token!;
    const value = await tokens.get(key, authenticate);
    if (!secrets.includes(value)) secrets.push(value);
    return value;
  }

  const send = (request: DiadocRequest, value: string) => http.request<unknown>({
    method: request.method,
    url: `${auth.baseUrl}${request.path}`,
    query: request.query,
    headers: {
      authorization: `DiadocAuth ddauth_api_client_id=${auth.apiClientId},ddauth_token=${value}`,
      accept: 'application/json',
      ...(request.body !== undefined ? { 'content-type': JSON_TYPE } : {}),
    },
    body: request.body,
    timeoutMs: TIMEOUT_MS,
  });

  return {
    baseUrl: auth.baseUrl,
    async call<T>(request: DiadocRequest, callOptions: DiadocCallOptions = {}): Promise<HttpResponse<T>> {
      const first = await token();
      let response = await send(request, first);
      if (response.status === 401) {
        if (!renewable) throw new AuthError(`Diadoc refused the connection's token (${request.method} ${request.path}): it has expired or was revoked; paste a new one or use a login and password`);
        tokens.drop(key, first);
        response = await send(request, await token());
        if (response.status === 401) {
          throw new AuthError(`Diadoc refused a token it had just issued for '${auth.login}' (${request.method} ${request.path}): check the developer key`);
        }
      }
      if ((response.status >= 200 && response.status < 300) || callOptions.accept?.includes(response.status)) return response as HttpResponse<T>;
      throw callError(request, response, callOptions, options.now(), secrets);
    },
  };
}

function said(response: HttpResponse<unknown>, secrets: string[]): string | undefined {
  const body = response.body;
  const raw = typeof body === 'string' ? body : isRecord(body) ? text(field(body, 'message')) ?? text(field(body, 'Message')) ?? JSON.stringify(body) : undefined;
  if (!raw?.trim()) return undefined;
  let out = raw.trim();
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

function rateLimited(what: string, response: HttpResponse<unknown>, now: Date): RateLimitError {
  return new RateLimitError(`Diadoc ${what} is rate limited`, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], now) ?? DEFAULT_RETRY_MS, details: { status: response.status } });
}

function callError(request: DiadocRequest, response: HttpResponse<unknown>, options: DiadocCallOptions, now: Date, secrets: string[]): Error {
  const status = response.status;
  const what = `${request.method} ${request.path}`;
  const reason = said(response, secrets);
  const message = `Diadoc ${what} answered ${status}${reason ? `: ${reason}` : ''}`;
  const details = { status };
  if (status === 429) return rateLimited(what, response, now);
  if (status >= 500 || status === 408) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
    // A 503 with Retry-After is Diadoc asking us to come back later: a rate limit in all but name.
    if (retryAfterMs !== undefined) return new RateLimitError(message, { retryAfterMs, details });
    return new RemoteError(message, { status, retryable: true, details });
  }
  if (status === 402) return new AuthError(`${message} (the Diadoc API subscription has expired)`, { details });
  if (status === 403) return new AuthError(`${message} (this login has no access to the box or the document)`, { details });
  if (status === 404) return new RemoteError(message, { status: 404, retryable: false, details });
  if (status === 400 || status === 409 || status === 413 || status === 422) {
    return new InputError(message, { field: blamedParam(reason, options), details });
  }
  if (status >= 200 && status < 300) return new RemoteError(message, { status, retryable: true, details });
  return new RemoteError(message, { status, retryable: false, details });
}

/** The node param behind the query or body name Diadoc's complaint mentions, else the caller's default. */
function blamedParam(reason: string | undefined, options: DiadocCallOptions): string | undefined {
  const names = options.params ?? {};
  if (reason) {
    for (const name of Object.keys(names)) {
      if (new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(reason)) return names[name];
    }
  }
  return options.field;
}
