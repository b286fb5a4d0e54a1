import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { approvalsApi } from '../../api/endpoints';
import type { PendingApproval } from '../../api/types';
import { Button } from '../../components/Button';
import { toast } from '../../components/feedback';
import { humanError } from '../../lib/errors';

/** What waits for the signed-in user's decision; answering here is the same as from the e-mailed link. */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<PendingApproval[] | null>(null);
  const [comments, setComments] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setItems(await approvalsApi.pending());
      setError(null);
    } catch (err) {
      setError(humanError(err));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const answer = async (item: PendingApproval, decision: 'approve' | 'reject') => {
    const id = `${item.runId}/${item.nodeId}`;
    setBusy(id);
    try {
      await approvalsApi.answer(item.runId, item.nodeId, decision, comments[id]?.trim() || undefined);
      toast(decision === 'approve' ? t('approvals.approved') : t('approvals.rejected'));
      await refresh();
    } catch (err) {
      setError(humanError(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="page" data-testid="approvals-page">
      <h1>{t('approvals.title')}</h1>
      {error && <p className="form-error" role="alert">{error}</p>}
      {items && !items.length && <p className="muted" data-testid="approvals-empty">{t('approvals.none')}</p>}
      <ul className="approval-list">
        {items?.map((item) => {
          const id = `${item.runId}/${item.nodeId}`;
          return (
            <li key={id} className="card approval-item" data-testid="approval-item">
              <h2>{item.title}</h2>
              {item.details && <p>{item.details}</p>}
              <p className="muted">{t('approvals.meta', { flow: item.flowName, quorum: item.quorum })}</p>
              <label>
                {t('approvals.comment')}
                <textarea rows={2} maxLength={2000} value={comments[id] ?? ''} onChange={(e) => setComments((c) => ({ ...c, [id]: e.target.value }))} />
              </label>
              <div className="approval-actions">
                <Button variant="primary" icon="check" busy={busy === id} onClick={() => void answer(item, 'approve')} data-testid="approval-approve">{t('approvals.approve')}</Button>
                <Button variant="danger" icon="x" disabled={busy === id} onClick={() => void answer(item, 'reject')} data-testid="approval-reject">{t('approvals.reject')}</Button>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
