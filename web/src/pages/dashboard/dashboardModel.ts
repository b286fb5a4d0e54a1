import type { ErrorRow, RunBucket, RunStatus } from '../../api/types';
import { searchFromFilter } from '../runs/runFilter';

export const PERIODS = ['24h', '7d', '30d'] as const;
export type Period = (typeof PERIODS)[number];

const HOUR = 3_600_000;
const SPAN: Record<Period, { ms: number; bucket: 'hour' | 'day' }> = {
  '24h': { ms: 24 * HOUR, bucket: 'hour' },
  '7d': { ms: 7 * 24 * HOUR, bucket: 'hour' },
  '30d': { ms: 30 * 24 * HOUR, bucket: 'day' },
};

export interface DashboardScope {
  period: Period;
  flowId?: string;
  connector?: string;
}

export function scopeFromSearch(search: URLSearchParams): DashboardScope {
  const raw = search.get('period');
  const period = PERIODS.find((p) => p === raw) ?? '24h';
  const flowId = search.get('flowId')?.trim().slice(0, 100) || undefined;
  const connector = search.get('connector')?.trim().slice(0, 100) || undefined;
  return { period, ...(flowId ? { flowId } : {}), ...(connector ? { connector } : {}) };
}

export function searchFromScope(scope: DashboardScope): string {
  const params = new URLSearchParams();
  if (scope.period !== '24h') params.set('period', scope.period);
  if (scope.flowId) params.set('flowId', scope.flowId);
  if (scope.connector) params.set('connector', scope.connector);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The period as the API takes it: ends at the start of the next bucket, so the current one is whole. */
export function periodRange(period: Period, now: number): { from: string; to: string; bucket: 'hour' | 'day' } {
  const { ms, bucket } = SPAN[period];
  const size = bucket === 'hour' ? HOUR : 24 * HOUR;
  const end = Math.floor(now / size) * size + size;
  return { from: new Date(end - ms).toISOString(), to: new Date(end).toISOString(), bucket };
}

/** The runs page showing the failed live runs behind one of the top errors, in the same period (the dashboard leaves test runs out). */
export function errorRunsLink(row: Pick<ErrorRow, 'flowId' | 'nodeId' | 'message'>, range: { from: string; to: string }, scope: Pick<DashboardScope, 'connector'> = {}): string {
  return `/runs${searchFromFilter({ flowId: row.flowId, status: 'failed', errorNode: row.nodeId, errorMessage: row.message, from: range.from, to: range.to, connector: scope.connector, test: 'false' })}`;
}

export const CHART_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'waiting', 'running', 'queued', 'cancelled'];

export const STATUS_COLOR: Record<RunStatus, string> = {
  succeeded: '#16a34a',
  failed: '#dc2626',
  waiting: '#f59e0b',
  running: '#3b82f6',
  queued: '#94a3b8',
  cancelled: '#64748b',
};

/** One series per status (bottom to top: succeeded first), one point per bucket. */
export function stackedSeries(buckets: readonly RunBucket[]): { status: RunStatus; data: number[] }[] {
  return CHART_STATUSES.map((status) => ({ status, data: buckets.map((b) => b[status]) }));
}

export function bucketTotals(buckets: readonly RunBucket[]): Record<RunStatus | 'total', number> {
  const sum = { queued: 0, running: 0, waiting: 0, succeeded: 0, failed: 0, cancelled: 0, total: 0 };
  for (const b of buckets) {
    for (const status of CHART_STATUSES) sum[status] += b[status];
    sum.total += b.total;
  }
  return sum;
}
