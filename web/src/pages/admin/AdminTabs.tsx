import { useTranslation } from 'react-i18next';
import { linkHandler, useLocation } from '../../app/router';

const TABS = [
  { path: '/admin/connectors', key: 'admin.tabConnectors', testId: 'admin-tab-connectors' },
  { path: '/admin/users', key: 'admin.tabUsers', testId: 'admin-tab-users' },
  { path: '/admin/audit', key: 'admin.tabAudit', testId: 'admin-tab-audit' },
] as const;

export function AdminTabs() {
  const { t } = useTranslation();
  const { path } = useLocation();
  const current = path === '/admin' ? '/admin/connectors' : path;
  return (
    <nav className="admin-tabs" aria-label={t('admin.tabs')}>
      {TABS.map((tab) => (
        <a key={tab.path} href={tab.path} onClick={linkHandler(tab.path)} data-testid={tab.testId} className={current === tab.path ? 'admin-tab active' : 'admin-tab'}
          aria-current={current === tab.path ? 'page' : undefined}>{t(tab.key)}</a>
      ))}
    </nav>
  );
}
