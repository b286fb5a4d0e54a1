import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon';
import { LANGUAGES } from '../i18n';
import { linkHandler, useLocation } from './router';
import { usePermissions, useSession } from './session';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      <Icon name="globe" />
      <span className="sr-only">{t('shell.language')}</span>
      <select data-testid="language-switch" value={i18n.resolvedLanguage ?? 'en'} onChange={(e) => void i18n.changeLanguage(e.target.value)} aria-label={t('shell.language')}>
        {LANGUAGES.map((l) => <option key={l.code} value={l.code}>{l.label}</option>)}
      </select>
    </label>
  );
}

export function Shell({ children, wide }: { children: ReactNode; wide?: boolean }) {
  const { t } = useTranslation();
  const { path } = useLocation();
  const user = useSession((s) => s.user);
  const logout = useSession((s) => s.logout);
  const { isAdmin, canEdit } = usePermissions();
  const active = (prefix: string) => (path === prefix || path.startsWith(`${prefix}/`) ? 'nav-link active' : 'nav-link');
  return (
    <div className={wide ? 'shell shell-wide' : 'shell'}>
      <header className="topbar">
        <a className="brand" href="/flows" onClick={linkHandler('/flows')}>
          <span className="brand-mark"><Icon name="flow" size={18} /></span>
          Flowbridge
        </a>
        <nav className="nav" aria-label={t('shell.navigation')}>
          <a className={active('/flows')} href="/flows" onClick={linkHandler('/flows')} data-testid="nav-flows">
            <Icon name="flow" /> {t('shell.flows')}
          </a>
          <a className={active('/runs')} href="/runs" onClick={linkHandler('/runs')} data-testid="nav-runs">
            <Icon name="history" /> {t('shell.runs')}
          </a>
          <a className={active('/dashboard')} href="/dashboard" onClick={linkHandler('/dashboard')} data-testid="nav-dashboard">
            <Icon name="layout" /> {t('shell.dashboard')}
          </a>
          <a className={active('/tables')} href="/tables" onClick={linkHandler('/tables')} data-testid="nav-tables">
            <Icon name="list" /> {t('shell.tables')}
          </a>
          <a className={active('/approvals')} href="/approvals" onClick={linkHandler('/approvals')} data-testid="nav-approvals">
            <Icon name="check" /> {t('shell.approvals')}
          </a>
          {isAdmin && (
            <a className={path === '/admin' ? active('/admin') : active('/admin/connectors')} href="/admin/connectors" onClick={linkHandler('/admin/connectors')} data-testid="nav-connectors">
              <Icon name="plug" /> {t('shell.connectors')}
            </a>
          )}
          {user?.demo && canEdit && (
            <a className={active('/demo/outbox')} href="/demo/outbox" onClick={linkHandler('/demo/outbox')} data-testid="nav-outbox">
              <Icon name="mail" /> {t('shell.outbox')}
            </a>
          )}
          {isAdmin && (
            <a className={active('/admin/calendars')} href="/admin/calendars" onClick={linkHandler('/admin/calendars')} data-testid="nav-calendars">
              <Icon name="clock" /> {t('shell.calendars')}
            </a>
          )}
        </nav>
        <div className="topbar-right">
          <LanguageSwitch />
          <span className="user-chip" title={user?.email}>
            <Icon name="user" />
            <span className="user-email">{user?.email}</span>
            <span className="user-role">{user?.roles.map((r) => t(`roles.${r}`)).join(', ')}</span>
          </span>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void logout()} data-testid="logout">
            <Icon name="logout" /> {t('shell.logout')}
          </button>
        </div>
      </header>
      <main className="shell-main">{children}</main>
    </div>
  );
}
