import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { toast } from '../../components/feedback';
import { humanError } from '../../lib/errors';

interface Retention {
  stepPayloadDays: number;
  runDays: number;
}

/** How long run data is kept; the workers prune what is older in small batches. */
export function RetentionSection() {
  const { t } = useTranslation();
  const [values, setValues] = useState<{ stepPayloadDays: string; runDays: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.get<Retention>('/api/settings/retention').then(
      (r) => setValues({ stepPayloadDays: String(r.stepPayloadDays), runDays: String(r.runDays) }),
      (err) => setError(humanError(err)),
    );
  }, []);

  const save = async () => {
    if (!values) return;
    setBusy(true);
    try {
      const saved = await api.put<Retention>('/api/settings/retention', { stepPayloadDays: Number(values.stepPayloadDays), runDays: Number(values.runDays) });
      setValues({ stepPayloadDays: String(saved.stepPayloadDays), runDays: String(saved.runDays) });
      setError(null);
      toast(t('retention.saved'));
    } catch (err) {
      setError(humanError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card admin-section" data-testid="retention">
      <header className="admin-section-head">
        <div>
          <h2>{t('retention.title')}</h2>
          <p className="muted">{t('retention.intro')}</p>
        </div>
      </header>
      {values && (
        <div className="form-grid">
          <label className="form-field">
            <span className="form-label">{t('retention.stepPayloadDays')}</span>
            <input type="number" min={1} value={values.stepPayloadDays} data-testid="retention-steps" onChange={(e) => setValues({ ...values, stepPayloadDays: e.target.value })} />
          </label>
          <label className="form-field">
            <span className="form-label">{t('retention.runDays')}</span>
            <input type="number" min={1} value={values.runDays} data-testid="retention-runs" onChange={(e) => setValues({ ...values, runDays: e.target.value })} />
          </label>
          <div><Button variant="primary" onClick={() => void save()} busy={busy} data-testid="retention-save">{t('common.save')}</Button></div>
        </div>
      )}
      {error && <div className="form-error" role="alert">{error}</div>}
    </section>
  );
}
