import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { Button } from './Button';
import { Icon } from './Icon';
import { Modal } from './Modal';

interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel?: string;
  cancelLabel?: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

interface Toast {
  id: number;
  kind: 'success' | 'error' | 'info';
  message: string;
}

interface FeedbackState {
  confirmRequest: ConfirmRequest | null;
  toasts: Toast[];
}

const useFeedback = create<FeedbackState>(() => ({ confirmRequest: null, toasts: [] }));
let toastId = 0;

export function confirmAction(request: Omit<ConfirmRequest, 'resolve'>): Promise<boolean> {
  return new Promise((resolve) => useFeedback.setState({ confirmRequest: { ...request, resolve } }));
}

export function toast(message: string, kind: Toast['kind'] = 'success'): void {
  const id = ++toastId;
  useFeedback.setState((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, message }] }));
  setTimeout(() => useFeedback.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), kind === 'error' ? 7000 : 3500);
}

export function FeedbackHost() {
  const { t } = useTranslation();
  const request = useFeedback((s) => s.confirmRequest);
  const toasts = useFeedback((s) => s.toasts);
  const finish = (ok: boolean) => {
    request?.resolve(ok);
    useFeedback.setState({ confirmRequest: null });
  };
  return (
    <>
      {request && (
        <Modal title={request.title} onClose={() => finish(false)} width={420}
          footer={
            <>
              <Button onClick={() => finish(false)} data-testid="confirm-cancel">{request.cancelLabel ?? t('common.cancel')}</Button>
              <Button variant={request.danger ? 'danger' : 'primary'} onClick={() => finish(true)} data-testid="confirm-ok" autoFocus>
                {request.confirmLabel ?? t('common.confirm')}
              </Button>
            </>
          }>
          <p className="confirm-message">{request.message}</p>
        </Modal>
      )}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((item) => (
          <div key={item.id} className={`toast toast-${item.kind}`} data-testid="toast">
            <Icon name={item.kind === 'error' ? 'alert' : item.kind === 'success' ? 'check' : 'flow'} />
            <span>{item.message}</span>
          </div>
        ))}
      </div>
    </>
  );
}
