import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { connectionsApi } from '../../../api/endpoints';
import type { Option } from '../../../api/types';
import { usePermissions } from '../../../app/session';
import { humanError } from '../../../lib/errors';
import { lookupEntry } from '../../store/catalogStore';
import { useConnections } from '../../store/connectionsStore';
import { useEditor } from '../../store/editorStore';
import { useFieldEnv } from '../fieldEnv';
import type { WidgetProps } from './types';

const optionCache = new Map<string, Option[]>();

/** The node's connection param (the one dynamic selects load their options through). */
function useConnectionParam(nodeId: string): string | undefined {
  const type = useEditor((s) => s.nodes.find((n) => n.id === nodeId)?.data.type);
  return useMemo(() => {
    const props = lookupEntry(type ?? '')?.inputSchema.properties ?? {};
    return Object.entries(props).find(([, p]) => p['x-ui']?.widget === 'connection')?.[0];
  }, [type]);
}

/** Options a connection offers for a param (pipelines, users, custom fields), loaded through the server and cached. */
export function useDynamicOptions(source: string | undefined, name: string) {
  const env = useFieldEnv();
  const connectionParam = useConnectionParam(env.nodeId);
  const connectionId = connectionParam ? (env.params[connectionParam] as string | undefined) : undefined;
  const others = useMemo(() => {
    const rest = { ...env.params };
    delete rest[name];
    return JSON.stringify(rest);
  }, [env.params, name]);
  const [state, setState] = useState<{ options: Option[]; loading: boolean; error: string | null }>({ options: [], loading: false, error: null });
  useEffect(() => {
    if (!source || !connectionId || env.readOnly) return;
    const key = `${connectionId}|${source}|${others}`;
    const cached = optionCache.get(key);
    if (cached) {
      setState({ options: cached, loading: false, error: null });
      return;
    }
    let cancelled = false;
    setState((s) => ({ ...s, loading: true, error: null }));
    const timer = setTimeout(() => {
      connectionsApi.options(connectionId, source, JSON.parse(others)).then(
        (options) => {
          optionCache.set(key, options);
          if (!cancelled) setState({ options, loading: false, error: null });
        },
        (error) => !cancelled && setState({ options: [], loading: false, error: humanError(error) }),
      );
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [source, connectionId, others, env.readOnly]);
  return { ...state, connectionId, needsConnection: !!source && !connectionId };
}

export function SelectWidget({ name, ui, prop, value, onChange, invalid, label }: WidgetProps) {
  const { t } = useTranslation();
  const { readOnly } = useFieldEnv();
  const dynamic = useDynamicOptions(ui.optionsSource, name);
  const staticOptions = ui.options ?? (prop?.enum ?? []).map((v) => ({ value: String(v), label: String(v) }));
  const options = ui.optionsSource ? dynamic.options : staticOptions;
  const current = value === undefined || value === null ? '' : String(value);
  const known = options.some((o) => o.value === current);
  const fallback = prop?.default !== undefined ? options.find((o) => o.value === String(prop.default))?.label ?? String(prop.default) : null;
  return (
    <div className="select-widget">
      <select value={current} disabled={readOnly} onChange={(e) => onChange(e.target.value || undefined)} data-testid="field-input"
        className={invalid ? 'invalid' : ''} aria-label={label} aria-busy={dynamic.loading || undefined}>
        <option value="">
          {dynamic.loading ? t('fields.loadingOptions') : dynamic.needsConnection ? t('fields.pickConnectionFirst') : fallback ? t('fields.defaultOption', { value: fallback }) : t('fields.choose')}
        </option>
        {current && !known && <option value={current}>{current}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {dynamic.error && <span className="field-note text-danger">{t('fields.optionsFailed', { reason: dynamic.error })}</span>}
    </div>
  );
}

export function ConnectionWidget({ ui, value, onChange, invalid, label }: WidgetProps) {
  const { t } = useTranslation();
  const { readOnly } = useFieldEnv();
  const { isAdmin } = usePermissions();
  const all = useConnections((s) => s.list);
  const options = all.filter((c) => !ui.connector || c.connector === ui.connector);
  const current = typeof value === 'string' ? value : '';
  const missing = current && !options.some((c) => c.id === current);
  return (
    <div className="select-widget">
      <select value={current} disabled={readOnly} onChange={(e) => onChange(e.target.value || undefined)} data-testid="field-input"
        className={invalid || (missing && !readOnly) ? 'invalid' : ''} aria-label={label}>
        <option value="">{options.length ? t('fields.pickConnection') : t('fields.noConnections')}</option>
        {missing && <option value={current}>{readOnly ? t('fields.connectionSet') : t('fields.deletedConnection')}</option>}
        {options.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
      </select>
      {!options.length && !readOnly && (
        <span className="field-note">{isAdmin ? <a href="/admin/connectors" target="_blank" rel="noreferrer">{t('fields.createConnection')}</a> : t('fields.askAdmin')}</span>
      )}
    </div>
  );
}
