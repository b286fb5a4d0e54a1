import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import '../styles/editor.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../app/session';
import { linkHandler, useLocation } from '../app/router';
import { flowsApi } from '../api/endpoints';
import type { FlowView } from '../api/types';
import { confirmAction, toast } from '../components/feedback';
import i18n from '../i18n';
import { Icon } from '../components/Icon';
import { humanError } from '../lib/errors';
import { FlowCanvas } from './canvas/FlowCanvas';
import { useShortcuts } from './canvas/useShortcuts';
import { estimateNodeHeight } from './graph/estimate';
import { layoutPositions } from './graph/layout';
import { Inspector } from './inspector/Inspector';
import { Palette } from './palette/Palette';
import { RunsPanel } from './runs/RunsPanel';
import { useRunPolling } from './runs/useRunPolling';
import { useCatalog } from './store/catalogStore';
import { useConnections } from './store/connectionsStore';
import { useEditor } from './store/editorStore';
import { useRuns } from './store/runStore';
import { EditorToolbar } from './toolbar/EditorToolbar';
import { flushSave, useAutosave } from './useAutosave';
import { clearLocalDraft, loadLocalDraft } from './localDraft';

function EditorBody({ flowId }: { flowId: string }) {
  const { t } = useTranslation();
  const readOnly = useEditor((s) => s.readOnly);
  useAutosave();
  useShortcuts();
  useRunPolling(flowId);
  return (
    <div className="editor" data-testid="editor" data-readonly={readOnly ? 'true' : 'false'}>
      <EditorToolbar />
      {readOnly && (
        <div className="readonly-banner" data-testid="readonly-banner" role="note">
          <Icon name="lock" /> {t('editor.readOnlyBanner')}
        </div>
      )}
      <div className="editor-body">
        {!readOnly && <Palette />}
        <div className="editor-center">
          <FlowCanvas />
          <RunsPanel />
        </div>
        <Inspector />
      </div>
    </div>
  );
}

export default function EditorPage({ flowId }: { flowId: string }) {
  const { t } = useTranslation();
  const { canEdit } = usePermissions();
  const { search } = useLocation();
  const [state, setState] = useState<'loading' | 'ready' | { error: string }>('loading');

  useEffect(() => {
    let cancelled = false;
    useRuns.getState().reset();
    const wanted = search.get('run');
    (async () => {
      try {
        const catalog = useCatalog.getState();
        const [flow] = await Promise.all([
          flowsApi.get(flowId),
          catalog.loaded && !catalog.error ? Promise.resolve() : catalog.load(),
          canEdit ? useConnections.getState().load() : Promise.resolve(),
        ]);
        if (cancelled) return;
        useEditor.getState().load(flow, {
          readOnly: !canEdit,
          layout: (nodes, edges) => layoutPositions(nodes, edges, { estimateHeight: estimateNodeHeight }),
        });
        if (canEdit) await offerLocalDraft(flowId, flow);
        if (wanted) useRuns.getState().selectRun(wanted, true);
        setState('ready');
        flowsApi.samples(flowId).then((samples) => !cancelled && useEditor.getState().setSamples(samples), () => undefined);
      } catch (error) {
        if (!cancelled) setState({ error: humanError(error) });
      }
    })();
    return () => {
      cancelled = true;
    };
    // The run in the URL is only read when the editor opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flowId, canEdit]);

  if (state === 'loading') return <div className="page-loading"><span className="spinner" /> {t('editor.loading')}</div>;
  if (typeof state === 'object') {
    return (
      <div className="page page-narrow empty-state">
        <Icon name="alert" size={32} />
        <h1>{t('editor.loadFailed')}</h1>
        <p className="muted">{state.error}</p>
        <a href="/flows" className="btn btn-primary btn-md" onClick={linkHandler('/flows')}>{t('notFound.back')}</a>
      </div>
    );
  }
  return (
    <ReactFlowProvider>
      <EditorBody flowId={flowId} />
    </ReactFlowProvider>
  );
}

/**
 * Edits this browser kept but the server never got (a reload, an expired session): put back at
 * once when made on the draft the server still has, after asking when someone saved since.
 */
async function offerLocalDraft(flowId: string, flow: FlowView): Promise<void> {
  const local = loadLocalDraft(flowId);
  if (!local) return;
  if (local.baseRevision !== flow.revision) {
    const restore = await confirmAction({
      title: i18n.t('editor.localDraftTitle'),
      message: i18n.t('editor.localDraftText', { at: new Date(local.at).toLocaleString() }),
      confirmLabel: i18n.t('editor.localDraftRestore'),
      cancelLabel: i18n.t('editor.localDraftDiscard'),
    });
    if (!restore) {
      clearLocalDraft(flowId);
      return;
    }
  }
  useEditor.getState().restoreLocal(local, flow.revision);
  toast(i18n.t('editor.localDraftRestored'));
  void flushSave();
}

