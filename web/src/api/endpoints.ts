import { api } from './client';
import type { CatalogDict } from '../i18n/catalog';
import type {
  BulkResult, ErrorRow, FlowStatsRow, RunFilter, RunStats, RunStep, WaitingRow,
  AdminUser, AuditEntry, OutboxMessage, CatalogEntry, Connection, GraphDiff, Connector, FlowGraph, FlowSummary, FlowVersion, FlowView, Option, Page, PendingApproval, Role, RunDetail, RunSummary, Template, User,
} from './types';

const enc = encodeURIComponent;

export const authApi = {
  login: (email: string, password: string) => api.post<{ user: User; csrfToken: string; demo?: boolean }>('/api/auth/login', { email, password }),
  me: () => api.get<User & { csrfToken: string }>('/api/auth/me', undefined, { quiet401: true }),
  logout: () => api.post<void>('/api/auth/logout'),
};

export const catalogApi = {
  nodes: () => api.get<CatalogEntry[]>('/api/nodes'),
  /** The catalogue's texts in a language other than English (see i18n/catalog.ts). */
  texts: (lang: string) => api.get<CatalogDict>(`/api/nodes/texts/${enc(lang)}`),
};

export const flowsApi = {
  list: () => api.get<FlowSummary[]>('/api/flows'),
  get: (id: string) => api.get<FlowView>(`/api/flows/${enc(id)}`),
  create: (name: string, graph: Partial<FlowGraph>) => api.post<FlowView>('/api/flows', { name, graph }),
  update: (id: string, patch: { name?: string; graph?: FlowGraph; revision?: number }) => api.put<FlowView>(`/api/flows/${enc(id)}`, patch),
  remove: (id: string) => api.del(`/api/flows/${enc(id)}`),
  publish: (id: string, note?: string) => api.post<{ version: number }>(`/api/flows/${enc(id)}/publish`, note ? { note } : {}),
  versions: (id: string) => api.get<FlowVersion[]>(`/api/flows/${enc(id)}/versions`),
  restore: (id: string, version: number) => api.post<FlowView>(`/api/flows/${enc(id)}/versions/${version}/restore`),
  diff: (id: string, from: number, to: number | 'draft') => api.get<GraphDiff>(`/api/flows/${enc(id)}/versions/${from}/diff/${to}`),
  samples: (id: string) => api.get<Record<string, unknown>>(`/api/flows/${enc(id)}/samples`),
  exportJson: (id: string) => api.get<FlowGraph>(`/api/flows/${enc(id)}/export`),
  importJson: (graph: unknown) => api.post<FlowView>('/api/flows/import', graph),
  run: (id: string, payload: unknown) => api.post<{ runId: string }>(`/api/flows/${enc(id)}/run`, { payload, draft: true }),
  /** A test run from a node on, with what ran before it taken from an earlier run. */
  runFrom: (id: string, from: { runId: string; nodeId: string }) => api.post<{ runId: string }>(`/api/flows/${enc(id)}/run`, { draft: true, from }),
};

export const schedulesApi = {
  /** The next fire times of a schedule trigger as drawn, before it is published. */
  preview: (spec: { cron: string; timezone?: string; workingDaysOnly?: boolean; calendar?: string; count?: number }) =>
    api.post<{ timezone: string; nextFireTimes: string[] }>('/api/schedules/preview', spec),
};

export const approvalsApi = {
  pending: () => api.get<PendingApproval[]>('/api/approvals'),
  answer: (runId: string, nodeId: string, decision: 'approve' | 'reject', comment?: string) => api.post<{ decision: string }>(`/api/approvals/${enc(runId)}/${enc(nodeId)}`, { decision, comment }),
};

export const runsApi = {
  list: (query: RunFilter & { limit?: number; cursor?: string }) => api.get<Page<RunSummary>>('/api/runs', { ...query }),
  get: (id: string) => api.get<RunDetail>(`/api/runs/${enc(id)}`),
  /** One step attempt whole: the run read cuts large values to a preview. */
  step: (id: string, stepId: string) => api.get<RunStep>(`/api/runs/${enc(id)}/steps/${enc(stepId)}`),
  retry: (id: string) => api.post<RunSummary>(`/api/runs/${enc(id)}/retry`),
  cancel: (id: string) => api.post<RunSummary>(`/api/runs/${enc(id)}/cancel`),
  /** A new run of the same version with the trigger's output replaced ("retry with edited input"). */
  rerun: (id: string, payload: Record<string, unknown>) => api.post<{ runId: string }>(`/api/runs/${enc(id)}/rerun`, { payload }),
  bulk: (action: 'retry' | 'cancel', target: { ids: string[] } | { filter: RunFilter }) => api.post<BulkResult>('/api/runs/bulk', { action, ...target }),
  /** A waiting run goes on now: with `event`, as if it came; without, its timer or timeout fires. */
  wake: (id: string, stepId: string, event?: { data: unknown }) => api.post<RunDetail>(`/api/runs/${enc(id)}/steps/${enc(stepId)}/wake`, event ? { event: event.data } : {}),
};

type StatsScope = { from: string; to: string; flowId?: string; connector?: string };

export const statsApi = {
  runs: (query: StatsScope & { bucket?: 'hour' | 'day' }) => api.get<RunStats>('/api/stats/runs', query),
  flows: (query: StatsScope) => api.get<{ items: FlowStatsRow[] }>('/api/stats/flows', query),
  waiting: (query: { flowId?: string; connector?: string }) => api.get<{ total: number; items: WaitingRow[] }>('/api/stats/waiting', query),
  errors: (query: StatsScope & { limit?: number }) => api.get<{ items: ErrorRow[] }>('/api/stats/errors', query),
};

export const templatesApi = {
  list: () => api.get<Template[]>('/api/templates'),
  instantiate: (id: string, params: Record<string, unknown>, publish: boolean, lang?: string) =>
    api.post<{ flows: FlowView[] }>(`/api/templates/${enc(id)}/instantiate`, { params, publish, ...(lang ? { lang } : {}) }),
};

export const connectionsApi = {
  list: (connector?: string) => api.get<Connection[]>('/api/connections', { connector }),
  create: (connector: string, name: string, credentials: Record<string, string>) => api.post<Connection>('/api/connections', { connector, name, credentials }),
  remove: (id: string) => api.del(`/api/connections/${enc(id)}`),
  test: (id: string) => api.post<{ ok: boolean; message: string }>(`/api/connections/${enc(id)}/test`),
  options: (id: string, source: string, params: Record<string, unknown>) =>
    api.get<Option[]>(`/api/connections/${enc(id)}/options/${enc(source)}`, { params: JSON.stringify(params) }),
};

export const usersApi = {
  list: () => api.get<AdminUser[]>('/api/users'),
  create: (user: { email: string; roles: Role[]; password: string; name?: string }) => api.post<AdminUser>('/api/users', user),
  update: (id: string, patch: { roles?: Role[]; disabled?: boolean; password?: string }) => api.patch<AdminUser>(`/api/users/${enc(id)}`, patch),
};

export const demoApi = {
  outbox: (channel?: OutboxMessage['channel']) => api.get<OutboxMessage[]>('/api/demo/outbox', { channel }),
};

export const auditApi = {
  list: (query: { limit?: number; actor?: string; action?: string; from?: string; to?: string }) => api.get<AuditEntry[]>('/api/audit', query),
};

export const connectorsApi = {
  list: () => api.get<Connector[]>('/api/connectors'),
  usage: (key: string) => api.get<{ flows: { id: string; name: string; version: number }[] }>(`/api/connectors/${enc(key)}/usage`),
  setEnabled: (key: string, enabled: boolean) => api.post<Connector>(`/api/connectors/${enc(key)}/${enabled ? 'enable' : 'disable'}`),
};

export type CalendarDayType = 'holiday' | 'dayoff' | 'workday' | 'short';
export interface CalendarInfo { id: string; name: string; weekend: number[]; timezone: string; source: string; version: number; years: number[] }
export interface CalendarSummary { year: number; workdays: number; daysOff: number; hours: number; months: { month: number; days: number; workdays: number; daysOff: number; hours: number }[] }
export interface CalendarDay { date: string; type: CalendarDayType | 'work' | 'weekend'; working: boolean; hours: number; name?: string }
export interface CalendarYearView { id: string; year: number; weekend: number[]; version: number; summary: CalendarSummary; days: CalendarDay[] }
export type CalendarImport =
  | { format: 'xmlcalendar-xml' | 'xmlcalendar-json' | 'csv'; data: string; dryRun?: boolean }
  | { format: 'isdayoff'; year: number; data: string; dryRun?: boolean };

export const calendarsApi = {
  list: () => api.get<CalendarInfo[]>('/api/calendars'),
  year: (id: string, year: number) => api.get<CalendarYearView>(`/api/calendars/${enc(id)}/days`, { year }),
  setDay: (id: string, date: string, type: CalendarDayType | null) => api.put<{ replanned: number }>(`/api/calendars/${enc(id)}/days/${enc(date)}`, { type }),
  import: (id: string, body: CalendarImport) => api.post<{ year: number; days: number; replanned?: number; dryRun?: boolean; summary: CalendarSummary }>(`/api/calendars/${enc(id)}/import`, body),
};

export const expressionsApi = {
  preview: (template: string, scope: Record<string, unknown>, settings: { calendar?: string; timezone?: string } = {}) =>
    api.post<{ value?: unknown; error?: string }>('/api/expressions/preview', { template, scope, ...settings }),
};

export type ColumnType = 'text' | 'number' | 'boolean' | 'date' | 'datetime' | 'json';
export interface TableColumn { name: string; type: ColumnType; required: boolean }
export interface ReportColumns { manager: string; startedAt: string; duration: string; direction?: string; phone?: string }
export interface DataTable {
  id: string; name: string; description: string; columns: TableColumn[]; key: string[]; indexed: string[];
  report: Partial<ReportColumns> | null; rowCount: number; limits: { maxRows: number; maxColumns: number; maxRowBytes: number }; createdAt: string; updatedAt: string;
}
export interface TableRow { id: string; data: Record<string, unknown>; createdAt: string; updatedAt: string }
export interface TableFilterInput { column: string; op: 'where' | 'from' | 'to'; value: string }
export interface CsvProblem { line: number; row: number; column: string; message: string }
export interface CallReport {
  table: { id: string; name: string };
  columns: ReportColumns;
  period: { from: string; to: string; timezone: string; calendar: string; dayStart: string; dayEnd: string; gapMinutes: number; workdays: string[] };
  totals: { calls: number; seconds: number; minutes: number; inbound: number; outbound: number };
  managers: { manager: string; calls: number; seconds: number; minutes: number; inbound: number; outbound: number; averageSeconds: number; hours: number[]; gaps: { date: string; from: string; to: string; minutes: number }[]; idleMinutes: number }[];
  hours: { hour: number; label: string; calls: number; inbound: number; outbound: number; minutes: number }[];
  outsideHours: number;
}
export interface ReportQuery extends Partial<ReportColumns> {
  from: string; to: string; calendar?: string; timezone?: string; dayStart?: string; dayEnd?: string; gapMinutes?: number;
}

const filterQuery = (filters: TableFilterInput[]) => Object.fromEntries(filters.map((f) => [`${f.op}.${f.column}`, f.value]));

export const tablesApi = {
  list: () => api.get<DataTable[]>('/api/tables'),
  get: (id: string) => api.get<DataTable>(`/api/tables/${enc(id)}`),
  create: (body: { name: string; description?: string; columns: TableColumn[]; key: string[] }) => api.post<DataTable>('/api/tables', body),
  update: (id: string, body: Record<string, unknown>) => api.patch<DataTable>(`/api/tables/${enc(id)}`, body),
  remove: (id: string) => api.del(`/api/tables/${enc(id)}`),
  rows: (id: string, filters: TableFilterInput[], after?: string, limit = 50) =>
    api.get<{ rows: TableRow[]; next: string | null; total: number }>(`/api/tables/${enc(id)}/rows`, { limit, after, ...filterQuery(filters) }),
  write: (id: string, rows: Record<string, unknown>[], mode: 'insert' | 'upsert' | 'skip' = 'insert') => api.post<{ inserted: number; updated: number; skipped: number }>(`/api/tables/${enc(id)}/rows`, { rows, mode }),
  updateRow: (id: string, rowId: string, data: Record<string, unknown>) => api.patch<TableRow>(`/api/tables/${enc(id)}/rows/${enc(rowId)}`, { data }),
  deleteRow: (id: string, rowId: string) => api.del(`/api/tables/${enc(id)}/rows/${enc(rowId)}`),
  importCsv: (id: string, csv: string) => api.post<{ rows: number; inserted: number; updated: number; skipped: number }>(`/api/tables/${enc(id)}/import`, { csv }),
  exportUrl: (id: string, filters: TableFilterInput[]) => {
    const query = new URLSearchParams(filterQuery(filters)).toString();
    return `/api/tables/${enc(id)}/export${query ? `?${query}` : ''}`;
  },
  report: (id: string, query: ReportQuery) => api.get<CallReport>(`/api/tables/${enc(id)}/report`, { ...query }),
};
