import '../../styles/ops.css';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linkHandler, navigate, useLocation } from '../../app/router';
import { flowsApi, statsApi } from '../../api/endpoints';
import type { ErrorRow, FlowStatsRow, FlowSummary, RunStats, WaitingRow } from '../../api/types';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useCatalog } from '../../editor/store/catalogStore';
import { humanError } from '../../lib/errors';
import { formatDateTime, formatMs, formatPercent } from '../../lib/format';
import { useConnectorKeys } from '../runs/RunFilters';
import { searchFromFilter } from '../runs/runFilter';
import { bucketTotals, CHART_STATUSES, errorRunsLink, PERIODS, periodRange, scopeFromSearch, searchFromScope, type DashboardScope } from './dashboardModel';
import { RunsChart } from './RunsChart';

interface Data {
  runs: RunStats;
  flows: FlowStatsRow[];
  waiting: { total: number; items: WaitingRow[] };
  errors: ErrorRow[];
}

function Link({ to, children, testId }: { to: string; children: React.ReactNode; testId?: string }) {
  return <a href={to} onClick={linkHandler(to)} data-testid={testId}>{children}</a>;
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const query = search.toString();
  const scope = useMemo(() => scopeFromSearch(new URLSearchParams(query)), [query]);
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const connectors = useConnectorKeys();
  // The period is fixed when the scope changes (or on refresh), so every table counts the same span.
  const range = useMemo(() => periodRange(scope.period, now), [scope.period, now]);

  useEffect(() => {
    flowsApi.list().then(setFlows, () => setFlows([]));
    if (!useCatalog.getState().loaded) void useCatalog.getState().load();
  }, []);

  useEffect(() => {
    let stopped = false;
    const where = { from: range.from, to: range.to, flowId: scope.flowId, connector: scope.connector };
    Promise.all([
      statsApi.runs({ ...where, bucket: range.bucket }),
      statsApi.flows(where),
      statsApi.waiting({ flowId: scope.flowId, connector: scope.connector }),
      statsApi.errors({ ...where, limit: 10 }),
    ]).then(([runs, flowStats, waiting, errors]) => {
      if (stopped) return;
      setData({ runs, flows: flowStats.items, waiting, errors: errors.items });
      setError(null);
    }, (err) => !stopped && setError(humanError(err)));
    return () => {
      stopped = true;
    };
  }, [range, scope.flowId, scope.connector]);

  const setScope = (patch: Partial<DashboardScope>) => {
    setNow(Date.now());
    navigate(`/dashboard${searchFromScope({ ...scope, ...patch })}`);
  };
  const totals = data ? bucketTotals(data.runs.buckets) : null;
  const maxP95 = Math.max(1, ...(data?.flows.map((f) => f.p95DurationMs ?? 0) ?? []));
  // The dashboard counts live runs only; its links list the same runs.
  const runsOf = (flowId: string, status?: string) => `/runs${searchFromFilter({ flowId, status, from: range.from, to: range.to, connector: scope.connector, test: 'false' })}`;

  return (
    <div className="page page-wide dashboard" data-testid="dashboard">
      <div className="page-header">
        <div>
          <h1>{t('dashboard.title')}</h1>
          <p className="muted">{t('dashboard.subtitle', { from: formatDateTime(range.from), to: formatDateTime(range.to) })}</p>
        </div>
        <div className="page-actions">
          <div className="segmented" role="group" aria-label={t('dashboard.period')}>
            {PERIODS.map((p) => (
              <button key={p} type="button" className={p === scope.period ? 'active' : ''} aria-pressed={p === scope.period} onClick={() => setScope({ period: p })} data-testid={`dash-period-${p}`}>
                {t(`dashboard.periods.p${p}`)}
              </button>
            ))}
          </div>
          <select value={scope.flowId ?? ''} onChange={(e) => setScope({ flowId: e.target.value || undefined })} aria-label={t('runList.flow')} data-testid="dash-flow-filter">
            <option value="">{t('runList.allFlows')}</option>
            {flows.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
          </select>
          <select value={scope.connector ?? ''} onChange={(e) => setScope({ connector: e.target.value || undefined })} aria-label={t('runList.connector')} data-testid="dash-connector-filter">
            <option value="">{t('runList.anyConnector')}</option>
            {scope.connector && !connectors.includes(scope.connector) && <option value={scope.connector}>{scope.connector}</option>}
            {connectors.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
          <Button icon="refresh" onClick={() => setNow(Date.now())} data-testid="dash-refresh">{t('runs.refresh')}</Button>
        </div>
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      {!data && !error && <div className="page-loading"><span className="spinner" /></div>}
      {data && totals && (
        <>
          <section className="card dash-card">
            <h2>{t(data.runs.bucket === 'day' ? 'dashboard.runsPerDay' : 'dashboard.runsPerHour')}</h2>
            <div className="dash-totals" data-testid="dash-totals">
              <div className="dash-total"><span className="dash-total-n" data-testid="dash-total-all">{totals.total}</span><span className="muted small">{t('dashboard.total')}</span></div>
              {CHART_STATUSES.map((s) => (
                <div key={s} className={`dash-total dash-total-${s}`}><span className="dash-total-n" data-testid={`dash-total-${s}`}>{totals[s]}</span><span className="muted small">{t(`status.${s}`)}</span></div>
              ))}
            </div>
            <RunsChart buckets={data.runs.buckets} bucket={data.runs.bucket} />
          </section>

          <div className="dash-grid">
            <section className="card dash-card">
              <h2>{t('dashboard.perFlow')}</h2>
              <table className="table" data-testid="dash-flows">
                <thead><tr><th>{t('runList.flow')}</th><th className="num">{t('dashboard.runs')}</th><th className="num">{t('status.failed')}</th><th>{t('dashboard.failureRate')}</th><th>{t('dashboard.p95')}</th></tr></thead>
                <tbody>
                  {data.flows.map((f) => (
                    <tr key={f.flowId} data-testid="dash-flow-row" data-flow-id={f.flowId}>
                      <td><Link to={runsOf(f.flowId)}>{f.flowName}</Link></td>
                      <td className="num" data-testid="dash-flow-runs">{f.runs}</td>
                      <td className="num"><Link to={runsOf(f.flowId, 'failed')} testId="dash-flow-failed">{f.failed}</Link></td>
                      <td><span className="dash-bar"><span className="dash-bar-fill dash-bar-danger" style={{ width: `${Math.round(f.failureRate * 100)}%` }} /></span> <span data-testid="dash-flow-rate">{formatPercent(f.failureRate)}</span></td>
                      <td><span className="dash-bar"><span className="dash-bar-fill" style={{ width: `${Math.round(((f.p95DurationMs ?? 0) / maxP95) * 100)}%` }} /></span> <span data-testid="dash-flow-p95">{formatMs(f.p95DurationMs)}</span></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.flows.length === 0 && <p className="muted empty-detail">{t('dashboard.noRuns')}</p>}
            </section>

            <section className="card dash-card">
              <h2>{t('dashboard.waitingNow')} <span className="pill" data-testid="dash-waiting-total">{data.waiting.total}</span></h2>
              <table className="table" data-testid="dash-waiting">
                <thead><tr><th>{t('runList.flow')}</th><th>{t('dashboard.step')}</th><th>{t('dashboard.waitsFor')}</th><th className="num">{t('dashboard.runs')}</th><th>{t('dashboard.nextUntil')}</th></tr></thead>
                <tbody>
                  {data.waiting.items.map((w) => (
                    <tr key={`${w.flowId}:${w.nodeId}:${w.kind}:${w.eventType ?? ''}`} data-testid="dash-waiting-row">
                      <td><Link to={runsOf(w.flowId, 'waiting')}>{w.flowName}</Link></td>
                      <td>{w.nodeName ?? w.nodeId}</td>
                      <td>{t(`runView.waitKind.${w.kind}`)}{w.eventType && <> <code>{w.eventType}</code></>}</td>
                      <td className="num">{w.count}</td>
                      <td>{w.nextUntil ? formatDateTime(w.nextUntil) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.waiting.items.length === 0 && <p className="muted empty-detail">{t('dashboard.nothingWaits')}</p>}
            </section>
          </div>

          <section className="card dash-card">
            <h2>{t('dashboard.topErrors')}</h2>
            <table className="table" data-testid="dash-errors">
              <thead><tr><th>{t('dashboard.message')}</th><th>{t('dashboard.step')}</th><th>{t('runList.flow')}</th><th className="num">{t('dashboard.count')}</th><th>{t('dashboard.lastAt')}</th><th /></tr></thead>
              <tbody>
                {data.errors.map((e) => {
                  const to = errorRunsLink(e, range, scope);
                  return (
                    <tr key={`${e.flowId}:${e.nodeId}:${e.message}`} data-testid="dash-error-row" data-node-id={e.nodeId}>
                      <td className="dash-error-message" title={e.message}>{e.message}</td>
                      <td>{e.nodeName ?? e.nodeId}</td>
                      <td>{e.flowName}</td>
                      <td className="num" data-testid="dash-error-count">{e.count}</td>
                      <td>{formatDateTime(e.lastAt)}</td>
                      <td><a className="btn btn-secondary btn-sm" href={to} onClick={linkHandler(to)} data-testid="dash-error-runs"><Icon name="list" /> {t('dashboard.showRuns')}</a></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {data.errors.length === 0 && <p className="muted empty-detail">{t('dashboard.noErrors')}</p>}
          </section>
        </>
      )}
    </div>
  );
}
