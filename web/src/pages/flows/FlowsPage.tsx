import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import { usePermissions } from '../../app/session';
import { flowsApi } from '../../api/endpoints';
import type { FlowSummary } from '../../api/types';
import { Button } from '../../components/Button';
import { confirmAction, toast } from '../../components/feedback';
import { Icon } from '../../components/Icon';
import { humanError } from '../../lib/errors';
import { downloadJson, safeFileName } from '../../lib/format';
import { withFreshHookPath } from '../../lib/hookPath';
import { FlowRow, type FlowAction } from './FlowRow';
import { NameDialog } from './NameDialog';
import { TemplatesDialog } from './TemplatesDialog';

type Dialog = { kind: 'new' } | { kind: 'rename'; flow: FlowSummary } | { kind: 'templates' } | null;

export function FlowsPage() {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [filter, setFilter] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    try {
      setFlows(await flowsApi.list());
      setError(null);
    } catch (err) {
      setError(humanError(err));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => document.visibilityState === 'visible' && void refresh(), 15_000);
    return () => clearInterval(timer);
  }, [refresh]);

  const onAction = useCallback(async (action: FlowAction, flow: FlowSummary) => {
    try {
      if (action === 'rename') setDialog({ kind: 'rename', flow });
      if (action === 'export') downloadJson(`${safeFileName(flow.name)}.flow.json`, await flowsApi.exportJson(flow.id));
      if (action === 'duplicate') {
        const full = await flowsApi.get(flow.id);
        const graph = { ...full.graph, nodes: full.graph.nodes.map(withFreshHookPath) };
        const copy = await flowsApi.create(t('flows.copyName', { name: flow.name }), graph);
        toast(t('flows.duplicated', { name: copy.name }));
        await refresh();
      }
      if (action === 'delete') {
        const ok = await confirmAction({ title: t('flows.deleteTitle'), message: t('flows.deleteText', { name: flow.name }), confirmLabel: t('flows.delete'), danger: true });
        if (!ok) return;
        await flowsApi.remove(flow.id);
        toast(t('flows.deleted', { name: flow.name }));
        await refresh();
      }
    } catch (err) {
      toast(humanError(err), 'error');
    }
  }, [refresh, t]);

  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch {
        throw new Error(t('flows.importNotJson'));
      }
      const flow = await flowsApi.importJson(json);
      toast(t('flows.imported', { name: flow.name }));
      await refresh();
    } catch (err) {
      toast(t('flows.importFailed', { reason: humanError(err) }), 'error');
    }
  };

  const visible = flows?.filter((f) => f.name.toLowerCase().includes(filter.trim().toLowerCase())) ?? [];

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{t('flows.title')}</h1>
          <p className="muted">{t('flows.subtitle')}</p>
        </div>
        <div className="page-actions">
          <div className="search-input">
            <Icon name="search" />
            <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('flows.search')} aria-label={t('flows.search')} />
          </div>
          {canEdit && (
            <>
              <Button icon="upload" onClick={() => fileInput.current?.click()} data-testid="import-flow">{t('flows.import')}</Button>
              <input ref={fileInput} type="file" accept="application/json,.json" className="visually-hidden-input" data-testid="import-file" onChange={(e) => void onImport(e)} />
              <Button icon="template" onClick={() => setDialog({ kind: 'templates' })} data-testid="templates-open">{t('flows.fromTemplate')}</Button>
              <Button icon="plus" variant="primary" onClick={() => setDialog({ kind: 'new' })} data-testid="new-flow">{t('flows.new')}</Button>
            </>
          )}
        </div>
      </div>

      {error && <div className="banner banner-error" role="alert">{error}</div>}
      {!flows && !error && <div className="page-loading"><span className="spinner" /> {t('common.loading')}</div>}
      {flows && (
        <div className="card table-card">
          <table className="table" data-testid="flows-list">
            <thead>
              <tr>
                <th>{t('flows.colName')}</th>
                <th>{t('flows.colStatus')}</th>
                <th>{t('flows.colLastRun')}</th>
                <th className="num">{t('flows.colRunsToday')}</th>
                <th className="num">{t('flows.colFailureRate')}</th>
                <th><span className="sr-only">{t('flows.colActions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {visible.map((flow) => <FlowRow key={flow.id} flow={flow} canEdit={canEdit} onAction={onAction} />)}
            </tbody>
          </table>
          {flows.length === 0 && (
            <div className="empty-state">
              <Icon name="flow" size={32} />
              <h2>{t('flows.emptyTitle')}</h2>
              <p className="muted">{canEdit ? t('flows.emptyText') : t('flows.emptyReadOnly')}</p>
            </div>
          )}
        </div>
      )}

      {dialog?.kind === 'new' && (
        <NameDialog title={t('flows.newTitle')} submitLabel={t('flows.create')} inputTestId="new-flow-name" submitTestId="new-flow-create"
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            try {
              const flow = await flowsApi.create(name, { schema: 1, nodes: [], edges: [] });
              setDialog(null);
              navigate(`/flows/${flow.id}`);
            } catch (err) {
              throw new Error(humanError(err));
            }
          }} />
      )}
      {dialog?.kind === 'rename' && (
        <NameDialog title={t('flows.renameTitle')} initial={dialog.flow.name} submitLabel={t('common.save')} inputTestId="rename-flow-name" submitTestId="rename-flow-save"
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            try {
              await flowsApi.update(dialog.flow.id, { name });
              setDialog(null);
              toast(t('flows.renamed'));
              await refresh();
            } catch (err) {
              throw new Error(humanError(err));
            }
          }} />
      )}
      {dialog?.kind === 'templates' && (
        <TemplatesDialog onClose={() => setDialog(null)} onCreated={(created) => {
          setDialog(null);
          toast(t('templates.created', { count: created.length, name: created[0]?.name ?? '' }));
          void refresh();
        }} />
      )}
    </div>
  );
}
