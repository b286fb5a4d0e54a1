import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { connectionsApi, flowsApi } from '../../api/endpoints';
import type { Connection, FlowAlerts, FlowSummary } from '../../api/types';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { useEditor } from '../store/editorStore';

type Channel = 'none' | 'email' | 'telegram';

/** Splits "a@x.com, b@y.com; c@z.com" into addresses, as people paste them. */
export function addressList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((a) => a.trim()).filter(Boolean))];
}

/** Who hears of this flow's failed live runs, how, and how often: saved with the draft, live once published. */
export function AlertsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const flowId = useEditor((s) => s.flowId);
  const current = useEditor((s) => s.settings.alerts);
  const readOnly = useEditor((s) => s.readOnly);
  const [channel, setChannel] = useState<Channel>(current?.notify?.channel ?? 'none');
  const [emailConnection, setEmailConnection] = useState(current?.notify?.emailConnection ?? '');
  const [to, setTo] = useState((current?.notify?.to ?? []).join(', '));
  const [telegramConnection, setTelegramConnection] = useState(current?.notify?.telegramConnection ?? '');
  const [chatId, setChatId] = useState(current?.notify?.chatId ?? '');
  const [errorFlowId, setErrorFlowId] = useState(current?.errorFlowId ?? '');
  const [digestMinutes, setDigestMinutes] = useState(String(current?.digestMinutes ?? 5));
  const [language, setLanguage] = useState(current?.language ?? 'en');
  const [connections, setConnections] = useState<Connection[]>([]);
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    connectionsApi.list().then(setConnections, () => setConnections([]));
    flowsApi.list().then(setFlows, () => setFlows([]));
  }, []);

  const save = () => {
    const digest = Number(digestMinutes);
    if (!Number.isInteger(digest) || digest < 0 || digest > 1440) return setProblem(t('alerts.badDigest'));
    let notify: FlowAlerts['notify'];
    if (channel === 'email') {
      const addresses = addressList(to);
      if (!emailConnection || !addresses.length) return setProblem(t('alerts.emailIncomplete'));
      notify = { channel, emailConnection, to: addresses };
    } else if (channel === 'telegram') {
      if (!telegramConnection || !chatId.trim()) return setProblem(t('alerts.telegramIncomplete'));
      notify = { channel, telegramConnection, chatId: chatId.trim() };
    }
    const alerts: FlowAlerts | undefined = notify || errorFlowId
      ? { ...(notify ? { notify } : {}), ...(errorFlowId ? { errorFlowId } : {}), digestMinutes: digest, language: language as FlowAlerts['language'] }
      : undefined;
    useEditor.getState().setSettings({ alerts });
    onClose();
  };

  const of = (connector: string) => connections.filter((c) => c.connector === connector);
  return (
    <Modal title={t('alerts.title')} onClose={onClose} width={520} testId="alerts-dialog"
      footer={<>
        <Button variant="ghost" onClick={onClose}>{t('common.cancel')}</Button>
        {!readOnly && <Button variant="primary" onClick={save} data-testid="alerts-save">{t('alerts.apply')}</Button>}
      </>}>
      <p className="form-hint">{t('alerts.intro')}</p>
      <div className="form-grid">
        <label className="form-field">
          <span className="form-label">{t('alerts.channel')}</span>
          <select value={channel} disabled={readOnly} onChange={(e) => setChannel(e.target.value as Channel)} data-testid="alerts-channel">
            <option value="none">{t('alerts.channelNone')}</option>
            <option value="email">{t('alerts.channelEmail')}</option>
            <option value="telegram">{t('alerts.channelTelegram')}</option>
          </select>
        </label>
        {channel === 'email' && <>
          <label className="form-field">
            <span className="form-label">{t('alerts.emailConnection')}<span className="required">*</span></span>
            <select value={emailConnection} disabled={readOnly} onChange={(e) => setEmailConnection(e.target.value)} data-testid="alerts-email-connection">
              <option value="">{t('alerts.choose')}</option>
              {of('email').map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
          <label className="form-field">
            <span className="form-label">{t('alerts.to')}<span className="required">*</span></span>
            <input value={to} readOnly={readOnly} onChange={(e) => setTo(e.target.value)} placeholder="head@example.com, ops@example.com" data-testid="alerts-to" />
          </label>
        </>}
        {channel === 'telegram' && <>
          <label className="form-field">
            <span className="form-label">{t('alerts.telegramConnection')}<span className="required">*</span></span>
            <select value={telegramConnection} disabled={readOnly} onChange={(e) => setTelegramConnection(e.target.value)} data-testid="alerts-telegram-connection">
              <option value="">{t('alerts.choose')}</option>
              {of('telegram').map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </label>
          <label className="form-field">
            <span className="form-label">{t('alerts.chatId')}<span className="required">*</span></span>
            <input value={chatId} readOnly={readOnly} onChange={(e) => setChatId(e.target.value)} placeholder="-1001234567890" data-testid="alerts-chat" />
          </label>
        </>}
        <label className="form-field">
          <span className="form-label">{t('alerts.errorFlow')}</span>
          <select value={errorFlowId} disabled={readOnly} onChange={(e) => setErrorFlowId(e.target.value)} data-testid="alerts-error-flow">
            <option value="">{t('alerts.noErrorFlow')}</option>
            {flows.filter((f) => f.id !== flowId).map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
          </select>
          <span className="form-hint">{t('alerts.errorFlowHint')}</span>
        </label>
        <label className="form-field">
          <span className="form-label">{t('alerts.digest')}</span>
          <input type="number" min={0} max={1440} value={digestMinutes} readOnly={readOnly} onChange={(e) => setDigestMinutes(e.target.value)} data-testid="alerts-digest" />
          <span className="form-hint">{t('alerts.digestHint')}</span>
        </label>
        <label className="form-field">
          <span className="form-label">{t('alerts.language')}</span>
          <select value={language} disabled={readOnly} onChange={(e) => setLanguage(e.target.value as NonNullable<FlowAlerts['language']>)}>
            <option value="en">English</option>
            <option value="ru">Русский</option>
            <option value="es">Español</option>
          </select>
        </label>
      </div>
      {problem && <div className="form-error" role="alert">{problem}</div>}
    </Modal>
  );
}
