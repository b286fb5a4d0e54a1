import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linkHandler } from '../../app/router';
import { flowsApi, runsApi } from '../../api/endpoints';
import type { FlowView, RunStatus, RunSummary } from '../../api/types';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { StatusBadge } from '../../components/StatusBadge';
import { humanError } from '../../lib/errors';
import { formatDateTime, formatDuration } from '../../lib/format';
import { RunDetailPane } from './RunDetailPane';

const STATUSES: RunStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'];

export default function RunsPage({ flowId }: { flowId: string }) {
  const { t } = useTranslation();
  const [flow, setFlow] = useState<FlowView | null>(null);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [key, setKey] = useState('');
  const [appliedKey, setAppliedKey] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (more?: string) => {
    try {
      const page = await runsApi.list({ flowId, status: status || undefined, businessKey: appliedKey || undefined, limit: 50, cursor: more });
      setRuns((prev) => (more && prev ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (err) {
      setError(humanError(err));
    }
  }, [flowId, status, appliedKey]);

  useEffect(() => {
    flowsApi.get(flowId).then(setFlow, (err) => setError(humanError(err)));
  }, [flowId]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page page-wide">
      <div className="page-header">
        <div>
          <a href="/flows" onClick={linkHandler('/flows')} className="link-button"><Icon name="chevronLeft" /> {t('shell.flows')}</a>
          <h1>{t('runs.pageTitle', { name: flow?.name ?? '…' })}</h1>
        </div>
        <div className="page-actions">
          <form className="search-input" onSubmit={(e) => { e.preventDefault(); setAppliedKey(key.trim()); }}>
            <Icon name="search" />
            <input type="search" value={key} onChange={(e) => setKey(e.target.value)} onBlur={() => setAppliedKey(key.trim())}
              placeholder={t('runs.searchKey')} aria-label={t('runs.searchKey')} data-testid="runs-search" />
          </form>
          <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label={t('runs.filterStatus')} data-testid="runs-status-filter">
            <option value="">{t('runs.allStatuses')}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
          </select>
          <Button icon="refresh" onClick={() => void load()}>{t('runs.refresh')}</Button>
          <a href={`/flows/${flowId}`} onClick={linkHandler(`/flows/${flowId}`)} className="btn btn-primary btn-md"><Icon name="edit" /> {t('runs.openEditor')}</a>
        </div>
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      <div className="runs-layout">
        <div className="card table-card">
          <table className="table table-clickable" data-testid="runs-list">
            <thead>
              <tr>
                <th>{t('runs.colStatus')}</th>
                <th>{t('runs.businessKey')}</th>
                <th>{t('runs.started')}</th>
                <th>{t('runs.duration')}</th>
              </tr>
            </thead>
            <tbody>
              {runs?.map((run) => (
                <tr key={run.id} className={selected === run.id ? 'selected' : ''} onClick={() => setSelected(run.id)} data-testid="runs-row" data-run-id={run.id} data-status={run.status}
                  tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && setSelected(run.id)}>
                  <td><StatusBadge status={run.status} /></td>
                  <td>{run.businessKey ? <span className="run-key">#{run.businessKey}</span> : <span className="muted">—</span>}</td>
                  <td>{formatDateTime(run.createdAt)}</td>
                  <td>{formatDuration(run.startedAt, run.finishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {runs?.length === 0 && <div className="empty-state"><p className="muted">{t('runs.noneFound')}</p></div>}
          {!runs && !error && <div className="page-loading"><span className="spinner" /></div>}
          {cursor && <div className="load-more"><Button onClick={() => void load(cursor)}>{t('runs.loadMore')}</Button></div>}
        </div>
        <div className="card run-detail-card">
          {selected ? <RunDetailPane key={selected} runId={selected} flow={flow} onChanged={() => void load()} /> : <p className="muted empty-detail">{t('runs.pick')}</p>}
        </div>
      </div>
    </div>
  );
}
