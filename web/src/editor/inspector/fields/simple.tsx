import { useTranslation } from 'react-i18next';
import { hasExpression } from '../../../lib/expression';
import { ExpressionInput } from '../ExpressionInput';
import { useFieldEnv } from '../fieldEnv';
import { useDraft } from '../useDraft';
import type { WidgetProps } from './types';
import { formatJson, formatNumber, fromLocalInput, jsonEqual, parseJson, parseNumber, toLocalInput } from './values';

const asText = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export function TextWidget({ ui, value, onChange, invalid, label }: WidgetProps) {
  return (
    <ExpressionInput value={asText(value)} onChange={onChange} multiline={ui.widget === 'textarea'} placeholder={ui.placeholder}
      invalid={invalid} expressions={ui.expressions !== false} ariaLabel={label} />
  );
}

/**
 * Write-only: the server answers `{ $secret: "set" }` for a saved value and never the value itself.
 * Leaving the box empty keeps that marker (the saved value); typing replaces it.
 */
export function SecretWidget({ value, onChange, invalid, label }: WidgetProps) {
  const { t } = useTranslation();
  const { readOnly } = useFieldEnv();
  const isSet = typeof value === 'object' && value !== null && '$secret' in value;
  return (
    <input type="password" className={`text-input ${invalid ? 'invalid' : ''}`} autoComplete="new-password" readOnly={readOnly}
      value={typeof value === 'string' ? value : ''} placeholder={isSet ? t('fields.secretSet') : t('fields.secretUnset')}
      onChange={(e) => onChange(e.target.value === '' ? (isSet ? value : undefined) : e.target.value)}
      data-testid="field-input" aria-label={label} aria-invalid={invalid || undefined} />
  );
}

export function NumberWidget({ ui, value, onChange, invalid, label }: WidgetProps) {
  const [text, update] = useDraft(value, formatNumber, parseNumber);
  return (
    <ExpressionInput value={text} onChange={(t) => update(t, onChange)} placeholder={ui.placeholder} invalid={invalid}
      expressions={ui.expressions !== false} ariaLabel={label} />
  );
}

export function JsonWidget({ ui, value, onChange, invalid, label }: WidgetProps) {
  const [text, update] = useDraft(value, formatJson, parseJson, jsonEqual);
  return (
    <ExpressionInput value={text} onChange={(t) => update(t, onChange)} placeholder={ui.placeholder ?? ui.description} invalid={invalid}
      expressions={ui.expressions !== false} multiline={text.includes('\n') || text.length > 40} mono ariaLabel={label} />
  );
}

export function CodeWidget({ value, onChange, invalid, label }: WidgetProps) {
  const { readOnly } = useFieldEnv();
  return (
    <textarea className={`code-input ${invalid ? 'invalid' : ''}`} rows={8} spellCheck={false} value={asText(value)} readOnly={readOnly}
      onChange={(e) => onChange(e.target.value)} data-testid="field-input" aria-label={label} aria-invalid={invalid || undefined} />
  );
}

export function BooleanWidget({ value, onChange, label }: WidgetProps) {
  const { t } = useTranslation();
  const { readOnly } = useFieldEnv();
  return (
    <label className="switch">
      <input type="checkbox" checked={value === true} disabled={readOnly} onChange={(e) => onChange(e.target.checked)} data-testid="field-input" aria-label={label} />
      <span className="switch-track" aria-hidden="true" />
      <span className="switch-label">{value === true ? t('fields.yes') : t('fields.no')}</span>
    </label>
  );
}

export function DateWidget({ value, onChange, invalid, label }: WidgetProps) {
  const { readOnly } = useFieldEnv();
  if (hasExpression(value)) return null;
  return (
    <input type="datetime-local" value={toLocalInput(value)} readOnly={readOnly} className={invalid ? 'invalid' : ''} aria-label={label}
      onChange={(e) => onChange(fromLocalInput(e.target.value))} data-testid="field-input" />
  );
}
