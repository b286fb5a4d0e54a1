import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { connectionsApi } from '../../api/endpoints';
import type { Connection, Connector } from '../../api/types';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { humanError } from '../../lib/errors';
import { useCatalogText } from '../../i18n/catalog';

export function NewConnectionDialog({ connectors, initial, onClose, onCreated }: {
  connectors: Connector[]; initial?: string; onClose: () => void; onCreated: (c: Connection) => void;
}) {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const [key, setKey] = useState(initial ?? connectors[0]?.key ?? '');
  const connector = connectors.find((c) => c.key === key);
  const fields = Object.entries(connector?.credentials.fields ?? {});
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);

  const pick = (next: string) => {
    setKey(next);
    setValues({});
    setError(null);
  };

  const create = async () => {
    if (!connector) return;
    const credentials: Record<string, string> = {};
    for (const [field, spec] of fields) {
      const v = (values[field] ?? spec.default ?? '').trim();
      if (v) credentials[field] = v;
    }
    const missing = fields.find(([field, spec]) => spec.required && !credentials[field]);
    if (!name.trim()) return setError({ message: t('connections.nameRequired'), field: 'name' });
    if (missing) return setError({ message: t('connections.fieldRequired', { field: ct.credential(key, missing[0], 'label', missing[1].label) }), field: missing[0] });
    setBusy(true);
    setError(null);
    try {
      onCreated(await connectionsApi.create(connector.key, name.trim(), credentials));
    } catch (err) {
      setError({ message: humanError(err) });
      setBusy(false);
    }
  };

  return (
    <Modal title={t('connections.newTitle')} onClose={onClose} width={540} testId="new-connection-dialog"
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" busy={busy} onClick={() => void create()} data-testid="connection-create">{t('connections.create')}</Button>
        </>
      }>
      <div className="form-grid">
        <label className="form-field">
          <span className="form-label">{t('connections.connector')}</span>
          <select value={key} onChange={(e) => pick(e.target.value)} data-testid="connection-connector">
            {connectors.map((c) => <option key={c.key} value={c.key}>{ct.connectorTitle(c.key, c.title)}</option>)}
          </select>
        </label>
        <label className="form-field">
          <span className="form-label">{t('connections.name')}<span className="required">*</span></span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={connector ? t('connections.namePlaceholder', { connector: ct.connectorTitle(connector.key, connector.title) }) : ''}
            data-testid="connection-name" aria-invalid={error?.field === 'name' || undefined} />
        </label>
        {fields.map(([field, spec]) => (
          <label key={`${key}.${field}`} className="form-field">
            <span className="form-label">{ct.credential(key, field, 'label', spec.label)}{spec.required && <span className="required">*</span>}</span>
            <input type={spec.secret ? 'password' : 'text'} autoComplete={spec.secret ? 'new-password' : 'off'} value={values[field] ?? spec.default ?? ''}
              placeholder={ct.credential(key, field, 'placeholder', spec.placeholder)} onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
              data-testid={`credential-${field}`} aria-invalid={error?.field === field || undefined} />
            {spec.description && <span className="form-hint">{ct.credential(key, field, 'description', spec.description)}</span>}
          </label>
        ))}
      </div>
      {connector && <p className="form-hint">{t('connections.secretsNote')}</p>}
      {error && <div className="form-error" role="alert" data-testid="connection-error">{error.message}</div>}
    </Modal>
  );
}
