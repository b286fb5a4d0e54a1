import { useEffect } from 'react';
import { ApiError } from '../api/client';
import { flowsApi } from '../api/endpoints';
import { humanError } from '../lib/errors';
import { canvasToGraph } from './graph/convert';
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
  const graph = canvasToGraph(s.name, s.nodes, s.edges, s.settings);
  s.saveStarted();
  inFlight = (async () => {
    try {
      const flow = await flowsApi.update(s.flowId!, { name: s.name.trim() || undefined, graph });
      useEditor.getState().saveSucceeded(revision, flow);
      return true;
    } catch (error) {
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

function schedule() {
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
