import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../app/session';
import { connectionsApi, connectorsApi } from '../../api/endpoints';
import type { Connection, Connector } from '../../api/types';
import { confirmAction, toast } from '../../components/feedback';
import { AdminTabs } from './AdminTabs';
import { Icon } from '../../components/Icon';
import { humanError } from '../../lib/errors';
import { useCatalogText } from '../../i18n/catalog';
import { useCatalog } from '../../editor/store/catalogStore';
import { categoryColor } from '../../editor/nodes/nodeVisuals';
import { ConnectionsSection } from './ConnectionsSection';
import { RetentionSection } from './RetentionSection';

function ConnectorRow({ connector, onToggle }: { connector: Connector; onToggle: (c: Connector) => Promise<void> }) {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const title = ct.connectorTitle(connector.key, connector.title);
  const [busy, setBusy] = useState(false);
  return (
    <li className="connector" data-testid="connector" data-connector={connector.key} data-enabled={connector.enabled ? 'true' : 'false'}>
      <span className="connector-icon" style={{ background: categoryColor(connector.category) }}><Icon name="plug" size={16} /></span>
      <div className="connector-text">
        <strong>{title}</strong>
        <span className="muted small">{ct.category(connector.category)} · {t('connectors.nodes', { count: connector.nodes.length })}</span>
        <span className="connector-desc">{ct.connectorDescription(connector.key, connector.description)}</span>
      </div>
      <label className="switch">
        <input type="checkbox" role="switch" checked={connector.enabled} disabled={busy} data-testid="connector-toggle" aria-label={t('connectors.toggle', { name: title })}
          onChange={async () => {
            setBusy(true);
            await onToggle(connector);
            setBusy(false);
          }} />
        <span className="switch-track" aria-hidden="true" />
        <span className="switch-label">{connector.enabled ? t('connectors.enabled') : t('connectors.disabled')}</span>
      </label>
    </li>
  );
}

export default function AdminPage() {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const { isAdmin } = usePermissions();
  const [connectors, setConnectors] = useState<Connector[] | null>(null);
  const [connections, setConnections] = useState<Connection[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [list, conns] = await Promise.all([connectorsApi.list(), connectionsApi.list()]);
      setConnectors(list);
      setConnections(conns);
    } catch (err) {
      setError(humanError(err));
    }
  }, []);

  useEffect(() => {
    if (isAdmin) void load();
  }, [isAdmin, load]);

  const toggle = async (c: Connector) => {
    try {
      if (c.enabled) {
        // Disabling stops live flows at once: name them and ask first.
        const { flows } = await connectorsApi.usage(c.key);
        if (flows.length && !(await confirmAction({
          title: t('connectors.disableTitle', { name: ct.connectorTitle(c.key, c.title) }),
          message: t('connectors.disableText', { flows: flows.map((f) => `“${f.name}” (v${f.version})`).join(', ') }),
          confirmLabel: t('connectors.disableConfirm'),
          danger: true,
        }))) return;
      }
      const updated = await connectorsApi.setEnabled(c.key, !c.enabled);
      setConnectors((list) => list?.map((x) => (x.key === c.key ? updated : x)) ?? null);
      toast(t(updated.enabled ? 'connectors.enabledToast' : 'connectors.disabledToast', { name: ct.connectorTitle(c.key, c.title) }));
      // The palette shows enabled connectors only.
      void useCatalog.getState().load();
    } catch (err) {
      toast(humanError(err), 'error');
    }
  };

  if (!isAdmin) {
    return (
      <div className="page page-narrow empty-state" data-testid="forbidden">
        <Icon name="lock" size={32} />
        <h1>{t('admin.forbiddenTitle')}</h1>
        <p className="muted">{t('admin.forbiddenText')}</p>
      </div>
    );
  }

  return (
    <div className="page" data-testid="connectors-page">
      <AdminTabs />
      <div className="page-header">
        <div>
          <h1>{t('admin.title')}</h1>
          <p className="muted">{t('admin.subtitle')}</p>
        </div>
      </div>
      {error && <div className="banner banner-error">{error}</div>}
      {!connectors && !error && <div className="page-loading"><span className="spinner" /> {t('common.loading')}</div>}
      {connectors && (
        <div className="admin-grid">
          <section className="card admin-section">
            <header className="admin-section-head">
              <div>
                <h2>{t('connectors.title')}</h2>
                <p className="muted">{t('connectors.subtitle')}</p>
              </div>
            </header>
            <ul className="connector-list">{connectors.map((c) => <ConnectorRow key={c.key} connector={c} onToggle={toggle} />)}</ul>
          </section>
          <ConnectionsSection connectors={connectors} connections={connections} onChanged={() => void load()} />
          <RetentionSection />
        </div>
      )}
    </div>
  );
}
