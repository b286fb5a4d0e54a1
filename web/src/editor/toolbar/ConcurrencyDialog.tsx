import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { useEditor } from '../store/editorStore';

/** The most runs of one flow the engine keeps in progress at once (flowSettingsSchema's bound). */
export const MAX_RUNS_LIMIT = 10_000;

/** How many runs of this flow may go at once: one at a time per deal, and/or a cap on all of them. */
export function ConcurrencyDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const current = useEditor((s) => s.settings.concurrency);
  const readOnly = useEditor((s) => s.readOnly);
  const [perBusinessKey, setPerBusinessKey] = useState(current?.perBusinessKey ?? false);
  const [maxRuns, setMaxRuns] = useState(current?.maxRuns === undefined ? '' : String(current.maxRuns));
  const [problem, setProblem] = useState<string | null>(null);

  const save = () => {
    const cap = maxRuns.trim() === '' ? undefined : Number(maxRuns);
    if (cap !== undefined && (!Number.isInteger(cap) || cap < 1 || cap > MAX_RUNS_LIMIT)) return setProblem(t('concurrency.badMax', { max: MAX_RUNS_LIMIT }));
    const concurrency = perBusinessKey || cap !== undefined ? { ...(perBusinessKey ? { perBusinessKey } : {}), ...(cap !== undefined ? { maxRuns: cap } : {}) } : undefined;
    useEditor.getState().setSettings({ concurrency });
    onClose();
  };

  return (
    <Modal title={t('concurrency.title')} onClose={onClose} width={480} testId="concurrency-dialog"
      footer={<>
        <Button variant="ghost" onClick={onClose}>{t('common.cancel')}</Button>
        {!readOnly && <Button variant="primary" onClick={save} data-testid="concurrency-save">{t('concurrency.apply')}</Button>}
      </>}>
      <p className="form-hint">{t('concurrency.intro')}</p>
      <div className="form-grid">
        <div className="form-field">
          <label className="checkbox">
            <input type="checkbox" checked={perBusinessKey} disabled={readOnly} onChange={(e) => setPerBusinessKey(e.target.checked)} data-testid="concurrency-per-key" />
            {t('concurrency.perBusinessKey')}
          </label>
          <span className="form-hint">{t('concurrency.perBusinessKeyHint')}</span>
        </div>
        <label className="form-field">
          <span className="form-label">{t('concurrency.maxRuns')}</span>
          <input type="number" min={1} max={MAX_RUNS_LIMIT} value={maxRuns} readOnly={readOnly} placeholder={t('concurrency.unlimited')}
            onChange={(e) => setMaxRuns(e.target.value)} data-testid="concurrency-max" />
          <span className="form-hint">{t('concurrency.maxRunsHint')}</span>
        </label>
      </div>
      {problem && <div className="form-error" role="alert">{problem}</div>}
    </Modal>
  );
}
