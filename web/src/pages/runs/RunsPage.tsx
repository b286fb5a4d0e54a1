import '../../styles/ops.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linkHandler, navigate, useLocation } from '../../app/router';
import { usePermissions } from '../../app/session';
import { flowsApi, runsApi } from '../../api/endpoints';
import type { FlowSummary, RunEvent, RunFilter, RunSummary } from '../../api/types';
import { Button } from '../../components/Button';
import { confirmAction, toast } from '../../components/feedback';
import { Icon } from '../../components/Icon';
import { StatusBadge } from '../../components/StatusBadge';
import { useCatalog } from '../../editor/store/catalogStore';
import { humanError } from '../../lib/errors';
import { formatDateTime, formatMs } from '../../lib/format';
import { RunFilters } from './RunFilters';
import { applyRunEvent, filterFromSearch, isActive, searchFromFilter, streamQuery } from './runFilter';
import { useRunStream } from './useRunStream';

const PAGE_SIZE = 50;
const POLL_MS = 5000;

export default function RunsPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const query = search.toString();
  const filter = useMemo(() => filterFromSearch(new URLSearchParams(query)), [query]);
  const listenTo = useMemo(() => streamQuery(filter), [filter]);
  const { canOperateRuns } = usePermissions();
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const generation = useRef(0);

  useEffect(() => {
    flowsApi.list().then(setFlows, () => setFlows([]));
    if (!useCatalog.getState().loaded) void useCatalog.getState().load();
  }, []);
  const flowNames = useMemo(() => new Map(flows.map((f) => [f.id, f.name])), [flows]);

  const load = useCallback(async (more?: string) => {
    const mine = more ? generation.current : ++generation.current;
    try {
      const page = await runsApi.list({ ...filter, limit: PAGE_SIZE, cursor: more });
      if (mine !== generation.current) return;
      setRuns((prev) => (more && prev ? [...prev, ...page.items.filter((r) => !prev.some((p) => p.id === r.id))] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      if (mine === generation.current) setError(humanError(err));
    }
  }, [filter]);

  useEffect(() => {
    setRuns(null);
    setSelected(new Set());
    void load();
  }, [load]);

  const onEvent = useCallback((event: RunEvent) => setRuns((rows) => (rows ? applyRunEvent(rows, event, flowNames, filter) : rows)), [flowNames, filter]);
  const onRemoved = useCallback((id: string) => setRuns((rows) => (rows ? rows.filter((r) => r.id !== id) : rows)), []);
  const live = useRunStream(listenTo, onEvent, onRemoved);
  const anyActive = !!runs?.some((r) => isActive(r.status));
  // The first page read again, merged into what is shown; rows further down keep their state.
  const refreshFirstPage = useCallback(async () => {
    try {
      const page = await runsApi.list({ ...filter, limit: PAGE_SIZE });
      setRuns((rows) => page.items.slice().reverse().reduce((acc, r) => applyRunEvent(acc, r, flowNames, filter), rows ?? []));
    } catch {
      // The next round (or the next event) tries again.
    }
  }, [filter, flowNames]);
  // The stream tells of changes after it opened; what changed before is read again now.
  useEffect(() => {
    if (live) void refreshFirstPage();
  }, [live, refreshFirstPage]);
  // Without the stream, the first page is read again now and then.
  useEffect(() => {
    if (live || !anyActive) return;
    const timer = setInterval(() => void refreshFirstPage(), POLL_MS);
    return () => clearInterval(timer);
  }, [live, anyActive, refreshFirstPage]);

  const setFilter = (next: RunFilter) => navigate(`/runs${searchFromFilter(next)}`);
  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  });
  const allShown = !!runs?.length && runs.every((r) => selected.has(r.id));

  const bulk = async (action: 'retry' | 'cancel', scope: 'selection' | 'filter') => {
    const count = scope === 'selection' ? selected.size : null;
    const ok = await confirmAction({
      title: t(action === 'retry' ? 'runList.bulkRetryTitle' : 'runList.bulkCancelTitle'),
      message: count !== null ? t('runList.bulkSelectionText', { count }) : t('runList.bulkFilterText'),
      confirmLabel: t(action === 'retry' ? 'runList.retryConfirm' : 'runList.cancelConfirm'),
      danger: action === 'cancel',
    });
    if (!ok) return;
    setBusy(true);
    try {
      const result = await runsApi.bulk(action, scope === 'selection' ? { ids: [...selected] } : { filter });
      toast(t('runList.bulkDone', { done: result.done.length, skipped: result.skipped.length }) + (result.truncated ? ` ${t('runList.bulkTruncated')}` : ''));
      setSelected(new Set());
      // With the stream open the rows change in place as the runs do; a reload would drop those
      // that left the filter (a cancelled run from "waiting") before the user saw what happened.
      if (!live) await load();
    } catch (err) {
      toast(humanError(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page page-wide">
      <div className="page-header">
        <div>
          <h1>{t('runList.title')}</h1>
          <p className="muted">{t('runList.subtitle')}</p>
        </div>
        <div className="page-actions">
          <span className={live ? 'live-dot live-on' : 'live-dot'} data-testid="runs-live" data-live={live ? 'true' : 'false'} title={t(live ? 'runList.live' : 'runList.notLive')}>
            {t(live ? 'runList.live' : 'runList.notLive')}
          </span>
          <Button icon="refresh" onClick={() => void load()}>{t('runs.refresh')}</Button>
        </div>
      </div>
      <RunFilters filter={filter} flows={flows} onChange={setFilter} />
      {canOperateRuns && (
        <div className="bulk-bar" data-testid="bulk-bar">
          <span className="muted small">{t('runList.selected', { count: selected.size })}</span>
          <Button size="sm" icon="refresh" disabled={!selected.size} busy={busy} onClick={() => void bulk('retry', 'selection')} data-testid="bulk-retry">{t('runList.retrySelected')}</Button>
          <Button size="sm" icon="stop" disabled={!selected.size} busy={busy} onClick={() => void bulk('cancel', 'selection')} data-testid="bulk-cancel">{t('runList.cancelSelected')}</Button>
          <span className="toolbar-spacer" />
          <Button size="sm" variant="ghost" icon="refresh" busy={busy} onClick={() => void bulk('retry', 'filter')} data-testid="bulk-retry-filter">{t('runList.retryMatching')}</Button>
          <Button size="sm" variant="ghost" icon="stop" busy={busy} onClick={() => void bulk('cancel', 'filter')} data-testid="bulk-cancel-filter">{t('runList.cancelMatching')}</Button>
        </div>
      )}
      {error && <div className="banner banner-error">{error}</div>}
      <div className="card table-card">
        <table className="table table-clickable" data-testid="runs-list">
          <thead>
            <tr>
              {canOperateRuns && (
                <th className="check-cell">
                  <input type="checkbox" checked={allShown} aria-label={t('runList.selectAll')} data-testid="runs-select-all"
                    onChange={() => setSelected(allShown ? new Set() : new Set(runs?.map((r) => r.id)))} />
                </th>
              )}
              <th>{t('runs.colStatus')}</th>
              <th>{t('runList.flow')}</th>
              <th>{t('runs.businessKey')}</th>
              <th>{t('runs.started')}</th>
              <th className="num">{t('runs.duration')}</th>
              <th>{t('runList.error')}</th>
            </tr>
          </thead>
          <tbody>
            {runs?.map((run) => {
              const href = `/runs/${run.id}`;
              return (
                <tr key={run.id} onClick={() => navigate(href)} data-testid="runs-row" data-run-id={run.id} data-status={run.status} data-business-key={run.businessKey ?? ''}
                  className={selected.has(run.id) ? 'selected' : ''}>
                  {canOperateRuns && (
                    <td className="check-cell" onClick={(e) => e.stopPropagation()}>
                      <input type="checkbox" checked={selected.has(run.id)} onChange={() => toggle(run.id)} aria-label={t('runList.selectRun')} data-testid="runs-select" />
                    </td>
                  )}
                  <td><StatusBadge status={run.status} /></td>
                  <td>
                    <a href={href} onClick={(e) => { e.stopPropagation(); linkHandler(href)(e); }} className="run-flow-link" data-testid="runs-open">
                      {run.flowName ?? flowNames.get(run.flowId) ?? run.flowId.slice(0, 8)}
                    </a>
                    {run.isTest ? <span className="pill">{t('runList.test')}</span> : run.version ? <span className="muted small"> v{run.version}</span> : null}
                  </td>
                  <td>{run.businessKey ? <span className="run-key">#{run.businessKey}</span> : <span className="muted">—</span>}</td>
                  <td>{formatDateTime(run.startedAt ?? run.createdAt)}</td>
                  <td className="num">{formatMs(run.durationMs ?? (run.startedAt && run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null))}</td>
                  <td className="run-error-cell" title={run.error?.message}>{run.error ? run.error.message : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {runs?.length === 0 && <div className="empty-state"><p className="muted" data-testid="runs-empty">{t('runs.noneFound')}</p></div>}
        {!runs && !error && <div className="page-loading"><span className="spinner" /></div>}
        {cursor && <div className="load-more"><Button onClick={() => void load(cursor)} data-testid="runs-load-more"><Icon name="chevronDown" /> {t('runs.loadMore')}</Button></div>}
      </div>
    </div>
  );
}
