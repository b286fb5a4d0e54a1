import type { FlowCalendar } from './calendar';
import type { SyncStore } from './sync';

/** What a node sees while it runs. The engine provides it; `runNode()` fakes it for specs. */
export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** Objects are sent as JSON unless a content-type says otherwise; strings and buffers go as they are. */
  body?: unknown;
  timeoutMs?: number;
  /** 'bytes': the response body is a Buffer, as sent (a PDF to attach); otherwise JSON or text. */
  responseType?: 'bytes';
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response says JSON, text otherwise; a Buffer when `responseType` is 'bytes'. */
  body: T;
}

/** Never throws for an HTTP status; throws RemoteError (retryable) for network faults and timeouts. */
export interface HttpClient {
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}

export interface NodeLogger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface CodeRunner {
  /** Runs a JS function body inside the sandbox with `vars` in scope; returns a copy of its result. */
  run(body: string, vars: Record<string, unknown>): Promise<unknown>;
}

export interface NodeContext {
  runId: string;
  flowId: string;
  nodeId: string;
  attempt: number;
  /** `runId:nodeId:iteration`: pass it to remote APIs that deduplicate writes. */
  idempotencyKey: string;
  now(): Date;
  log: NodeLogger;
  signal: AbortSignal;
  http: HttpClient;
  code: CodeRunner;
  /** Decrypted credentials of a connection the node's params point at. */
  credentials<T = Record<string, unknown>>(connectionId: string): Promise<T>;
  /** Working days on the flow's production calendar, in the flow's time zone. */
  calendar: FlowCalendar;
  /** Output of the wait that ended, when the node is resumed after `outcome.waitUntil`. */
  resumed?: { reason: 'timer' | 'event' | 'timeout'; data?: unknown };
  /** Signed public links to this node's form or approval page (people answer without an account). */
  links: PeopleLinks;
  /** Starts a published flow as a child of this run (once per step, however often the step re-runs). */
  subflows: { start(flowId: string, input: unknown): Promise<{ runId: string }> };
  /** Two-way sync state: which record on one side is which on the other, and what was last synced. */
  sync: SyncStore;
  /** The workspace's data tables (the engine keeps them in Postgres). */
  tables: DataTables;
}

/** A filter on one column: a value it equals, or a range (`from` inclusive, `to` exclusive). */
export interface TableFilter {
  eq?: unknown;
  from?: unknown;
  to?: unknown;
}

export interface DataTables {
  /**
   * Writes one row. `insert` fails when a row with its key exists, `upsert` merges the given cells
   * into it, `skip` leaves it. `idempotencyKey` makes a retried step find the row it wrote first.
   */
  write(table: string, row: Record<string, unknown>, options: { mode: 'insert' | 'upsert' | 'skip'; idempotencyKey: string }): Promise<{ action: 'inserted' | 'updated' | 'skipped'; row: { id: string; data: Record<string, unknown> } }>;
  /** Rows matching every filter (column → filter), sorted, at most `limit`; `total` counts all that match. */
  query(table: string, query: { filters: Map<string, TableFilter>; sort?: { column: string; direction: 'asc' | 'desc' }; limit: number }): Promise<{ rows: Record<string, unknown>[]; total: number }>;
}

export interface PeopleLinks {
  form(): string;
  approval(approver: string): string;
}

/** What a trigger sees when a request reaches its hook. */
export interface IncomingRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  rawBody: Buffer;
  ip: string;
}

export interface TriggerContext {
  flowId: string;
  now(): Date;
  http: HttpClient;
  log: NodeLogger;
  credentials<T = Record<string, unknown>>(connectionId: string): Promise<T>;
  /** Present in `load` only: intake stays fast and free of anything but parsing and checking. */
  state?: TriggerState;
}

/**
 * Durable values a trigger keeps between deliveries, per flow and trigger node: e.g. the last stage
 * seen for each deal, when the remote's events carry only the deal id. Values are JSON.
 */
export interface TriggerState {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  /**
   * Replaces the value under `key` with what `change` makes of it (undefined keeps it) in one step,
   * and answers the value found before: of two loads racing on one key, the second sees the first's.
   */
  update(key: string, change: (current: unknown) => unknown): Promise<unknown>;
}
