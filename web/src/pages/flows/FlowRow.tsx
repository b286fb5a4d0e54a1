import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { linkHandler } from '../../app/router';
import { Icon, type IconName } from '../../components/Icon';
import { StatusBadge } from '../../components/StatusBadge';
import type { FlowSummary } from '../../api/types';
import { formatPercent, formatRelative } from '../../lib/format';

export type FlowAction = 'rename' | 'duplicate' | 'export' | 'delete';

interface Props {
  flow: FlowSummary;
  canEdit: boolean;
  onAction: (action: FlowAction, flow: FlowSummary) => void;
}

function RowButton({ icon, label, testId, onClick }: { icon: IconName; label: string; testId: string; onClick: () => void }) {
  return (
    <button type="button" className="btn btn-ghost btn-sm btn-icon" title={label} aria-label={label} data-testid={testId} onClick={onClick}>
      <Icon name={icon} />
    </button>
  );
}

export const FlowRow = memo(function FlowRow({ flow, canEdit, onAction }: Props) {
  const { t } = useTranslation();
  const stats = flow.stats;
  const published = flow.publishedVersion !== null;
  const href = `/flows/${flow.id}`;
  const failure = stats?.failureRate ?? null;
  return (
    <tr data-testid="flow-row" data-flow-id={flow.id} data-flow-name={flow.name}>
      <td className="flow-name-cell">
        <a href={href} onClick={linkHandler(href)} className="flow-link">{flow.name}</a>
        {flow.problems.length > 0 && (
          <span className="flow-problems" title={flow.problems.map((p) => p.message).join('\n')}>
            <Icon name="alert" size={13} /> {t('flows.problems', { count: flow.problems.length })}
          </span>
        )}
      </td>
      <td>
        <span className={`pill ${published ? 'pill-published' : 'pill-draft'}`} data-testid="flow-status" data-status={published ? 'published' : 'draft'}>
          {published ? t('flows.published', { version: flow.publishedVersion }) : t('flows.draft')}
        </span>
      </td>
      <td data-testid="flow-last-run" data-status={stats?.lastRunStatus ?? 'none'}>
        {stats?.lastRunStatus ? (
          <span className="last-run">
            <StatusBadge status={stats.lastRunStatus} />
            <span className="muted" title={stats.lastRunAt ?? ''}>{formatRelative(stats.lastRunAt)}</span>
          </span>
        ) : (
          <span className="muted">{t('flows.never')}</span>
        )}
      </td>
      <td className="num" data-testid="flow-runs-today">{stats?.runsToday ?? 0}</td>
      <td className={`num ${failure && failure > 0.1 ? 'text-danger' : ''}`} data-testid="flow-failure-rate">{formatPercent(failure)}</td>
      <td className="row-actions">
        <a href={href} onClick={linkHandler(href)} className="btn btn-secondary btn-sm" data-testid="flow-open">
          <Icon name="flow" /> {t('flows.open')}
        </a>
        <a href={`/runs?flowId=${flow.id}`} onClick={linkHandler(`/runs?flowId=${flow.id}`)} className="btn btn-ghost btn-sm btn-icon" title={t('flows.runs')} aria-label={t('flows.runs')} data-testid="flow-runs">
          <Icon name="list" />
        </a>
        {canEdit && <RowButton icon="rename" label={t('flows.rename')} testId="flow-rename" onClick={() => onAction('rename', flow)} />}
        {canEdit && <RowButton icon="copy" label={t('flows.duplicate')} testId="flow-duplicate" onClick={() => onAction('duplicate', flow)} />}
        <RowButton icon="download" label={t('flows.export')} testId="flow-export" onClick={() => onAction('export', flow)} />
        {canEdit && <RowButton icon="trash" label={t('flows.delete')} testId="flow-delete" onClick={() => onAction('delete', flow)} />}
      </td>
    </tr>
  );
});
