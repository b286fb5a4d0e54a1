import type { FlowGraph } from '../api/types';

/**
 * Edits not yet saved, kept in this browser until the server has them: a reload, a crash or an
 * expired session in the middle of editing loses nothing.
 */
export interface LocalDraft {
  /** The server revision the edits were made on. */
  baseRevision: number | null;
  name: string;
  graph: FlowGraph;
  at: string;
}

const key = (flowId: string) => `flowbridge.draft.${flowId}`;

export function saveLocalDraft(flowId: string, draft: LocalDraft): void {
  try {
    localStorage.setItem(key(flowId), JSON.stringify(draft));
  } catch {
    // Storage full or blocked: the server save still runs; only the safety copy is missing.
  }
}

export function loadLocalDraft(flowId: string): LocalDraft | null {
  try {
    const raw = localStorage.getItem(key(flowId));
    const draft = raw ? (JSON.parse(raw) as LocalDraft) : null;
    return draft && Array.isArray(draft.graph?.nodes) && Array.isArray(draft.graph?.edges) ? draft : null;
  } catch {
    return null;
  }
}

export function clearLocalDraft(flowId: string): void {
  try {
    localStorage.removeItem(key(flowId));
  } catch {
    // Nothing to clear.
  }
}
