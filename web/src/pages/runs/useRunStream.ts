import { useEffect, useRef, useState } from 'react';
import type { RunEvent } from '../../api/types';

/**
 * Run status changes from `/api/runs/stream` (server-sent events, the session cookie signs it).
 * `query` is the list's filter or `ids=…`; null keeps it closed. `onRemoved` hears of a run shown
 * while live that turned out to be none (its trigger discarded the delivery). Answers whether the
 * stream is open, so a page can poll instead while it is not.
 */
export function useRunStream(query: string | null, onEvent: (event: RunEvent) => void, onRemoved?: (id: string) => void): boolean {
  const handler = useRef(onEvent);
  const removedHandler = useRef(onRemoved);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    handler.current = onEvent;
    removedHandler.current = onRemoved;
  });
  useEffect(() => {
    if (query === null || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/runs/stream${query ? `?${query}` : ''}`, { withCredentials: true });
    const onRun = (message: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(message.data) as RunEvent);
      } catch {
        // A line that is not a run event changes nothing on the page.
      }
    };
    const onRemovedRun = (message: MessageEvent<string>) => {
      try {
        const { id } = JSON.parse(message.data) as { id?: unknown };
        if (typeof id === 'string') removedHandler.current?.(id);
      } catch {
        // As for run events: a malformed line changes nothing.
      }
    };
    source.addEventListener('run', onRun as EventListener);
    source.addEventListener('removed', onRemovedRun as EventListener);
    source.onopen = () => setOpen(true);
    // EventSource reconnects by itself; meanwhile (or for good, when it gave up) the page polls.
    source.onerror = () => setOpen(false);
    return () => {
      source.close();
      setOpen(false);
    };
  }, [query]);
  return open;
}
