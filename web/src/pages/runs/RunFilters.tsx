import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowSummary, RunFilter } from '../../api/types';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { useCatalogText } from '../../i18n/catalog';
import { useCatalog } from '../../editor/store/catalogStore';
import { isFiltered, RUN_STATUSES } from './runFilter';

/** `datetime-local` shows local time; the URL and the API keep ISO instants. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Connector keys of the catalogue's nodes (`bitrix24.createDeal` → `bitrix24`), core nodes left out. */
export function useConnectorKeys(): string[] {
  const entries = useCatalog((s) => s.entries);
  return useMemo(() => [...new Set(entries.map((e) => e.type.split('.')[0]).filter((k) => k && k !== 'core'))].sort(), [entries]);
}

export function RunFilters({ filter, flows, onChange }: { filter: RunFilter; flows: FlowSummary[]; onChange: (next: RunFilter) => void }) {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const entries = useCatalog((s) => s.entries);
  const triggers = useMemo(() => entries.filter((e) => e.kind === 'trigger'), [entries]);
  const connectors = useConnectorKeys();
  const [key, setKey] = useState(filter.businessKey ?? '');
  useEffect(() => setKey(filter.businessKey ?? ''), [filter.businessKey]);
  const set = (patch: Partial<RunFilter>) => onChange({ ...filter, ...patch });
  const applyKey = () => {
    const trimmed = key.trim();
    if (trimmed !== (filter.businessKey ?? '')) set({ businessKey: trimmed || undefined });
  };
  const statusValue = filter.status && !filter.status.includes(',') ? filter.status : filter.status ? 'several' : '';

  return (
    <div className="run-filters" data-testid="run-filters">
      <form className="search-input" onSubmit={(e) => { e.preventDefault(); applyKey(); }}>
        <Icon name="search" />
        <input type="search" value={key} onChange={(e) => setKey(e.target.value)} onBlur={applyKey} maxLength={500}
          placeholder={t('runList.searchKey')} aria-label={t('runList.searchKey')} title={t('runList.searchKeyHint')} data-testid="runs-search" />
      </form>
      <select value={filter.flowId ?? ''} onChange={(e) => set({ flowId: e.target.value || undefined })} aria-label={t('runList.flow')} data-testid="runs-flow-filter">
        <option value="">{t('runList.allFlows')}</option>
        {filter.flowId && !flows.some((f) => f.id === filter.flowId) && <option value={filter.flowId}>{filter.flowId.slice(0, 8)}</option>}
        {flows.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
      </select>
      <select value={statusValue} onChange={(e) => set({ status: e.target.value || undefined })} aria-label={t('runs.filterStatus')} data-testid="runs-status-filter">
        <option value="">{t('runs.allStatuses')}</option>
        {statusValue === 'several' && <option value={filter.status}>{filter.status!.split(',').map((s) => t(`status.${s}`)).join(', ')}</option>}
        {RUN_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
      </select>
      <select value={filter.test ?? ''} onChange={(e) => set({ test: (e.target.value || undefined) as RunFilter['test'] })} aria-label={t('runList.mode')} data-testid="runs-test-filter">
        <option value="">{t('runList.liveAndTest')}</option>
        <option value="false">{t('runList.liveOnly')}</option>
        <option value="true">{t('runList.testOnly')}</option>
      </select>
      <select value={filter.trigger ?? ''} onChange={(e) => set({ trigger: e.target.value || undefined })} aria-label={t('runList.trigger')} data-testid="runs-trigger-filter">
        <option value="">{t('runList.anyTrigger')}</option>
        {filter.trigger && !triggers.some((e) => e.type === filter.trigger) && <option value={filter.trigger}>{filter.trigger}</option>}
        {triggers.map((e) => <option key={e.type} value={e.type}>{ct.nodeTitle(e.type, e.title)}</option>)}
      </select>
      <select value={filter.connector ?? ''} onChange={(e) => set({ connector: e.target.value || undefined })} aria-label={t('runList.connector')} data-testid="runs-connector-filter">
        <option value="">{t('runList.anyConnector')}</option>
        {filter.connector && !connectors.includes(filter.connector) && <option value={filter.connector}>{filter.connector}</option>}
        {connectors.map((c) => <option key={c} value={c}>{c}</option>)}
      </select>
      <label className="run-filter-date">
        <span>{t('runList.from')}</span>
        <input type="datetime-local" value={toLocalInput(filter.from)} onChange={(e) => set({ from: fromLocalInput(e.target.value) })} data-testid="runs-from" />
      </label>
      <label className="run-filter-date">
        <span>{t('runList.to')}</span>
        <input type="datetime-local" value={toLocalInput(filter.to)} onChange={(e) => set({ to: fromLocalInput(e.target.value) })} data-testid="runs-to" />
      </label>
      {(filter.errorNode || filter.errorMessage) && (
        <span className="pill run-filter-error" data-testid="runs-error-filter" title={filter.errorMessage}>
          <Icon name="alert" size={12} /> {t('runList.errorFilter', { message: filter.errorMessage ?? '', node: filter.errorNode ?? '' })}
          <button type="button" className="link-button" onClick={() => set({ errorNode: undefined, errorMessage: undefined })} aria-label={t('runList.clearErrorFilter')}><Icon name="x" size={12} /></button>
        </span>
      )}
      {isFiltered(filter) && <Button size="sm" variant="ghost" icon="x" onClick={() => onChange({})} data-testid="runs-clear-filters">{t('runList.clear')}</Button>}
    </div>
  );
}
