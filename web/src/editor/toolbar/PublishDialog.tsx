import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { flowsApi } from '../../api/endpoints';
import { Button } from '../../components/Button';
import { toast } from '../../components/feedback';
import { Modal } from '../../components/Modal';
import { humanError } from '../../lib/errors';
import { useEditor } from '../store/editorStore';
import { flushSave } from '../useAutosave';

/** The server keeps at most this much of a publish note. */
export const NOTE_LIMIT = 500;

/** Publishing asks for an optional note: the versions list says why each version exists. */
export function PublishDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const flowId = useEditor((s) => s.flowId)!;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      if (!(await flushSave())) throw new Error(t('editor.publishNotSaved'));
      const { version } = await flowsApi.publish(flowId, note.trim() || undefined);
      useEditor.getState().setPublished(version);
      toast(t('editor.publishedToast', { version }));
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.problems.length) {
        // The problems show on their nodes; the dialog has nothing more to say.
        useEditor.getState().setDraftProblems(err.problems);
        toast(t('editor.publishRefused', { count: err.problems.length }), 'error');
        onClose();
        return;
      }
      // Said here, not in a toast, so the note typed so far stays for another try.
      setError(humanError(err));
      setBusy(false);
    }
  };

  return (
    <Modal title={t('editor.publishTitle')} onClose={onClose} width={480} testId="publish-dialog"
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" icon="rocket" busy={busy} onClick={() => void publish()} data-testid="confirm-ok">{t('editor.publish')}</Button>
        </>
      }>
      <p className="muted">{t('editor.publishExplain')}</p>
      <label className="form-field">
        <span className="form-label">{t('editor.publishNote')}</span>
        <textarea rows={3} maxLength={NOTE_LIMIT} value={note} placeholder={t('editor.publishNotePlaceholder')} data-testid="publish-note"
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void publish();
          }} />
        <span className="form-hint">{t('editor.publishNoteHint', { count: NOTE_LIMIT - note.length })}</span>
      </label>
      {error && <div className="form-error" role="alert" data-testid="publish-error">{error}</div>}
    </Modal>
  );
}
