import type { RunEvent, RunFilter, RunStatus, RunSummary } from '../../api/types';

export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];

/** Filter names in the order they appear in a URL; the same names the API takes. */
export const FILTER_KEYS = ['flowId', 'status', 'businessKey', 'from', 'to', 'test', 'trigger', 'errorNode', 'errorMessage', 'connector'] as const satisfies readonly (keyof RunFilter)[];

const MAX_VALUE = 500;

function cleanStatus(raw: string): string | undefined {
  const wanted = new Set(raw.split(',').map((s) => s.trim()));
  const kept = RUN_STATUSES.filter((s) => wanted.has(s));
  return kept.length ? kept.join(',') : undefined;
}

function cleanDate(raw: string): string | undefined {
  const time = Date.parse(raw);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** The runs page's filter from its URL: unknown names and values that could not be sent are dropped. */
export function filterFromSearch(search: URLSearchParams): RunFilter {
  const filter: RunFilter = {};
  for (const key of FILTER_KEYS) {
    const raw = search.get(key)?.trim().slice(0, MAX_VALUE);
    if (!raw) continue;
    if (key === 'status') {
      const status = cleanStatus(raw);
      if (status) filter.status = status;
    } else if (key === 'test') {
      if (raw === 'true' || raw === 'false') filter.test = raw;
    } else if (key === 'from' || key === 'to') {
      const date = cleanDate(raw);
      if (date) filter[key] = date;
    } else {
      filter[key] = raw;
    }
  }
  return filter;
}

/** `?flowId=…&status=…` for the page's URL (empty string for no filter), keys in a stable order. */
export function searchFromFilter(filter: RunFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function isFiltered(filter: RunFilter): boolean {
  return FILTER_KEYS.some((key) => !!filter[key]);
}

/**
 * What the list listens to: its filter without the parts a status change can leave (status, the
 * error), so a listed run that stops matching still shows its new status instead of going stale.
 */
export function streamQuery(filter: RunFilter): string {
  const { status: _status, errorNode: _node, errorMessage: _message, ...rest } = filter;
  return searchFromFilter(rest).slice(1);
}

/** Whether a run the list has not shown yet belongs on it: the parts of the filter the stream left out. */
export function matchesStatusFilter(event: Pick<RunEvent, 'status' | 'error'>, filter: RunFilter): boolean {
  if (filter.status && !filter.status.split(',').includes(event.status)) return false;
  if (filter.errorNode && event.error?.nodeId !== filter.errorNode) return false;
  if (filter.errorMessage && event.error?.message !== filter.errorMessage) return false;
  return true;
}

/** The list after a stream event: a known row takes the new status; a new run goes on top. */
export function applyRunEvent(rows: readonly RunSummary[], event: RunEvent, known: ReadonlyMap<string, string> = new Map(), filter: RunFilter = {}): RunSummary[] {
  const index = rows.findIndex((r) => r.id === event.id);
  if (index >= 0) {
    const row = rows[index];
    const next = { ...row, status: event.status, startedAt: event.startedAt, finishedAt: event.finishedAt, error: event.error };
    next.durationMs = next.startedAt && next.finishedAt ? Date.parse(next.finishedAt) - Date.parse(next.startedAt) : null;
    return [...rows.slice(0, index), next, ...rows.slice(index + 1)];
  }
  const newest = rows[0];
  if (!matchesStatusFilter(event, filter)) return [...rows];
  if (newest && Date.parse(event.createdAt) < Date.parse(newest.createdAt)) return [...rows];
  const flowName = known.get(event.flowId);
  return [{
    id: event.id, flowId: event.flowId, flowVersionId: '', status: event.status, triggerNodeId: null, businessKey: event.businessKey,
    error: event.error, createdAt: event.createdAt, startedAt: event.startedAt, finishedAt: event.finishedAt, ...(flowName ? { flowName } : {}),
  }, ...rows];
}

export const isActive = (status: RunStatus) => status === 'queued' || status === 'running' || status === 'waiting';
