import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditApi } from '../../api/endpoints';
import type { AuditEntry } from '../../api/types';
import { humanError } from '../../lib/errors';
import { AdminTabs } from './AdminTabs';

/** Audit actions by what they touch (the server's AuditAction list). */
const ACTION_GROUPS: Record<string, string[]> = {
  flow: ['created', 'updated', 'deleted', 'published'],
  connector: ['enabled', 'disabled'],
  connection: ['created', 'deleted'],
  user: ['created', 'roles_changed', 'disabled', 'enabled'],
  token: ['created', 'revoked'],
  run: ['retried', 'cancelled'],
  login: ['succeeded', 'failed'],
};
const ACTIONS = Object.entries(ACTION_GROUPS).flatMap(([target, verbs]) => verbs.map((verb) => `${target}.${verb}`));

/** Who changed what and when, filtered by person, action and dates. */
export default function AuditPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState({ actor: '', action: '', from: '', to: '' });
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (f: typeof filters) => {
    try {
      setEntries(await auditApi.list({ limit: 200, actor: f.actor || undefined, action: f.action || undefined, from: f.from || undefined, to: f.to || undefined }));
      setError(null);
    } catch (err) {
      setError(humanError(err));
    }
  }, []);
  useEffect(() => {
    void load(filters);
  }, [load, filters]);

  const set = (key: keyof typeof filters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));
  return (
    <div className="page" data-testid="audit-page">
      <AdminTabs />
      <h1>{t('audit.title')}</h1>
      <div className="audit-filters">
        <label>{t('audit.actor')}<input value={filters.actor} onChange={(e) => set('actor')(e.target.value)} data-testid="audit-actor" /></label>
        <label>{t('audit.action')}
          <select value={filters.action} onChange={(e) => set('action')(e.target.value)} data-testid="audit-action">
            <option value="">{t('audit.anyAction')}</option>
            {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label>{t('audit.from')}<input type="date" value={filters.from} onChange={(e) => set('from')(e.target.value)} data-testid="audit-from" /></label>
        <label>{t('audit.to')}<input type="date" value={filters.to} onChange={(e) => set('to')(e.target.value)} data-testid="audit-to" /></label>
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      <table className="table" data-testid="audit-table">
        <thead><tr><th>{t('audit.at')}</th><th>{t('audit.actor')}</th><th>{t('audit.action')}</th><th>{t('audit.target')}</th></tr></thead>
        <tbody>
          {entries?.map((e) => (
            <tr key={e.id} data-testid="audit-row" data-action={e.action}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.actorEmail ?? '—'}</td>
              <td><code>{e.action}</code></td>
              <td>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries && !entries.length && <p className="muted">{t('audit.none')}</p>}
    </div>
  );
}
