import { AuthError, ConfigError, RateLimitError, RemoteError, type HttpClient, type HttpResponse } from '../../sdk';
import { portalOf, webhookBase } from './auth';
import { asRecord, encodeForm, field, isRecord } from './form';
import type { Bitrix24Connection, Envelope } from './types';

const TIMEOUT_MS = 20_000;
export const PAGE_SIZE = 50;
export const MAX_BATCH = 50;
const DEFAULT_MAX_PAGES = 20;
// Bitrix24 drains its request bucket at about 2 per second and sends no Retry-After.
const RATE_LIMIT_RETRY_MS = 1000;
const AUTH_ERRORS = new Set(['NO_AUTH_FOUND', 'INVALID_CREDENTIALS', 'expired_token', 'invalid_token', 'insufficient_scope', 'ACCESS_DENIED', 'WRONG_AUTH_TYPE']);
const NOT_FOUND_ERRORS = new Set(['ERROR_NOT_FOUND', 'NOT_FOUND', 'ERROR_ENTITY_NOT_FOUND']);

export interface BatchCommand {
  method: string;
  params?: Record<string, unknown>;
}

export interface BatchResult {
  results: Map<string, unknown>;
  errors: Map<string, Error>;
}

export interface Page<T> {
  items: T[];
  total: number | null;
  /** More items exist than `maxPages` pages let us read. */
  truncated: boolean;
}

export interface Bitrix24Client {
  readonly portal: string;
  call<T>(method: string, params?: Record<string, unknown>): Promise<Envelope<T>>;
  /** Follows `next` from `start` 0, 50 items a page, reading at most `maxPages` pages. */
  list<T>(method: string, params: Record<string, unknown>, itemsOf: (result: unknown) => T[], options?: { maxPages?: number }): Promise<Page<T>>;
  /** Up to 50 calls in one request; with `halt` the first failure stops the rest and is thrown. */
  batch(commands: ReadonlyMap<string, BatchCommand>, options?: { halt?: boolean }): Promise<BatchResult>;
  /** A method that answers a file (a document's PDF), called with a query as Bitrix24 handed it out; the bytes as sent. */
  download(method: string, query: string): Promise<{ content: Buffer; contentType: string | null }>;
}

export function bitrix24Client(http: HttpClient, connection: Bitrix24Connection): Bitrix24Client {
  const base = webhookBase(connection.webhookUrl);
  const portal = portalOf(base);

  async function call<T>(method: string, params: Record<string, unknown> = {}): Promise<Envelope<T>> {
    if (!/^[a-z][a-z0-9_.]*$/i.test(method)) throw new ConfigError(`'${method}' is not a Bitrix24 REST method name`);
    const response = await http.request<unknown>({ method: 'POST', url: `${base}${method}.json`, headers: { accept: 'application/json' }, body: params, timeoutMs: TIMEOUT_MS });
    const body = asRecord(response.body);
    if (response.status >= 200 && response.status < 300 && typeof field(body, 'error') !== 'string' && Object.hasOwn(body, 'result')) {
      return body as unknown as Envelope<T>;
    }
    throw responseError(portal, method, response);
  }

  return {
    portal,
    call,

    async list<T>(method: string, params: Record<string, unknown>, itemsOf: (result: unknown) => T[], options: { maxPages?: number } = {}): Promise<Page<T>> {
      const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
      const items: T[] = [];
      let start = 0;
      let total: number | null = null;
      for (let page = 0; page < maxPages; page++) {
        const answer = await call<unknown>(method, { ...params, start });
        items.push(...itemsOf(answer.result));
        total = typeof answer.total === 'number' ? answer.total : total;
        if (typeof answer.next !== 'number' || answer.next <= start) return { items, total, truncated: false };
        start = answer.next;
      }
      return { items, total, truncated: true };
    },

    async batch(commands: ReadonlyMap<string, BatchCommand>, options: { halt?: boolean } = {}): Promise<BatchResult> {
      if (commands.size > MAX_BATCH) throw new ConfigError(`A Bitrix24 batch takes at most ${MAX_BATCH} commands, not ${commands.size}`);
      const cmd: Record<string, string> = {};
      for (const [key, command] of commands) cmd[key] = `${command.method}?${encodeForm(command.params ?? {})}`;
      const answer = await call<unknown>('batch', { halt: options.halt ? 1 : 0, cmd });
      // PHP answers an empty map as [], so every part is read as "maybe a record".
      const results = asRecord(field(answer.result, 'result'));
      const failures = asRecord(field(answer.result, 'result_error'));
      const out: BatchResult = { results: new Map(), errors: new Map() };
      for (const key of commands.keys()) {
        if (Object.hasOwn(failures, key)) {
          const failure = asRecord(failures[key]);
          out.errors.set(key, errorFor(portal, commands.get(key)!.method, 400, failure));
        } else if (Object.hasOwn(results, key)) out.results.set(key, results[key]);
      }
      if (options.halt && out.errors.size) throw out.errors.values().next().value!;
      return out;
    },

    async download(method: string, query: string) {
      if (!/^[a-z][a-z0-9_.]*$/i.test(method)) throw new ConfigError(`'${method}' is not a Bitrix24 REST method name`);
      const response = await http.request<Buffer>({ method: 'GET', url: `${base}${method}.json${query ? `?${query}` : ''}`, responseType: 'bytes', timeoutMs: TIMEOUT_MS });
      const contentType = response.headers['content-type']?.split(';')[0].trim() || null;
      if (response.status >= 200 && response.status < 300 && contentType !== 'application/json') {
        return { content: Buffer.isBuffer(response.body) ? response.body : Buffer.from(String(response.body ?? '')), contentType };
      }
      // Failures come as the usual JSON envelope.
      let body: unknown;
      try {
        body = JSON.parse(Buffer.isBuffer(response.body) ? response.body.toString('utf8') : String(response.body ?? ''));
      } catch {
        body = undefined;
      }
      throw responseError(portal, method, { ...response, status: response.status < 300 ? 502 : response.status, body });
    },
  };
}

function responseError(portal: string, method: string, response: HttpResponse<unknown>): Error {
  const body = isRecord(response.body) ? response.body : {};
  if (!isRecord(response.body) && response.status < 500) {
    return new RemoteError(`Bitrix24 ${portal} ${method} answered ${response.status} without a JSON body`, { status: response.status, retryable: false });
  }
  return errorFor(portal, method, response.status, body);
}

function errorFor(portal: string, method: string, status: number, body: Record<string, unknown>): Error {
  const code = typeof field(body, 'error') === 'string' ? String(field(body, 'error')) : '';
  const description = typeof field(body, 'error_description') === 'string' ? String(field(body, 'error_description')).slice(0, 300) : '';
  const message = `Bitrix24 ${portal} ${method} answered ${status}${code ? ` ${code}` : ''}${description ? `: ${description}` : ''}`;
  const details = { error: code, error_description: description };
  if (code === 'QUERY_LIMIT_EXCEEDED') return new RateLimitError(message, { retryAfterMs: RATE_LIMIT_RETRY_MS, details });
  if (AUTH_ERRORS.has(code) || status === 401) return new AuthError(message, { details });
  if (NOT_FOUND_ERRORS.has(code) || /not found/i.test(description) || status === 404) return new RemoteError(message, { status: 404, retryable: false, details });
  if (status >= 500) return new RemoteError(message, { status, retryable: true, details });
  return new RemoteError(message, { status, retryable: false, details });
}
