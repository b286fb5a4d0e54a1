import { useMemo, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { JsonSchemaProperty, UiHints, Widget } from '../../api/types';
import { useCatalogText } from '../../i18n/catalog';
import { hasExpression, hasUnclosedExpression, missingPaths } from '../../lib/expression';
import { localizeProblem } from '../../lib/problems';
import { prettyJson } from '../../lib/format';
import { fieldProblems } from '../graph/problems';
import { useFieldEnv } from './fieldEnv';
import { KeyValueWidget, ListWidget } from './fields/collections';
import { ConnectionWidget, SelectWidget } from './fields/select';
import { BooleanWidget, CodeWidget, DateWidget, JsonWidget, NumberWidget, SecretWidget, TextWidget } from './fields/simple';
import type { WidgetProps } from './fields/types';
import { shortPreviewError, usePreview } from './usePreview';

const WIDGETS: Record<Widget, ComponentType<WidgetProps>> = {
  text: TextWidget,
  textarea: TextWidget,
  number: NumberWidget,
  boolean: BooleanWidget,
  select: SelectWidget,
  json: JsonWidget,
  code: CodeWidget,
  keyValue: KeyValueWidget,
  list: ListWidget,
  connection: ConnectionWidget,
  date: DateWidget,
  secret: SecretWidget,
};

/** Widgets that show a picker by default and switch to a `{{ }}` text box on demand. */
const TOGGLEABLE = new Set<Widget>(['select', 'boolean', 'date']);

interface Props {
  name: string;
  ui: UiHints;
  prop?: JsonSchemaProperty;
  required?: boolean;
  value: unknown;
  onChange: (value: unknown) => void;
  compact?: boolean;
}

/** What is wrong with an expression as it is typed: an unclosed `{{`, paths the sample data does not have. */
export function InlineChecks({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const env = useFieldEnv();
  const text = typeof value === 'string' ? value : '';
  const unclosed = hasUnclosedExpression(text);
  const missing = useMemo(() => (text.includes('{{') && !unclosed ? missingPaths(text, env.scope) : []), [text, unclosed, env.scope]);
  if (!unclosed && !missing.length) return null;
  return (
    <>
      {unclosed && <p className="field-error" data-testid="field-inline-error" role="alert">{t('fields.unclosed')}</p>}
      {missing.map((path) => <p key={path} className="field-warning" data-testid="field-path-warning">{t('fields.missingPath', { path })}</p>)}
    </>
  );
}

export function Preview({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const env = useFieldEnv();
  const preview = usePreview(value, env.scope, env.canPreview);
  if (preview.state === 'idle') return null;
  return (
    <div className={`field-preview preview-${preview.state}`} data-testid="field-preview" data-state={preview.state} aria-live="polite">
      <span className="preview-label">{t('fields.preview')}</span>
      {preview.state === 'loading' && <span className="muted">…</span>}
      {preview.state === 'value' && <code className="preview-value">{typeof preview.value === 'string' ? preview.value || '""' : prettyJson(preview.value)}</code>}
      {preview.state === 'error' && <span className="preview-error">{shortPreviewError(preview.message)}</span>}
    </div>
  );
}

export function ParamField({ name, ui: serverUi, prop, required, value, onChange, compact }: Props) {
  const { t } = useTranslation();
  const env = useFieldEnv();
  const ct = useCatalogText();
  // The label, description, placeholder and option labels in the UI language; values stay as they are.
  const ui = useMemo(() => ct.ui(env.nodeType, name, serverUi, prop), [ct, env.nodeType, name, serverUi, prop]);
  const widget: Widget = WIDGETS[ui.widget] ? ui.widget : 'text';
  const canToggle = TOGGLEABLE.has(widget) && ui.expressions !== false;
  const [fx, setFx] = useState(false);
  const expressionMode = canToggle && (fx || hasExpression(value));
  const Component = expressionMode ? TextWidget : WIDGETS[widget];
  const label = ui.label;
  const description = ui.description;
  const own = fieldProblems(env.problems, name).filter((p) => compact ? p.field === name : widget !== 'list' || !new RegExp(`^${name.replace(/[.]/g, '\\.')}\\.\\d+\\.[^.]+$`).test(p.field ?? ''));
  const invalid = own.length > 0;

  const toggle = () => {
    if (expressionMode) {
      setFx(false);
      if (hasExpression(value)) onChange(undefined);
    } else setFx(true);
  };

  return (
    <div className={`field ${compact ? 'field-compact' : ''} ${invalid ? 'field-invalid' : ''}`} data-testid="field" data-param={name} data-widget={widget}>
      <div className="field-head">
        <label className="field-label">
          {label}
          {required && <span className="required" title={t('fields.required')}>*</span>}
        </label>
        {canToggle && !env.readOnly && (
          <button type="button" className={`fx-toggle ${expressionMode ? 'on' : ''}`} onClick={toggle} aria-pressed={expressionMode}
            title={expressionMode ? t('fields.fixedValue') : t('fields.useExpression', { expr: '{{ }}' })} data-testid="field-fx">
            fx
          </button>
        )}
      </div>
      <Component name={name} ui={expressionMode ? { ...ui, widget: 'text', placeholder: '{{ $trigger… }}' } : ui} prop={prop} value={value} onChange={onChange} invalid={invalid} label={label} />
      {description && !compact && <p className="field-description">{description}</p>}
      {own.map((p, i) => (
        <p key={i} className="field-error" data-testid="field-error" role="alert">{localizeProblem(p, env.nodeType)}</p>
      ))}
      {hasExpression(value) && !own.some((p) => p.code === 'unclosedExpression') && <InlineChecks value={value} />}
      {(widget !== 'list' && widget !== 'keyValue') || expressionMode ? <Preview value={value} /> : null}
    </div>
  );
}
