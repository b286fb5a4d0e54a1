import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { connectionsApi, templatesApi } from '../../api/endpoints';
import type { Connection, FlowView, Template, TemplateParam } from '../../api/types';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Modal } from '../../components/Modal';
import { humanError } from '../../lib/errors';

function ParamInput({ name, spec, value, connections, onChange }: {
  name: string; spec: TemplateParam; value: string; connections: Connection[]; onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  const testId = `template-param-${name}`;
  if (spec.kind === 'connection') {
    const options = connections.filter((c) => c.connector === spec.connector);
    return (
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{options.length ? t('templates.pickConnection') : t('templates.noConnections')}</option>
        {options.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
    );
  }
  return <input type={spec.kind === 'number' ? 'number' : 'text'} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />;
}

/** The template as the gallery shows it in the UI language (English is the template itself). */
function inLanguage(template: Template, lang: string | undefined): Template {
  const base = lang?.split('-')[0];
  const texts = base && template.texts && Object.hasOwn(template.texts, base) ? template.texts[base] : undefined;
  if (!texts) return template;
  const params = Object.fromEntries(Object.entries(template.params).map(([name, spec]) => {
    const own = Object.hasOwn(texts.params, name) ? texts.params[name] : undefined;
    return [name, { ...spec, label: own?.label ?? spec.label, description: own?.description ?? spec.description }];
  }));
  return { ...template, title: texts.title, description: texts.description, params };
}

function TemplateForm({ template, onCreated, onBack }: { template: Template; onCreated: (flows: FlowView[]) => void; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const [connections, setConnections] = useState<Connection[]>([]);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(template.params).map(([k, p]) => [k, p.default === undefined ? '' : String(p.default)])),
  );
  const [publish, setPublish] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    connectionsApi.list().then((list) => {
      setConnections(list);
      // One connection for a connector is the obvious choice.
      setValues((v) => {
        const next = { ...v };
        for (const [k, p] of Object.entries(template.params)) {
          const candidates = list.filter((c) => c.connector === p.connector);
          if (p.kind === 'connection' && !next[k] && candidates.length === 1) next[k] = candidates[0].id;
        }
        return next;
      });
    }, () => setConnections([]));
  }, [template]);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const params: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(template.params)) {
        const v = values[k]?.trim();
        if (v) params[k] = p.kind === 'number' ? Number(v) : v;
      }
      const result = await templatesApi.instantiate(template.id, params, publish, i18n.resolvedLanguage);
      onCreated(result.flows);
    } catch (err) {
      setError(humanError(err));
      setBusy(false);
    }
  };

  return (
    <>
      <div className="modal-body-scroll">
        <button type="button" className="link-button" onClick={onBack}><Icon name="chevronLeft" /> {t('templates.all')}</button>
        <h3 className="template-title">{template.title}</h3>
        <p className="muted">{template.description}</p>
        <div className="form-grid">
          {Object.entries(template.params).map(([name, spec]) => (
            <label key={name} className="form-field">
              <span className="form-label">{spec.label}{spec.required && <span className="required">*</span>}</span>
              <ParamInput name={name} spec={spec} value={values[name] ?? ''} connections={connections} onChange={(v) => setValues((s) => ({ ...s, [name]: v }))} />
              {spec.description && <span className="form-hint">{spec.description}</span>}
            </label>
          ))}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} data-testid="template-publish" />
          {t('templates.publishNow')}
        </label>
        {error && <div className="form-error" role="alert" data-testid="template-error">{error}</div>}
      </div>
      <div className="modal-footer">
        <Button variant="primary" busy={busy} onClick={() => void create()} data-testid="template-create">{t('templates.create')}</Button>
      </div>
    </>
  );
}

export function TemplatesDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (flows: FlowView[]) => void }) {
  const { t, i18n } = useTranslation();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<Template | null>(null);
  useEffect(() => {
    templatesApi.list().then(setTemplates, (err) => setError(humanError(err)));
  }, []);
  return (
    <Modal title={t('templates.title')} onClose={onClose} width={620} testId="templates-dialog">
      {picked ? (
        <TemplateForm template={picked} onBack={() => setPicked(null)} onCreated={onCreated} />
      ) : (
        <div className="template-list">
          {error && <div className="form-error">{error}</div>}
          {!templates && !error && <div className="muted"><span className="spinner" /> {t('common.loading')}</div>}
          {templates?.length === 0 && <p className="muted">{t('templates.none')}</p>}
          {templates?.map((original) => inLanguage(original, i18n.resolvedLanguage)).map((tpl) => (
            <button key={tpl.id} type="button" className="template-card" data-testid={`template-${tpl.id}`} onClick={() => setPicked(tpl)}>
              <span className="template-icon"><Icon name="template" size={20} /></span>
              <span className="template-text">
                <strong>{tpl.title}</strong>
                <span className="muted">{tpl.description}</span>
                <span className="template-tags">{tpl.connectors.map((c) => <span key={c} className="tag">{c}</span>)}</span>
              </span>
            </button>
          ))}
        </div>
      )}
    </Modal>
  );
}
