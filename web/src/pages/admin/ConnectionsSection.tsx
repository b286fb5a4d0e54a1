import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { connectionsApi } from '../../api/endpoints';
import type { Connection, Connector } from '../../api/types';
import { Button } from '../../components/Button';
import { confirmAction, toast } from '../../components/feedback';
import { humanError } from '../../lib/errors';
import { useCatalogText } from '../../i18n/catalog';
import { formatDateTime } from '../../lib/format';
import { NewConnectionDialog } from './NewConnectionDialog';

type TestResult = { ok: boolean; message: string } | 'busy';

export function ConnectionsSection({ connectors, connections, onChanged }: { connectors: Connector[]; connections: Connection[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const [creating, setCreating] = useState(false);
  const [tests, setTests] = useState<Record<string, TestResult>>({});
  const title = (key: string) => ct.connectorTitle(key, connectors.find((c) => c.key === key)?.title ?? key);

  const test = async (c: Connection) => {
    setTests((s) => ({ ...s, [c.id]: 'busy' }));
    try {
      const result = await connectionsApi.test(c.id);
      setTests((s) => ({ ...s, [c.id]: result }));
    } catch (err) {
      setTests((s) => ({ ...s, [c.id]: { ok: false, message: humanError(err) } }));
    }
  };

  const remove = async (c: Connection) => {
    const ok = await confirmAction({ title: t('connections.deleteTitle'), message: t('connections.deleteText', { name: c.name }), confirmLabel: t('connections.delete'), danger: true });
    if (!ok) return;
    try {
      await connectionsApi.remove(c.id);
      toast(t('connections.deleted', { name: c.name }));
      onChanged();
    } catch (err) {
      toast(humanError(err), 'error');
    }
  };

  return (
    <section className="card admin-section">
      <header className="admin-section-head">
        <div>
          <h2>{t('connections.title')}</h2>
          <p className="muted">{t('connections.subtitle')}</p>
        </div>
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)} data-testid="new-connection" disabled={!connectors.length}>{t('connections.new')}</Button>
      </header>
      <table className="table" data-testid="connections-list">
        <thead>
          <tr><th>{t('connections.name')}</th><th>{t('connections.connector')}</th><th>{t('connections.created')}</th><th>{t('connections.check')}</th><th><span className="sr-only">{t('flows.colActions')}</span></th></tr>
        </thead>
        <tbody>
          {connections.map((c) => {
            const result = tests[c.id];
            return (
              <tr key={c.id} data-testid="connection-row" data-connection-id={c.id} data-connector={c.connector}>
                <td><strong>{c.name}</strong></td>
                <td>{title(c.connector)}</td>
                <td className="muted">{formatDateTime(c.createdAt)}</td>
                <td data-testid="connection-test-result" data-ok={result && result !== 'busy' ? String(result.ok) : undefined}>
                  {result === 'busy' && <span className="spinner spinner-sm" />}
                  {result && result !== 'busy' && <span className={result.ok ? 'text-success' : 'text-danger'}>{result.ok ? '✓ ' : '✗ '}{result.message}</span>}
                </td>
                <td className="row-actions">
                  <Button size="sm" icon="check" onClick={() => void test(c)} data-testid="connection-test">{t('connections.test')}</Button>
                  <Button size="sm" variant="ghost" icon="trash" onClick={() => void remove(c)} data-testid="connection-delete" aria-label={t('connections.delete')} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {connections.length === 0 && <p className="muted empty-row">{t('connections.none')}</p>}
      {creating && (
        <NewConnectionDialog connectors={connectors} onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            toast(t('connections.created', { name: c.name }));
            onChanged();
            void test(c);
          }} />
      )}
    </section>
  );
}
