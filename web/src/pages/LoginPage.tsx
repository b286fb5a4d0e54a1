import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';
import { LanguageSwitch } from '../app/Shell';
import { Button } from '../components/Button';
import { Icon } from '../components/Icon';
import { humanError } from '../lib/errors';

export function LoginPage() {
  const { t } = useTranslation();
  const login = useSession((s) => s.login);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError(t('login.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // The app shell sends a signed-in user on to ?next= (or the flows list): one place decides.
      await login(email.trim(), password);
    } catch (err) {
      setError(humanError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-lang"><LanguageSwitch /></div>
      <form className="login-card" onSubmit={submit} noValidate>
        <div className="login-brand">
          <span className="brand-mark brand-mark-lg"><Icon name="flow" size={24} /></span>
          <h1>Flowbridge</h1>
          <p>{t('login.tagline')}</p>
        </div>
        <label className="form-field">
          <span className="form-label">{t('login.email')}</span>
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="login-email" required autoFocus />
        </label>
        <label className="form-field">
          <span className="form-label">{t('login.password')}</span>
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" required />
        </label>
        {error && <div className="form-error" role="alert" data-testid="login-error"><Icon name="alert" /> {error}</div>}
        <Button type="submit" variant="primary" busy={busy} data-testid="login-submit" className="login-submit">
          {t('login.submit')}
        </Button>
      </form>
    </div>
  );
}
