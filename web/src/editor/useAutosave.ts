import { useEffect } from 'react';
import { ApiError } from '../api/client';
import { flowsApi } from '../api/endpoints';
import { confirmAction } from '../components/feedback';
import i18n from '../i18n';
import { humanError } from '../lib/errors';
import { canvasToGraph } from './graph/convert';
import { clearLocalDraft, saveLocalDraft } from './localDraft';
import { useEditor } from './store/editorStore';

const DEBOUNCE_MS = 800;

let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<boolean> | null = null;

async function saveNow(): Promise<boolean> {
  if (inFlight) await inFlight;
  const s = useEditor.getState();
  if (!s.flowId || s.readOnly) return true;
  if (s.revision === s.savedRevision) return s.saveState !== 'error';
  const revision = s.revision;
  // Settings go even when empty: the server keeps a draft's settings when a save leaves them out
  // (older clients), so a limit or alert cleared in the toolbar must be sent as cleared.
  const graph = { ...canvasToGraph(s.name, s.nodes, s.edges, s.settings, s.notes), settings: s.settings };
  s.saveStarted();
  inFlight = (async () => {
    try {
      const flow = await flowsApi.update(s.flowId!, { name: s.name.trim() || undefined, graph, revision: s.serverRevision ?? undefined });
      useEditor.getState().saveSucceeded(revision, flow);
      if (useEditor.getState().revision === revision) clearLocalDraft(s.flowId!);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stale_revision') return resolveConflict(s.flowId!, error);
      const problems = error instanceof ApiError ? error.problems : [];
      useEditor.getState().saveFailed(humanError(error), problems);
      return false;
    } finally {
      inFlight = null;
    }
  })();
  const ok = await inFlight;
  const after = useEditor.getState();
  // Changes made while the request was out are saved by the next debounce, or now when asked to flush.
  if (ok && after.revision !== revision) schedule();
  return ok;
}

/**
 * Someone else saved meanwhile: keep this tab's edits and overwrite, or take theirs. Nothing is
 * lost silently either way; the question names who saved.
 */
async function resolveConflict(flowId: string, error: ApiError): Promise<boolean> {
  const overwrite = await confirmAction({
    title: i18n.t('editor.conflictTitle'),
    message: i18n.t('editor.conflictText', { who: String(error.body.savedBy ?? '?'), revision: String(error.body.revision ?? '?') }),
    confirmLabel: i18n.t('editor.conflictOverwrite'),
    cancelLabel: i18n.t('editor.conflictReload'),
  });
  if (overwrite) {
    useEditor.setState({ serverRevision: Number(error.body.revision), saveState: 'saving' });
    schedule();
    return false;
  }
  const flow = await flowsApi.get(flowId);
  useEditor.getState().replaceGraph(flow);
  return true;
}

/** The safety copy in this browser, written before every save attempt. */
function keepLocally() {
  const s = useEditor.getState();
  if (!s.flowId || s.readOnly || s.revision === s.savedRevision) return;
  saveLocalDraft(s.flowId, { baseRevision: s.serverRevision, name: s.name, graph: canvasToGraph(s.name, s.nodes, s.edges, s.settings, s.notes), at: new Date().toISOString() });
}

function schedule() {
  keepLocally();
  clearTimeout(timer);
  timer = setTimeout(() => void saveNow(), DEBOUNCE_MS);
}

/** Saves pending changes immediately (before publishing or a test run); true when the draft on the server is current. */
export async function flushSave(): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    clearTimeout(timer);
    if (!(await saveNow())) return false;
    const s = useEditor.getState();
    if (s.revision === s.savedRevision) {
      clearTimeout(timer);
      return true;
    }
  }
  return false;
}

/** Debounced draft autosave: every saved change is sent ~800 ms after the last edit. */
export function useAutosave(): void {
  useEffect(() => {
    const unsubscribe = useEditor.subscribe((state, previous) => {
      if (state.revision === previous.revision || state.readOnly) return;
      if (state.revision === state.savedRevision) return;
      if (state.saveState !== 'saving') useEditor.setState({ saveState: 'saving' });
      schedule();
    });
    const beforeUnload = (event: BeforeUnloadEvent) => {
      const s = useEditor.getState();
      if (s.revision !== s.savedRevision) {
        keepLocally();
        void saveNow();
        event.preventDefault();
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      unsubscribe();
      window.removeEventListener('beforeunload', beforeUnload);
      const s = useEditor.getState();
      if (s.revision !== s.savedRevision) void saveNow();
      clearTimeout(timer);
    };
  }, []);
}
