import { create } from 'zustand';
import type { RunDetail, RunStep, RunSummary } from '../../api/types';
import { nodeStatuses } from '../graph/runStatus';
import type { NodeStatus } from '../graph/types';
import { dict } from '../../lib/dict';

interface RunState {
  runs: RunSummary[];
  selectedRunId: string | null;
  /** The user picked a run by hand: stop following the newest one. */
  pinned: boolean;
  run: RunDetail | null;
  statusByNode: Record<string, NodeStatus>;
  stepsByNode: Record<string, RunStep[]>;
  setRuns: (runs: RunSummary[]) => void;
  selectRun: (id: string | null, pinned?: boolean) => void;
  setRun: (run: RunDetail | null, edges: { source: string; sourceHandle?: string | null; target: string }[]) => void;
  reset: () => void;
  /** Bumped to make the runs panel reload now (e.g. right after a test run starts). */
  refreshTick: number;
  refresh: () => void;
}

const empty = { runs: [], selectedRunId: null, pinned: false, run: null, statusByNode: dict<NodeStatus>(), stepsByNode: dict<RunStep[]>(), refreshTick: 0 };

export const useRuns = create<RunState>((set, get) => ({
  ...empty,
  setRuns: (runs) => {
    const s = get();
    const newest = runs[0]?.id ?? null;
    const follow = !s.pinned && newest && newest !== s.selectedRunId;
    set({ runs, ...(follow ? { selectedRunId: newest } : {}) });
  },
  selectRun: (id, pinned = true) => {
    if (id === get().selectedRunId) return;
    set({ selectedRunId: id, pinned, ...(id ? {} : { run: null, statusByNode: dict<NodeStatus>(), stepsByNode: dict<RunStep[]>() }) });
  },
  setRun: (run, edges) => {
    if (!run) {
      set({ run: null, statusByNode: dict<NodeStatus>(), stepsByNode: dict<RunStep[]>() });
      return;
    }
    if (run.id !== get().selectedRunId) return;
    const stepsByNode = dict<RunStep[]>();
    for (const step of run.steps) (stepsByNode[step.nodeId] ??= []).push(step);
    // The list is polled less often than the selected run; keep its row in step.
    const runs = get().runs.map((r) => (r.id === run.id && r.status !== run.status ? { ...r, status: run.status, finishedAt: run.finishedAt, error: run.error } : r));
    set({ run, runs, stepsByNode, statusByNode: nodeStatuses(run, edges) });
  },
  reset: () => set(empty),
  refresh: () => set((s) => ({ refreshTick: s.refreshTick + 1 })),
}));

export const isRunActive = (status: string | undefined) => status === 'queued' || status === 'running';
