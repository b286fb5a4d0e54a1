export interface History<S> {
  past: S[];
  future: S[];
  lastKey?: string;
  lastAt?: number;
}

export const HISTORY_LIMIT = 100;
const COALESCE_MS = 1200;

export function emptyHistory<S>(): History<S> {
  return { past: [], future: [] };
}

/**
 * Remembers `current` (the state before a change). Consecutive changes with the same key within a
 * short time (typing into one field) make one undo step.
 */
export function record<S>(history: History<S>, current: S, key?: string, now = Date.now()): History<S> {
  if (key && key === history.lastKey && history.lastAt !== undefined && now - history.lastAt < COALESCE_MS) {
    return { ...history, future: [], lastAt: now };
  }
  return { past: [...history.past, current].slice(-HISTORY_LIMIT), future: [], lastKey: key, lastAt: now };
}

export function undo<S>(history: History<S>, current: S): { history: History<S>; state: S } | null {
  if (!history.past.length) return null;
  const state = history.past[history.past.length - 1];
  return { state, history: { past: history.past.slice(0, -1), future: [current, ...history.future] } };
}

export function redo<S>(history: History<S>, current: S): { history: History<S>; state: S } | null {
  if (!history.future.length) return null;
  const [state, ...future] = history.future;
  return { state, history: { past: [...history.past, current].slice(-HISTORY_LIMIT), future } };
}
