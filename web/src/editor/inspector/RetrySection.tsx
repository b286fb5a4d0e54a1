import { useTranslation } from 'react-i18next';
import type { RetryPolicy } from '../../api/types';

export function RetrySection({ retry, readOnly, onChange }: { retry?: RetryPolicy; readOnly: boolean; onChange: (r: RetryPolicy | undefined) => void }) {
  const { t } = useTranslation();
  const on = !!retry;
  const policy: RetryPolicy = retry ?? { attempts: 3, backoff: 'exponential', delayMs: 1000 };
  const set = (patch: Partial<RetryPolicy>) => onChange({ ...policy, ...patch });
  return (
    <section className="inspector-section">
      <label className="switch">
        <input type="checkbox" checked={on} disabled={readOnly} onChange={(e) => onChange(e.target.checked ? policy : undefined)} data-testid="retry-toggle" />
        <span className="switch-track" aria-hidden="true" />
        <span className="switch-label">{t('retry.enable')}</span>
      </label>
      {on && (
        <div className="retry-grid">
          <label className="form-field">
            <span className="form-label">{t('retry.attempts')}</span>
            <input type="number" min={1} max={25} value={policy.attempts} readOnly={readOnly}
              onChange={(e) => set({ attempts: Math.min(25, Math.max(1, Number(e.target.value) || 1)) })} />
          </label>
          <label className="form-field">
            <span className="form-label">{t('retry.backoff')}</span>
            <select value={policy.backoff ?? 'exponential'} disabled={readOnly} onChange={(e) => set({ backoff: e.target.value as RetryPolicy['backoff'] })}>
              <option value="exponential">{t('retry.exponential')}</option>
              <option value="fixed">{t('retry.fixed')}</option>
            </select>
          </label>
          <label className="form-field">
            <span className="form-label">{t('retry.delay')}</span>
            <input type="number" min={0} step={500} value={policy.delayMs ?? 1000} readOnly={readOnly}
              onChange={(e) => set({ delayMs: Math.max(0, Number(e.target.value) || 0) })} />
          </label>
        </div>
      )}
      <p className="field-description">{t('retry.explain')}</p>
    </section>
  );
}
