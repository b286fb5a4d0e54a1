import { useSyncExternalStore, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
if (typeof window !== 'undefined') window.addEventListener('popstate', emit);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const currentUrl = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentUrl()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  emit();
}

export function useLocation(): { path: string; search: URLSearchParams } {
  const url = useSyncExternalStore(subscribe, currentUrl, () => '/');
  const [path, query = ''] = url.split('?');
  return { path, search: new URLSearchParams(query) };
}

export type Route =
  | { name: 'login' }
  | { name: 'flows' }
  | { name: 'editor'; flowId: string }
  | { name: 'flowRuns'; flowId: string }
  | { name: 'runs' }
  | { name: 'run'; runId: string }
  | { name: 'dashboard' }
  | { name: 'admin' }
  | { name: 'approvals' }
  | { name: 'adminUsers' }
  | { name: 'adminAudit' }
  | { name: 'calendars' }
  | { name: 'demoOutbox' }
  | { name: 'tables' }
  | { name: 'table'; tableId: string }
  | { name: 'tableReport'; tableId: string }
  | { name: 'notFound' };

export function matchRoute(path: string): Route {
  const clean = path.replace(/\/+$/, '') || '/';
  if (clean === '/login') return { name: 'login' };
  if (clean === '/' || clean === '/flows') return { name: 'flows' };
  if (clean === '/admin' || clean === '/admin/connectors') return { name: 'admin' };
  if (clean === '/approvals') return { name: 'approvals' };
  if (clean === '/admin/users') return { name: 'adminUsers' };
  if (clean === '/admin/audit') return { name: 'adminAudit' };
  if (clean === '/admin/calendars') return { name: 'calendars' };
  if (clean === '/demo/outbox') return { name: 'demoOutbox' };
  if (clean === '/runs') return { name: 'runs' };
  if (clean === '/dashboard') return { name: 'dashboard' };
  if (clean === '/tables') return { name: 'tables' };
  const report = /^\/tables\/([^/]+)\/report$/.exec(clean);
  if (report) return { name: 'tableReport', tableId: decodeURIComponent(report[1]) };
  const table = /^\/tables\/([^/]+)$/.exec(clean);
  if (table) return { name: 'table', tableId: decodeURIComponent(table[1]) };
  const run = /^\/runs\/([^/]+)$/.exec(clean);
  if (run) return { name: 'run', runId: decodeURIComponent(run[1]) };
  const runs = /^\/flows\/([^/]+)\/runs$/.exec(clean);
  if (runs) return { name: 'flowRuns', flowId: decodeURIComponent(runs[1]) };
  const editor = /^\/flows\/([^/]+)$/.exec(clean);
  if (editor) return { name: 'editor', flowId: decodeURIComponent(editor[1]) };
  return { name: 'notFound' };
}

/** For <a href> links: plain clicks navigate in the app, modified clicks open a tab as usual. */
export function linkHandler(to: string) {
  return (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
}

/** Where the old per-flow runs page (`/flows/:id/runs[?run=…]`) lives now: the runs across flows. */
export function flowRunsRedirect(flowId: string, search: URLSearchParams): string {
  const run = search.get('run');
  if (run) return `/runs/${encodeURIComponent(run)}`;
  return `/runs?${new URLSearchParams({ flowId }).toString()}`;
}
