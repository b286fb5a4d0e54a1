import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FeedbackHost } from '../components/feedback';
import { LoginPage } from '../pages/LoginPage';
import { FlowsPage } from '../pages/flows/FlowsPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { flowRunsRedirect, matchRoute, navigate, useLocation } from './router';
import { useSession } from './session';
import { lazyPage } from './lazyPage';
import { Shell } from './Shell';

function Loading() {
  const { t } = useTranslation();
  return <div className="page-loading"><span className="spinner" /> {t('common.loading')}</div>;
}

export const EditorPage = lazyPage(() => import('../editor/EditorPage'), Loading);
const RunsPage = lazyPage(() => import('../pages/runs/RunsPage'), Loading);
const RunPage = lazyPage(() => import('../pages/runs/RunPage'), Loading);
// Chart.js comes with this page's chunk only.
const DashboardPage = lazyPage(() => import('../pages/dashboard/DashboardPage'), Loading);
const AdminPage = lazyPage(() => import('../pages/admin/AdminPage'), Loading);
const ApprovalsPage = lazyPage(() => import('../pages/approvals/ApprovalsPage'), Loading);
const UsersPage = lazyPage(() => import('../pages/admin/UsersPage'), Loading);
const AuditPage = lazyPage(() => import('../pages/admin/AuditPage'), Loading);
const CalendarsPage = lazyPage(() => import('../pages/admin/CalendarsPage'), Loading);
const DemoOutboxPage = lazyPage(() => import('../pages/demo/DemoOutboxPage'), Loading);
const TablesPage = lazyPage(() => import('../pages/tables/TablesPage'), Loading);
const TablePage = lazyPage(() => import('../pages/tables/TablePage'), Loading);
// Chart.js again: the report's own chunk.
const ReportPage = lazyPage(() => import('../pages/tables/ReportPage'), Loading);

// Opening an editor link directly: fetch its code while the session is being checked.
if (/^\/flows\/[^/]+\/?$/.test(window.location.pathname)) void EditorPage.preload();

export function App() {
  const { path } = useLocation();
  const status = useSession((s) => s.status);
  const restore = useSession((s) => s.restore);
  const route = matchRoute(path);

  useEffect(() => {
    void restore();
  }, [restore]);

  const oldRunsOf = route.name === 'flowRuns' ? route.flowId : null;
  useEffect(() => {
    if (status === 'authenticated' && oldRunsOf) navigate(flowRunsRedirect(oldRunsOf, new URLSearchParams(window.location.search)), { replace: true });
  }, [status, oldRunsOf]);

  useEffect(() => {
    if (status === 'anonymous' && route.name !== 'login') {
      // The whole address, query too (?run=…), so signing in lands where the user was.
      const here = path + window.location.search;
      const next = path === '/' ? '' : `?next=${encodeURIComponent(here)}`;
      navigate(`/login${next}`, { replace: true });
    }
    if (status === 'authenticated' && route.name === 'login') {
      const next = new URLSearchParams(window.location.search).get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/flows', { replace: true });
    }
  }, [status, route.name, path]);

  let page;
  if (status === 'loading') page = <Loading />;
  else if (route.name === 'login' || status === 'anonymous') page = <LoginPage />;
  else {
    const content =
      route.name === 'flows' ? <FlowsPage />
      : route.name === 'editor' ? <EditorPage key={route.flowId} flowId={route.flowId} />
      : route.name === 'runs' ? <RunsPage />
      : route.name === 'run' ? <RunPage key={route.runId} runId={route.runId} />
      : route.name === 'dashboard' ? <DashboardPage />
      : route.name === 'flowRuns' ? <Loading />
      : route.name === 'admin' ? <AdminPage />
      : route.name === 'approvals' ? <ApprovalsPage />
      : route.name === 'adminUsers' ? <UsersPage />
      : route.name === 'adminAudit' ? <AuditPage />
      : route.name === 'calendars' ? <CalendarsPage />
      : route.name === 'demoOutbox' ? <DemoOutboxPage />
      : route.name === 'tables' ? <TablesPage />
      : route.name === 'table' ? <TablePage key={route.tableId} tableId={route.tableId} />
      : route.name === 'tableReport' ? <ReportPage key={route.tableId} tableId={route.tableId} />
      : <NotFoundPage />;
    page = (
      <Shell wide={route.name === 'editor'}>
        {content}
      </Shell>
    );
  }
  return (
    <>
      {page}
      <FeedbackHost />
    </>
  );
}
