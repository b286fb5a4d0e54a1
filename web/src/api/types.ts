export type Role = 'admin' | 'analyst' | 'manager';

export interface User {
  id: string;
  email: string;
  name?: string;
  roles: Role[];
  /** This server runs the demo workspace (its outbox page exists). */
  demo?: boolean;
}

/** An e-mail or Telegram message the demo's local SMTP server or Telegram simulator received. */
export interface OutboxMessage {
  id: number;
  channel: 'email' | 'telegram';
  from: string;
  to: string[];
  cc: string[];
  subject?: string;
  text: string;
  html?: string;
  attachments: { filename: string; contentType: string; size: number }[];
  receivedAt: string;
}

export interface Problem {
  nodeId?: string;
  field?: string;
  message: string;
  /** What kind of problem (`problems.<code>` in the dictionaries), with the values its text names. */
  code?: string;
  params?: Record<string, string | number>;
}

export type NodeKind = 'trigger' | 'condition' | 'action' | 'expression' | 'wait' | 'loop';

export type Widget = 'text' | 'textarea' | 'number' | 'boolean' | 'select' | 'json' | 'code' | 'keyValue' | 'list' | 'connection' | 'date' | 'secret';

export interface Option {
  value: string;
  label: string;
}

export interface UiHints {
  widget: Widget;
  label?: string;
  description?: string;
  placeholder?: string;
  expressions?: boolean;
  options?: Option[];
  connector?: string;
  optionsSource?: string;
  /** Key-value fields: where the keys may be picked from (a connection's custom fields). */
  keyOptionsSource?: string;
  itemFields?: Record<string, UiHints>;
}

export interface JsonSchemaProperty {
  title?: string;
  description?: string;
  default?: unknown;
  type?: string | string[];
  enum?: unknown[];
  'x-ui'?: UiHints;
  items?: { properties?: Record<string, JsonSchemaProperty>; required?: string[] };
  [key: string]: unknown;
}

export interface InputSchema {
  properties?: Record<string, JsonSchemaProperty>;
  required?: string[];
}

export interface CatalogEntry {
  type: string;
  kind: NodeKind;
  title: string;
  category: string;
  description?: string;
  connector?: string;
  inputSchema: InputSchema;
  ports: string[] | 'dynamic';
  /** When `ports` is 'dynamic': ports named by a list param's items, then fixed ones (a switch's cases, then default). */
  dynamicPorts?: { fromList: string; nameField: string; then: string[] };
  errorPort: boolean;
  /** Running it changes something outside Flowbridge: a test run asks first. */
  sideEffects?: boolean;
  sampleOutput?: unknown;
}

export interface RetryPolicy {
  attempts: number;
  backoff?: 'fixed' | 'exponential';
  delayMs?: number;
}

/** A sticky note on the canvas: it documents the flow and never runs. */
export interface StickyNote {
  id: string;
  text: string;
  position: { x: number; y: number };
  width?: number;
  height?: number;
  color?: 'yellow' | 'blue' | 'green' | 'pink';
}

export interface GraphNode {
  id: string;
  type: string;
  /** The node definition's version it was placed with; the server stamps the newest on a new node. */
  version?: number;
  name?: string;
  params: Record<string, unknown>;
  position?: { x: number; y: number };
  retry?: RetryPolicy;
  /** Used instead of running the node in test runs of the draft; never published. */
  pinnedOutput?: unknown;
}

export interface GraphEdge {
  from: string;
  port?: string;
  to: string;
}

/** Which production calendar and time zone the flow's waits and date helpers use; absent: the server's defaults. */
export interface FlowAlerts {
  notify?: { channel: 'email' | 'telegram'; emailConnection?: string; to?: string[]; telegramConnection?: string; chatId?: string };
  errorFlowId?: string;
  digestMinutes?: number;
  language?: 'en' | 'ru' | 'es';
}

export interface FlowSettings {
  calendar?: string;
  timezone?: string;
  /** Kept as the server sent it: the editor does not draw it yet, but a save must not drop it. */
  concurrency?: { perBusinessKey?: boolean; maxRuns?: number };
  alerts?: FlowAlerts;
}

export interface FlowGraph {
  schema: 1;
  name?: string;
  settings?: FlowSettings;
  nodes: GraphNode[];
  edges: GraphEdge[];
  notes?: StickyNote[];
}

export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

export interface FlowStats {
  lastRunStatus: RunStatus | null;
  lastRunAt: string | null;
  runsToday: number;
  failureRate: number | null;
}

export interface FlowView {
  id: string;
  name: string;
  graph: FlowGraph;
  publishedVersion: number | null;
  /** The server's save counter: sent back with each save so a stale one is refused. */
  revision: number;
  problems: Problem[];
  stats?: FlowStats;
  createdAt: string;
  updatedAt: string;
}

export interface AdminUser extends User {
  disabled: boolean;
  createdAt: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown> | null;
}

/** An approval waiting for the signed-in user. */
export interface PendingApproval {
  runId: string;
  nodeId: string;
  flowId: string;
  flowName: string;
  title: string;
  details: string | null;
  quorum: number;
  veto: boolean;
  since: string;
  timeoutAt: string | null;
}

/** A row of the flows list: everything but the draft itself. */
export type FlowSummary = Omit<FlowView, 'graph'> & { nodeCount: number };

export interface FlowVersion {
  id: string;
  version: number;
  createdAt: string;
  publishedBy: string | null;
  /** What the publisher wrote about this version. */
  note?: string | null;
}

export interface ValueChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** What changed between two versions (or a version and the draft) in how the flow runs. */
export interface GraphDiff {
  from: number;
  to: number | 'draft';
  added: string[];
  removed: string[];
  changed: { nodeId: string; changes: ValueChange[] }[];
  edgesAdded: GraphEdge[];
  edgesRemoved: GraphEdge[];
  settings: ValueChange[];
}

export interface RunError {
  message: string;
  kind?: string;
  field?: string;
  nodeId?: string;
  /** The remote system's answer when a call to it failed. */
  status?: number;
  body?: unknown;
  /** What the node attached to its error; for a remote call, the answer's body. */
  details?: unknown;
}

export interface RunSummary {
  id: string;
  flowId: string;
  flowVersionId: string;
  status: RunStatus;
  triggerNodeId: string | null;
  businessKey: string | null;
  error: RunError | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** A run of the draft (a test run). */
  isTest?: boolean;
  flowName?: string;
  /** The published version it ran on; null for a test run of the draft. */
  version?: number | null;
  triggerType?: string | null;
  wakeAt?: string | null;
  durationMs?: number | null;
  parentRunId?: string | null;
  parentNodeId?: string | null;
}

export type StepStatus = 'succeeded' | 'failed' | 'skipped' | 'waiting' | 'running';

export interface RunStep {
  id: string;
  nodeId: string;
  /** `0` at the top of the run; `0.2` in a loop's item 2. */
  iterationPath?: string;
  status: StepStatus;
  port: string | null;
  attempt: number;
  input: unknown;
  output: unknown;
  error: RunError | null;
  retryAt?: string | null;
  wakeAt?: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Earlier rows of the same node and iteration (a resumed wait, earlier attempts), oldest first. */
  history?: StepHistoryEntry[];
}

export interface StepHistoryEntry {
  status: StepStatus;
  port: string | null;
  attempt: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: RunError | null;
}

export type WaitKind = 'event' | 'timer' | 'form' | 'approval' | 'retry';

export interface WaitingFor {
  stepId: string;
  nodeId: string;
  kind: WaitKind;
  eventType?: string | null;
  eventKey?: string | null;
  until: string | null;
}

export interface RunChild {
  id: string;
  status: RunStatus;
  flowId?: string;
  flowName?: string;
  parentNodeId?: string | null;
  createdAt?: string;
}

export interface RunDetail extends RunSummary {
  steps: RunStep[];
  graph?: Pick<FlowGraph, 'nodes' | 'edges' | 'notes'>;
  waitingFor?: WaitingFor[];
  children?: RunChild[];
  retryOf?: string | null;
}

/** A value the run read cut short; the step read has it whole. */
export interface TruncatedValue {
  $truncated: true;
  size: number;
  preview: string;
}

/** The runs list's filter: the same names in the page's URL, the API query and bulk actions. */
export interface RunFilter {
  flowId?: string;
  status?: string;
  businessKey?: string;
  from?: string;
  to?: string;
  test?: 'true' | 'false';
  trigger?: string;
  errorNode?: string;
  errorMessage?: string;
  connector?: string;
}

export interface BulkResult {
  matched: number;
  done: string[];
  skipped: { id: string; reason: string }[];
  truncated: boolean;
}

/** What the runs stream sends when a run is created or changes status. */
export interface RunEvent {
  id: string;
  flowId: string;
  status: RunStatus;
  startedAt: string | null;
  finishedAt: string | null;
  error: RunError | null;
  businessKey: string | null;
  createdAt: string;
}

export interface RunBucket {
  at: string;
  queued: number;
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  total: number;
}

export interface RunStats {
  bucket: 'hour' | 'day';
  from: string;
  to: string;
  buckets: RunBucket[];
}

export interface FlowStatsRow {
  flowId: string;
  flowName: string;
  runs: number;
  succeeded: number;
  failed: number;
  failureRate: number;
  p95DurationMs: number | null;
}

export interface WaitingRow {
  flowId: string;
  flowName: string;
  nodeId: string;
  nodeName: string | null;
  kind: WaitKind;
  eventType: string | null;
  count: number;
  nextUntil: string | null;
}

export interface ErrorRow {
  flowId: string;
  flowName: string;
  nodeId: string;
  nodeName: string | null;
  message: string;
  count: number;
  lastAt: string;
  lastRunId: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TemplateParam {
  label: string;
  kind: 'connection' | 'text' | 'number';
  connector?: string;
  required?: boolean;
  default?: unknown;
  description?: string;
}

export interface Template {
  id: string;
  title: string;
  description: string;
  connectors: string[];
  params: Record<string, TemplateParam>;
  /** The gallery's texts in other languages (ru, es); English is the template itself. */
  texts?: Record<string, { title: string; description: string; params: Record<string, { label: string; description?: string }> }>;
}

export interface Connection {
  id: string;
  connector: string;
  name: string;
  config: Record<string, unknown>;
  secretFields: string[];
  createdAt?: string;
}

export interface CredentialField {
  label: string;
  secret?: boolean;
  required?: boolean;
  default?: string;
  placeholder?: string;
  description?: string;
}

export interface Connector {
  key: string;
  title: string;
  category: string;
  description: string;
  enabled: boolean;
  credentials: { kind: string; fields: Record<string, CredentialField> };
  nodes: { type: string; kind: NodeKind; title: string }[];
}
