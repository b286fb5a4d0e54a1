import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../../api/endpoints';
import type { AdminUser, Role } from '../../api/types';
import { Button } from '../../components/Button';
import { confirmAction, toast } from '../../components/feedback';
import { humanError } from '../../lib/errors';
import { AdminTabs } from './AdminTabs';

const ROLES: Role[] = ['admin', 'analyst', 'manager'];

/** A password the admin hands over once; the user changes nothing to sign in, and the server keeps only a hash. */
function generatePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${Array.from(bytes, (b) => 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 55]).join('')}-7`;
}

export default function UsersPage() {
  const { t } = useTranslation();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>(['analyst']);
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setUsers(await usersApi.list());
      setError(null);
    } catch (err) {
      setError(humanError(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await load();
    } catch (err) {
      toast(humanError(err), 'error');
    }
  };

  const invite = () => act(async () => {
    const password = generatePassword();
    await usersApi.create({ email: email.trim(), roles, password });
    setShown({ email: email.trim(), password });
    setEmail('');
  });

  const resetPassword = (user: AdminUser) => act(async () => {
    if (!(await confirmAction({ title: t('users.resetTitle'), message: t('users.resetText', { email: user.email }) }))) return;
    const password = generatePassword();
    await usersApi.update(user.id, { password });
    setShown({ email: user.email, password });
  });

  return (
    <div className="page" data-testid="users-page">
      <AdminTabs />
      <h1>{t('users.title')}</h1>
      {error && <div className="banner banner-error">{error}</div>}
      {shown && (
        <div className="banner" role="status" data-testid="user-password">
          {t('users.passwordOnce', { email: shown.email })} <code>{shown.password}</code>
          <Button size="sm" onClick={() => setShown(null)}>{t('common.close')}</Button>
        </div>
      )}
      <form className="card admin-section user-invite" onSubmit={(e) => { e.preventDefault(); void invite(); }}>
        <label>{t('users.email')}<input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required data-testid="invite-email" /></label>
        <fieldset className="role-boxes"><legend>{t('users.roles')}</legend>
          {ROLES.map((role) => (
            <label key={role}><input type="checkbox" checked={roles.includes(role)} data-testid={`invite-role-${role}`}
              onChange={(e) => setRoles((r) => (e.target.checked ? [...r, role] : r.filter((x) => x !== role)))} /> {t(`roles.${role}`)}</label>
          ))}
        </fieldset>
        <Button type="submit" variant="primary" icon="plus" disabled={!email.trim() || !roles.length} data-testid="invite-submit">{t('users.invite')}</Button>
      </form>
      <table className="table" data-testid="users-table">
        <thead><tr><th>{t('users.email')}</th><th>{t('users.roles')}</th><th>{t('users.status')}</th><th /></tr></thead>
        <tbody>
          {users?.map((user) => (
            <tr key={user.id} data-testid="user-row" data-email={user.email}>
              <td>{user.email}</td>
              <td>
                {ROLES.map((role) => (
                  <label key={role} className="role-box"><input type="checkbox" checked={user.roles.includes(role)} data-testid={`user-role-${role}`}
                    onChange={(e) => void act(() => usersApi.update(user.id, { roles: e.target.checked ? [...user.roles, role] : user.roles.filter((r) => r !== role) }))} /> {t(`roles.${role}`)}</label>
                ))}
              </td>
              <td>{user.disabled ? t('users.disabled') : t('users.active')}</td>
              <td className="row-actions">
                <Button size="sm" onClick={() => void act(() => usersApi.update(user.id, { disabled: !user.disabled }))} data-testid="user-toggle">
                  {user.disabled ? t('users.enable') : t('users.disable')}
                </Button>
                <Button size="sm" onClick={() => void resetPassword(user)} data-testid="user-reset">{t('users.reset')}</Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
