import { createHash } from 'node:crypto';
import { AuthError, InputError, parseRetryAfter, RateLimitError, RemoteError, type HttpClient, type HttpResponse } from '../../sdk';
import type { SbisAuth } from './auth';
import { field, isRecord, text } from './wire';

/**
 * The only file that talks HTTP to SBIS. JSON-RPC 2.0 over POST: the login goes to /auth/service/,
 * everything else to /service/?srv=1 with the session id in X-SBISSessionID. The session is kept per
 * connection (login, password and URL) for as long as the process lives and renewed once when SBIS
 * says it expired; neither the password nor the session id is ever put in a message or a log.
 */
export interface SbisCallOptions {
  /** SBIS field (a path such as `Контрагент.СвЮЛ.ИНН`, or its last part) → the node param it came from. */
  fields?: Record<string, string>;
  /** The param to blame for bad input SBIS does not tie to a field. */
  field?: string;
}

export interface SbisDownload {
  content: Buffer;
  contentType?: string;
}

export interface SbisClient {
  readonly baseUrl: string;
  call<T = unknown>(method: string, params: Record<string, unknown>, options?: SbisCallOptions): Promise<T>;
  /** GETs a file link SBIS handed out; the session goes along only to SBIS's own origin. */
  download(url: string, maxBytes: number): Promise<SbisDownload>;
}

const TIMEOUT_MS = 60_000;
const DOWNLOAD_TIMEOUT_MS = 120_000;
// The charset must be explicit: without it SBIS answers -32700 (parse error).
const CONTENT_TYPE = 'application/json-rpc; charset=utf-8';
// SBIS's own guidance for errors worth repeating: wait about 5 seconds.
const DEFAULT_RETRY_MS = 5_000;
const MAX_SESSIONS = 500;

const EXPIRED = /not authori[sz]ed|не авторизован|сесси[ия][^.]*(истек|недействител|не найден|завершен)/i;
const RATE_LIMITED = /too many requests|rate limit|превышен[^.]*лимит|слишком (много|част)/i;
const NOT_FOUND = /не найден|not found|не существует|does not exist/i;
const FORBIDDEN = /доступ запрещ|нет прав|недостаточно прав|access denied|forbidden/i;
const BAD_INPUT = /нет поля|не заполнен|обязательн|неверн|некорректн|недопустим|invalid param|required/i;
const TRANSIENT = /временно|повторите|попробуйте позже|timeout|тайм-?аут|недоступ|unavailable/i;

interface RpcFailure {
  code?: string;
  message: string;
  details?: string;
}

/** Sessions by connection, shared by every client the process creates for it. */
export class SbisSessions {
  private readonly entries = new Map<string, { promise: Promise<string>; sid?: string }>();

  get size(): number {
    return this.entries.size;
  }

  /** The connection's session, logging in (once, however many callers wait) when there is none. */
  async get(key: string, login: () => Promise<string>): Promise<string> {
    const found = this.entries.get(key);
    if (found) return found.promise;
    if (this.entries.size >= MAX_SESSIONS) this.entries.delete(this.entries.keys().next().value!);
    const entry: { promise: Promise<string>; sid?: string } = { promise: login() };
    this.entries.set(key, entry);
    try {
      entry.sid = await entry.promise;
      return entry.sid;
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  /** Forgets a session SBIS refused, unless another caller already replaced it. */
  drop(key: string, sid: string): void {
    if (this.entries.get(key)?.sid === sid) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

export const sbisSessions = new SbisSessions();

export function sbisClient(http: HttpClient, auth: SbisAuth, options: { now(): Date; sessions?: SbisSessions }): SbisClient {
  const sessions = options.sessions ?? sbisSessions;
  const key = createHash('sha256').update(`${auth.baseUrl}\u0000${auth.login}\u0000${auth.password}`).digest('hex');
  const secrets = [auth.password];
  let nextId = 1;

  const post = (url: string, method: string, params: Record<string, unknown>, sid?: string) => http.request<unknown>({
    method: 'POST',
    url,
    headers: { 'content-type': CONTENT_TYPE, accept: 'application/json', ...(sid ? { 'x-sbissessionid': sid } : {}) },
    body: { jsonrpc: '2.0', method, params, id: nextId++ },
    timeoutMs: TIMEOUT_MS,
  });

  async function login(): Promise<string> {
    const method = 'СБИС.Аутентифицировать';
    const response = await post(`${auth.baseUrl}/auth/service/`, method, { Параметр: { Логин: auth.login, Пароль: auth.password } });
    const body = parseBody(response.body);
    const sid = text(field(body, 'result'));
    if (response.status >= 200 && response.status < 300 && sid) return sid;
    const failure = failureOf(body);
    if (response.status === 429 || (failure && RATE_LIMITED.test(describe(failure)))) throw rateLimited(method, response, failure, options.now());
    if (response.status >= 500 && !(failure && EXPIRED.test(describe(failure)))) {
      throw new RemoteError(`SBIS ${method} answered ${response.status}${failure ? `: ${redact(describe(failure), secrets)}` : ''}`, { status: response.status, retryable: true });
    }
    // Anything else from the login endpoint is a refusal of these credentials: retrying cannot help.
    const reason = failure ? redact(describe(failure), secrets) : `answered ${response.status} without a session id`;
    throw new AuthError(`SBIS refused the login '${auth.login}': ${reason}`, { details: { status: response.status, code: failure?.code } });
  }

  const session = async () => {
    const sid = await sessions.get(key, login);
    // Whichever client opened it, a session this one uses must never show in its messages.
    if (!secrets.includes(sid)) secrets.push(sid);
    return sid;
  };

  async function withSession<T>(send: (sid: string) => Promise<HttpResponse<unknown>>, expired: (response: HttpResponse<unknown>) => boolean, done: (response: HttpResponse<unknown>) => T): Promise<T> {
    const sid = await session();
    const response = await send(sid);
    if (!expired(response)) return done(response);
    sessions.drop(key, sid);
    const renewed = await session();
    const again = await send(renewed);
    if (expired(again)) {
      sessions.drop(key, renewed);
      throw new AuthError(`SBIS refused a session it had just opened for '${auth.login}': the user may have lost access to the API`);
    }
    return done(again);
  }

  return {
    baseUrl: auth.baseUrl,

    call<T>(method: string, params: Record<string, unknown>, callOptions: SbisCallOptions = {}): Promise<T> {
      return withSession(
        (sid) => post(`${auth.baseUrl}/service/?srv=1`, method, params, sid),
        (response) => isExpired(response),
        (response) => {
          const body = parseBody(response.body);
          if (response.status >= 200 && response.status < 300 && isRecord(body) && Object.hasOwn(body, 'result') && !field(body, 'error')) {
            return body.result as T;
          }
          throw callError(method, response, body, callOptions, options.now(), secrets);
        },
      );
    },

    async download(url: string, maxBytes: number): Promise<SbisDownload> {
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new RemoteError(`SBIS gave a file link that is not an http(s) URL`, { retryable: false });
      // The session is a credential: it goes to SBIS's own origin only, never to a host a document names.
      const ours = new URL(url).origin === auth.baseUrl;
      const get = (sid?: string) => http.request<Buffer>({
        method: 'GET', url, responseType: 'bytes', timeoutMs: DOWNLOAD_TIMEOUT_MS, headers: sid ? { 'x-sbissessionid': sid } : {},
      });
      const finish = (response: HttpResponse<Buffer>): SbisDownload => {
        const where = `SBIS file ${new URL(url).pathname} answered ${response.status}`;
        if (response.status === 429) throw new RateLimitError(where, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], options.now()) ?? DEFAULT_RETRY_MS });
        if (response.status === 401 || response.status === 403) throw new AuthError(where);
        if (response.status === 404 || response.status === 410) throw new RemoteError(`${where}: the link has expired or the file is gone`, { status: 404, retryable: false });
        if (response.status >= 500 || response.status === 408) throw new RemoteError(where, { status: response.status, retryable: true });
        if (response.status < 200 || response.status >= 300) throw new RemoteError(where, { status: response.status, retryable: false });
        const content = Buffer.isBuffer(response.body) ? response.body : Buffer.from(String(response.body ?? ''));
        if (content.length > maxBytes) throw new RemoteError(`SBIS file is ${content.length} bytes, more than the ${maxBytes} byte limit`, { retryable: false });
        return { content, contentType: response.headers['content-type']?.split(';')[0].trim() || undefined };
      };
      if (!ours) return finish(await get());
      return withSession((sid) => get(sid), (response) => response.status === 401, (response) => finish(response as HttpResponse<Buffer>));
    },
  };
}

/** An upstream file given by URL (a PDF another step produced): fetched without any SBIS credential. */
export async function fetchUpstreamFile(http: HttpClient, url: string, maxBytes: number, now: Date, param: string): Promise<SbisDownload> {
  const response = await http.request<Buffer>({ method: 'GET', url, responseType: 'bytes', timeoutMs: DOWNLOAD_TIMEOUT_MS });
  const where = `The file at ${new URL(url).host} answered ${response.status}`;
  if (response.status === 429) throw new RateLimitError(where, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], now) });
  if (response.status >= 500 || response.status === 408) throw new RemoteError(where, { status: response.status, retryable: true });
  if (response.status >= 400) throw new InputError(`${where}: the file is not there (or not for us)`, { field: param });
  if (response.status >= 300) throw new RemoteError(`${where}: a redirect that was not followed`, { status: response.status, retryable: false });
  const content = Buffer.isBuffer(response.body) ? response.body : Buffer.from(String(response.body ?? ''));
  if (content.length > maxBytes) throw new InputError(`The file is ${content.length} bytes, more than the ${maxBytes} byte limit`, { field: param });
  return { content, contentType: response.headers['content-type']?.split(';')[0].trim() || undefined };
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string' || !body.trim()) return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** `{ error: { code, message, details } }`, or the bare `{ error: "Not authorized." }` SBIS also sends. */
function failureOf(body: unknown): RpcFailure | undefined {
  const error = field(body, 'error');
  if (typeof error === 'string') return { message: error };
  if (!isRecord(error)) return undefined;
  const details = field(error, 'details');
  return {
    code: text(field(error, 'code')),
    message: text(field(error, 'message')) ?? 'error',
    details: typeof details === 'string' ? details.trim() || undefined : isRecord(details) || Array.isArray(details) ? JSON.stringify(details) : undefined,
  };
}

function describe(failure: RpcFailure): string {
  const details = failure.details && failure.details !== failure.message ? ` (${failure.details})` : '';
  return `${failure.message}${details}`;
}

function isExpired(response: HttpResponse<unknown>): boolean {
  if (response.status === 401) return true;
  const failure = failureOf(parseBody(response.body));
  return !!failure && EXPIRED.test(describe(failure));
}

function rateLimited(method: string, response: HttpResponse<unknown>, failure: RpcFailure | undefined, now: Date): RateLimitError {
  return new RateLimitError(`SBIS ${method} is rate limited${failure ? `: ${failure.message}` : ''}`, {
    retryAfterMs: parseRetryAfter(response.headers['retry-after'], now) ?? DEFAULT_RETRY_MS,
    details: { status: response.status, code: failure?.code },
  });
}

function callError(method: string, response: HttpResponse<unknown>, body: unknown, options: SbisCallOptions, now: Date, secrets: string[]): Error {
  const failure = failureOf(body);
  const status = response.status;
  if (status === 429 || (failure && RATE_LIMITED.test(describe(failure)))) return rateLimited(method, response, failure, now);
  if (!failure) {
    const summary = `SBIS ${method} answered ${status} without a JSON-RPC result`;
    return new RemoteError(summary, { status, retryable: status >= 500 || status === 408 || (status >= 200 && status < 300 && body === undefined) });
  }
  const said = redact(describe(failure), secrets);
  const message = `SBIS ${method}: ${said}`;
  const details = { status, code: failure.code, message: redact(failure.message, secrets) };
  if (NOT_FOUND.test(failure.message) && !BAD_INPUT.test(failure.message)) return new RemoteError(message, { status: 404, retryable: false, details });
  if (status === 403 || FORBIDDEN.test(said)) return new AuthError(message, { details });
  // -32602 is JSON-RPC's "invalid params"; SBIS words the rest of its input complaints.
  if (failure.code === '-32602' || BAD_INPUT.test(said)) {
    return new InputError(message, { field: blamedField(said, options), details });
  }
  // Internal errors and the ones SBIS itself calls temporary are worth repeating; business refusals are not.
  const transient = failure.code === '-32603' || TRANSIENT.test(said) || (status >= 502 && status <= 504);
  return new RemoteError(message, { status: status >= 400 ? status : undefined, retryable: transient, details });
}

/** The node param behind the SBIS field a complaint names, e.g. «Контрагент.СвЮЛ.ИНН» → counterpartyInn. */
function blamedField(said: string, options: SbisCallOptions): string | undefined {
  const named = /нет поля\s+[«"']?([\p{L}\p{N}_.]+)/iu.exec(said)
    ?? /пол[еяю]\s+[«"']([^»"']+)[»"']/iu.exec(said)
    ?? /field\s+[«"']?([\p{L}\p{N}_.]+)/iu.exec(said);
  const fields = options.fields ?? {};
  if (named) {
    const wire = named[1];
    if (Object.hasOwn(fields, wire)) return fields[wire];
    const parts = wire.split('.');
    for (let i = parts.length - 1; i >= 0; i--) {
      const suffix = parts.slice(i).join('.');
      if (Object.hasOwn(fields, suffix)) return fields[suffix];
    }
  }
  return options.field;
}

function redact(message: string, secrets: string[]): string {
  let out = message;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out.length > 400 ? `${out.slice(0, 400)}…` : out;
}
