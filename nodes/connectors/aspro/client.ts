import { AuthError, InputError, parseRetryAfter, RateLimitError, RemoteError, type HttpClient, type HttpResponse } from '../../sdk';
import type { AsproAuth } from './auth';
import { field, isRecord, text } from './wire';

/**
 * The only file that talks HTTP to Aspro.Cloud: `/api/v1/module/{module}/{entity}/{method}` with the
 * key as `?api_key=` (passed as a query param, so it never appears in a URL we print), form-encoded
 * POST bodies, answers wrapped in `{ "response": … }`.
 */
export interface AsproCallOptions {
  /** Aspro field → the node param it came from, to name the param a refusal is about. */
  fields?: Record<string, string>;
  /** The param to blame when Aspro refuses the input without naming a field we know. */
  field?: string;
}

export interface AsproClient {
  readonly baseUrl: string;
  get<T = unknown>(path: string, query?: Record<string, string | number | undefined>, options?: AsproCallOptions): Promise<T>;
  post<T = unknown>(path: string, form: Record<string, string | number | undefined>, options?: AsproCallOptions): Promise<T>;
}

const TIMEOUT_MS = 30_000;
// Aspro sends no Retry-After that we know of; a second is what its limits recover in.
const DEFAULT_RETRY_MS = 1_000;
const AUTH_PROBLEM = /api[_ ]?key|unauthori[sz]ed|forbidden|access denied|доступ|авториз|ключ/i;
const NOT_FOUND = /not found|не найден|не существует|does not exist/i;

export function asproClient(http: HttpClient, auth: AsproAuth, now: () => Date): AsproClient {
  async function request<T>(method: 'GET' | 'POST', path: string, query: Record<string, string | number | undefined>, form: Record<string, string | number | undefined> | undefined, options: AsproCallOptions): Promise<T> {
    if (!/^[a-z_]+\/[a-z_]+\/[a-z_]+(\/\d+)?$/.test(path)) throw new InputError(`'${path}' is not an Aspro.Cloud API path`);
    const body = form ? new URLSearchParams(Object.entries(form).filter((e): e is [string, string | number] => e[1] !== undefined).map(([k, v]): [string, string] => [k, String(v)])) : undefined;
    const response = await http.request<unknown>({
      method,
      url: `${auth.baseUrl}/api/v1/module/${path}`,
      query: { ...query, api_key: auth.apiKey },
      headers: { accept: 'application/json' },
      body,
      timeoutMs: TIMEOUT_MS,
    });
    const parsed = parse(response.body);
    if (response.status >= 200 && response.status < 300 && isRecord(parsed) && Object.hasOwn(parsed, 'response') && !field(parsed, 'error')) {
      return parsed.response as T;
    }
    throw failure(`${method} ${path}`, response, parsed, options, now(), auth.apiKey);
  }

  return {
    baseUrl: auth.baseUrl,
    get: (path, query = {}, options = {}) => request('GET', path, query, undefined, options),
    post: (path, form, options = {}) => request('POST', path, {}, form, options),
  };
}

function parse(body: unknown): unknown {
  if (typeof body !== 'string' || !body.trim()) return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** `{ error: { error_code, error_msg } }` (also `message`/`msg`, or a bare string), the Flowlu-platform form. */
function errorOf(body: unknown): { code?: string; message?: string; field?: string } {
  const error = field(body, 'error') ?? field(field(body, 'response'), 'error');
  if (typeof error === 'string') return { message: error };
  if (!isRecord(error)) return { message: typeof body === 'string' ? body.trim().slice(0, 300) || undefined : undefined };
  return {
    code: text(field(error, 'error_code') ?? field(error, 'code')),
    message: text(field(error, 'error_msg') ?? field(error, 'message') ?? field(error, 'msg')),
    field: text(field(error, 'field')),
  };
}

function failure(what: string, response: HttpResponse<unknown>, body: unknown, options: AsproCallOptions, now: Date, apiKey: string): Error {
  const status = response.status;
  const error = errorOf(body);
  const said = error.message ? error.message.split(apiKey).join('***').slice(0, 300) : undefined;
  const message = `Aspro.Cloud ${what} answered ${status}${said ? `: ${said}` : ''}`;
  const details = { status, code: error.code, message: said };
  if (status === 429) return new RateLimitError(message, { retryAfterMs: parseRetryAfter(response.headers['retry-after'], now) ?? DEFAULT_RETRY_MS, details });
  if (status >= 500 || status === 408) return new RemoteError(message, { status, retryable: true, details });
  if (status === 401 || status === 403 || (AUTH_PROBLEM.test(said ?? '') && status !== 400 && status !== 404 && status !== 422)) return new AuthError(message, { details });
  // A refusal that names one of our fields is about that param, even when it says "not found" (a customer id).
  const blamed = blamedField(error.field, said, options);
  if (blamed) return new InputError(message, { field: blamed, details });
  if (status === 404 || NOT_FOUND.test(said ?? '')) return new RemoteError(message, { status: 404, retryable: false, details });
  if (status === 400 || status === 422) return new InputError(message, { field: options.field, details });
  if (status >= 200 && status < 300 && body === undefined) return new RemoteError(`Aspro.Cloud ${what} answered ${status} with no body`, { status, retryable: true });
  return new RemoteError(message, { status, retryable: false, details });
}

function blamedField(named: string | undefined, said: string | undefined, options: AsproCallOptions): string | undefined {
  const fields = options.fields ?? {};
  const candidates = [named, /^([a-z_]+)\s*:/i.exec(said ?? '')?.[1], /field\s+['"«]?([a-z_]+)/i.exec(said ?? '')?.[1], /пол[еяю]\s+['"«]?([a-z_]+)/i.exec(said ?? '')?.[1]];
  for (const candidate of candidates) if (candidate && Object.hasOwn(fields, candidate)) return fields[candidate];
  return undefined;
}
