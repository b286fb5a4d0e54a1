import { useEffect } from 'react';
import { runsApi } from '../../api/endpoints';
import { useEditor } from '../store/editorStore';
import { isRunActive, useRuns } from '../store/runStore';

const LIST_EVERY_MS = 5000;

/** Keeps the flow's recent runs fresh and follows the selected run until it finishes. */
export function useRunPolling(flowId: string): void {
  const refreshTick = useRuns((s) => s.refreshTick);
  const selectedRunId = useRuns((s) => s.selectedRunId);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const page = await runsApi.list({ flowId, limit: 25 });
        if (!stopped) useRuns.getState().setRuns(page.items);
      } catch {
        /* the next tick tries again */
      }
      if (!stopped) timer = setTimeout(tick, LIST_EVERY_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [flowId, refreshTick]);

  useEffect(() => {
    if (!selectedRunId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      let delay = 1000;
      try {
        const run = await runsApi.get(selectedRunId);
        if (stopped) return;
        useRuns.getState().setRun(run, useEditor.getState().edges);
        if (!isRunActive(run.status)) {
          // A finished run stops polling; a waiting one is checked now and then.
          if (run.status !== 'waiting') {
            if (run.steps.length) void refreshSamples(flowId);
            return;
          }
          delay = 5000;
        }
      } catch {
        delay = 3000;
      }
      if (!stopped) timer = setTimeout(tick, delay);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // A refresh (a run woken by hand) looks at the selected run again at once.
  }, [selectedRunId, flowId, refreshTick]);
}

async function refreshSamples(flowId: string) {
  try {
    const { flowsApi } = await import('../../api/endpoints');
    useEditor.getState().setSamples(await flowsApi.samples(flowId));
  } catch {
    /* samples only improve autocomplete */
  }
}
