import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../app/session';
import { runsApi } from '../../api/endpoints';
import type { RunSummary } from '../../api/types';
import { Button } from '../../components/Button';
import { toast } from '../../components/feedback';
import { Icon } from '../../components/Icon';
import { StatusBadge } from '../../components/StatusBadge';
import { humanError } from '../../lib/errors';
import { formatDateTime, formatDuration, formatRelative } from '../../lib/format';
import { isRunActive, useRuns } from '../store/runStore';

function RunItem({ run, selected }: { run: RunSummary; selected: boolean }) {
  const { t } = useTranslation();
  return (
    <li>
      <button type="button" className={`run-item ${selected ? 'selected' : ''}`} data-testid="run-item" data-run-id={run.id} data-status={run.status}
        onClick={() => useRuns.getState().selectRun(selected ? null : run.id)} aria-pressed={selected} title={formatDateTime(run.createdAt)}>
        <StatusBadge status={run.status} />
        <span className="run-when">{formatRelative(run.createdAt)}</span>
        {run.businessKey && <span className="run-key" title={t('runs.businessKey')}>#{run.businessKey}</span>}
        <span className="run-duration muted">{formatDuration(run.startedAt, run.finishedAt)}</span>
      </button>
    </li>
  );
}

export function RunsPanel() {
  const { t } = useTranslation();
  const { canOperateRuns, canEdit } = usePermissions();
  const runs = useRuns((s) => s.runs);
  const selectedRunId = useRuns((s) => s.selectedRunId);
  const run = useRuns((s) => s.run);
  const [collapsed, setCollapsed] = useState(false);
  const [busy, setBusy] = useState(false);

  const operate = async (action: 'retry' | 'cancel') => {
    if (!run) return;
    setBusy(true);
    try {
      await runsApi[action](run.id);
      toast(t(action === 'retry' ? 'runs.retried' : 'runs.cancelled'));
      useRuns.getState().refresh();
      const id = run.id;
      useRuns.getState().selectRun(null);
      useRuns.getState().selectRun(id);
    } catch (err) {
      toast(humanError(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  const selected = runs.find((r) => r.id === selectedRunId) ?? run;
  return (
    <section className={`runs-panel ${collapsed ? 'collapsed' : ''}`} data-testid="runs-panel" aria-label={t('runs.title')}>
      <header className="runs-panel-head">
        <button type="button" className="section-toggle" onClick={() => setCollapsed(!collapsed)} aria-expanded={!collapsed}>
          <Icon name={collapsed ? 'chevronLeft' : 'chevronDown'} /> {t('runs.title')}
          <span className="muted">({runs.length})</span>
        </button>
        {selected && (
          <span className="runs-selected">
            {t('runs.showing')} <StatusBadge status={selected.status} />
            {isRunActive(selected.status) && <span className="spinner spinner-sm" aria-label={t('runs.polling')} />}
            {run?.error && <span className="run-error" title={run.error.message}>{run.error.message}</span>}
          </span>
        )}
        <span className="toolbar-spacer" />
        {canOperateRuns && run?.status === 'failed' && (
          <Button size="sm" icon="refresh" busy={busy} onClick={() => void operate('retry')} data-testid="run-retry">{t('runs.retry')}</Button>
        )}
        {canOperateRuns && run && (isRunActive(run.status) || run.status === 'waiting') && (
          <Button size="sm" icon="stop" busy={busy} onClick={() => void operate('cancel')} data-testid="run-cancel">{t('runs.cancel')}</Button>
        )}
        {selectedRunId && (
          <Button size="sm" variant="ghost" icon="x" onClick={() => useRuns.getState().selectRun(null)} data-testid="run-clear">{t('runs.hide')}</Button>
        )}
      </header>
      {!collapsed && (
        <ul className="run-list">
          {runs.length === 0 && <li className="muted small run-empty">{t(canEdit ? 'runs.none' : 'runs.noneReadOnly')}</li>}
          {runs.map((r) => <RunItem key={r.id} run={r} selected={r.id === selectedRunId} />)}
        </ul>
      )}
    </section>
  );
}
