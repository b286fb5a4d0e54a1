import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';

interface Props {
  title: string;
  initial?: string;
  submitLabel: string;
  inputTestId?: string;
  submitTestId?: string;
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}

export function NameDialog({ title, initial = '', submitLabel, inputTestId, submitTestId, onSubmit, onClose }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!name.trim()) {
      setError(t('flows.nameRequired'));
      return;
    }
    setBusy(true);
    try {
      await onSubmit(name.trim());
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <Modal title={title} onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" busy={busy} onClick={() => void submit()} data-testid={submitTestId}>{submitLabel}</Button>
        </>
      }>
      <form onSubmit={submit}>
        <label className="form-field">
          <span className="form-label">{t('flows.name')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} data-testid={inputTestId} placeholder={t('flows.namePlaceholder')} />
        </label>
        {error && <div className="form-error" role="alert">{error}</div>}
      </form>
    </Modal>
  );
}
