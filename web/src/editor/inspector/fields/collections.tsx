import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../../components/Icon';
import { ExpressionInput } from '../ExpressionInput';
import { useFieldEnv } from '../fieldEnv';
import { ParamField, Preview } from '../ParamField';
import type { WidgetProps } from './types';
import { useDynamicOptions } from './select';

type Pair = [string, string];

const toPairs = (value: unknown): Pair[] =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])
    : [];

const toObject = (pairs: Pair[]) => {
  const out: Record<string, string> = {};
  for (const [k, v] of pairs) if (k.trim()) out[k.trim()] = v;
  return Object.keys(out).length ? out : undefined;
};

export function KeyValueWidget({ name, ui, value, onChange, label }: WidgetProps) {
  const { t } = useTranslation();
  const { readOnly, nodeId } = useFieldEnv();
  // Keys a connection knows (a CRM's custom fields): offered as the key is typed, and named beside it.
  const keyOptions = useDynamicOptions(ui.keyOptionsSource, name).options;
  const keyLabel = (key: string) => keyOptions.find((o) => o.value === key)?.label;
  const listId = ui.keyOptionsSource ? `kv-keys-${nodeId}-${name}` : undefined;
  const [pairs, setPairs] = useState<Pair[]>(() => toPairs(value));
  const sent = useRef(JSON.stringify(toObject(pairs) ?? null));
  useEffect(() => {
    const incoming = JSON.stringify(value ?? null);
    if (incoming !== sent.current) {
      setPairs(toPairs(value));
      sent.current = incoming;
    }
  }, [value]);
  const update = (next: Pair[]) => {
    setPairs(next);
    const obj = toObject(next);
    sent.current = JSON.stringify(obj ?? null);
    onChange(obj);
  };
  return (
    <div className="kv-widget" aria-label={label}>
      {pairs.map(([k, v], i) => (
        <div key={i} className="kv-item">
        <div className="kv-row" data-testid="kv-row">
          <input className="kv-key" value={k} placeholder={t('fields.key')} readOnly={readOnly} data-testid="kv-key" list={listId} title={keyLabel(k)}
            onChange={(e) => update(pairs.map((p, j) => (j === i ? [e.target.value, p[1]] : p)))} />
          <ExpressionInput value={v} placeholder={t('fields.value', { expr: '{{ }}' })} testId="kv-value" onChange={(text) => update(pairs.map((p, j) => (j === i ? [p[0], text] : p)))} />
          {!readOnly && (
            <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={t('fields.remove')} onClick={() => update(pairs.filter((_, j) => j !== i))}>
              <Icon name="x" />
            </button>
          )}
        </div>
        {keyLabel(k) && <span className="kv-key-label muted small" data-testid="kv-key-label">{keyLabel(k)}</span>}
        <Preview value={v} />
        </div>
      ))}
      {listId && (
        <datalist id={listId} data-testid="kv-key-options">
          {keyOptions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </datalist>
      )}
      {!readOnly && (
        <button type="button" className="btn btn-ghost btn-sm add-row" onClick={() => update([...pairs, ['', '']])} data-testid="kv-add">
          <Icon name="plus" /> {t('fields.addPair')}
        </button>
      )}
    </div>
  );
}

export function ListWidget({ name, ui, prop, value, onChange, label }: WidgetProps) {
  const { t } = useTranslation();
  const { readOnly } = useFieldEnv();
  const items = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  const fields = Object.entries(ui.itemFields ?? {});
  const required = new Set(prop?.items?.required ?? []);
  const setItem = (index: number, key: string, v: unknown) =>
    onChange(items.map((item, i) => {
      if (i !== index) return item;
      const next = { ...item };
      if (v === undefined || v === '') delete next[key];
      else next[key] = v;
      return next;
    }));
  const add = () => {
    const blank: Record<string, unknown> = {};
    for (const [key, p] of Object.entries(prop?.items?.properties ?? {})) if (p.default !== undefined) blank[key] = p.default;
    onChange([...items, blank]);
  };
  return (
    <div className="list-widget" aria-label={label}>
      {items.map((item, index) => (
        <div key={index} className="list-item" data-testid="list-item">
          <div className="list-item-head">
            <span className="list-item-index">#{index + 1}</span>
            {!readOnly && (
              <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label={t('fields.removeItem')} data-testid="list-remove"
                onClick={() => onChange(items.filter((_, i) => i !== index))}>
                <Icon name="trash" />
              </button>
            )}
          </div>
          {fields.map(([key, fieldUi]) => (
            <ParamField key={key} name={`${name}.${index}.${key}`} ui={fieldUi} prop={prop?.items?.properties?.[key]} required={required.has(key)}
              value={item?.[key]} onChange={(v) => setItem(index, key, v)} compact />
          ))}
        </div>
      ))}
      {!readOnly && (
        <button type="button" className="btn btn-secondary btn-sm add-row" onClick={add} data-testid="list-add">
          <Icon name="plus" /> {t('fields.addItem')}
        </button>
      )}
      {!items.length && readOnly && <span className="muted">{t('fields.emptyList')}</span>}
    </div>
  );
}
