import '../../styles/ops.css';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linkHandler, navigate, useLocation } from '../../app/router';
import { usePermissions } from '../../app/session';
import { flowsApi, runsApi } from '../../api/endpoints';
import type { GraphEdge, GraphNode, RunDetail, WaitingFor } from '../../api/types';
import { Button } from '../../components/Button';
import { confirmAction, toast } from '../../components/feedback';
import { Icon } from '../../components/Icon';
import { StatusBadge } from '../../components/StatusBadge';
import { lookupEntry, useCatalog } from '../../editor/store/catalogStore';
import { useCatalogText } from '../../i18n/catalog';
import { humanError } from '../../lib/errors';
import { formatDateTime, formatMs, itemIndex } from '../../lib/format';
import { RerunDialog } from './RerunDialog';
import { RunCanvas } from './RunCanvas';
import { foldSteps, stepTitle, takenPath } from './runPath';
import { isActive } from './runFilter';
import { RemoteError, RunTimeline } from './RunTimeline';
import { useRunStream } from './useRunStream';

const POLL_MS = 2000;

function WaitingPanel({ run, waits, titleOf, onFired }: { run: RunDetail; waits: WaitingFor[]; titleOf: (nodeId: string) => string; onFired: () => void }) {
  const { t } = useTranslation();
  const { isAdmin, canEdit } = usePermissions();
  // Admins fire a live run's wait; the editor's people may wake their test runs (the server says the same).
  const mayFire = isAdmin || (canEdit && !!run.isTest);
  const fire = async (wait: WaitingFor) => {
    const ok = await confirmAction({ title: t('runView.fireNowTitle'), message: t('runView.fireNowText', { node: titleOf(wait.nodeId) }), confirmLabel: t('runView.fireNow') });
    if (!ok) return;
    try {
      await runsApi.wake(run.id, wait.stepId);
      toast(t('steps.woken'));
      onFired();
    } catch (err) {
      toast(humanError(err), 'error');
    }
  };
  return (
    <div className="card run-waiting" data-testid="run-waiting">
      <h3><Icon name="clock" /> {t('runView.waitingTitle')}</h3>
      <ul>
        {waits.map((w) => (
          <li key={w.stepId} data-testid="run-wait" data-kind={w.kind}>
            <strong>{titleOf(w.nodeId)}</strong>{' — '}
            {t(`runView.waitKind.${w.kind}`)}
            {w.eventType && <> <code>{w.eventType}</code></>}
            {w.eventKey && <> {t('runView.waitKey')} <code>{w.eventKey}</code></>}
            {' · '}
            {w.until ? t('runView.waitUntil', { at: formatDateTime(w.until) }) : t('runView.waitForever')}
            {mayFire && <Button size="sm" icon="bolt" onClick={() => void fire(w)} data-testid="run-fire-now">{t('runView.fireNow')}</Button>}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function RunPage({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const { search } = useLocation();
  const { canOperateRuns } = usePermissions();
  const byType = useCatalog((s) => s.byType);
  const [run, setRun] = useState<RunDetail | null>(null);
  const [fallbackGraph, setFallbackGraph] = useState<{ nodes: GraphNode[]; edges: GraphEdge[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [rerun, setRerun] = useState(false);
  const [busy, setBusy] = useState(false);
  const openStep = search.get('step');
  const item = search.get('item');

  const load = useCallback(async () => {
    try {
      const detail = await runsApi.get(runId);
      setRun(detail);
      setError(null);
    } catch (err) {
      setError(humanError(err));
    }
  }, [runId]);

  useEffect(() => {
    void load();
    if (!useCatalog.getState().loaded) void useCatalog.getState().load();
  }, [load]);

  const live = useRunStream(`ids=${encodeURIComponent(runId)}`, useCallback((event) => {
    if (event.id === runId) void load();
  }, [runId, load]), useCallback((id: string) => {
    // Read again: the page then says the run is not there.
    if (id === runId) void load();
  }, [runId, load]));
  const active = !!run && isActive(run.status);
  // The stream tells of changes after it opened; what changed before is read again now.
  useEffect(() => {
    if (live) void load();
  }, [live, load]);
  useEffect(() => {
    if (live || !active) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [live, active, load]);

  // A server without the run's graph in its read: show the flow's current draft instead.
  useEffect(() => {
    if (!run || run.graph) return;
    flowsApi.get(run.flowId).then((f) => setFallbackGraph(f.graph), () => setFallbackGraph({ nodes: [], edges: [] }));
  }, [run]);

  // Sub-flow runs come without their flow's name: the flows list has it.
  const [flowNames, setFlowNames] = useState<Map<string, string>>(new Map());
  const needNames = !!run?.children?.some((c) => !c.flowName);
  useEffect(() => {
    if (needNames) flowsApi.list().then((flows) => setFlowNames(new Map(flows.map((f) => [f.id, f.name]))), () => undefined);
  }, [needNames]);

  const graph = run?.graph ?? fallbackGraph;
  const nodes = useMemo(() => new Map((graph?.nodes ?? []).map((n) => [n.id, n])), [graph]);
  const titleOf = useCallback((nodeId: string) => stepTitle(nodeId, nodes, (type) => {
    const entry = byType[type];
    return entry ? ct.nodeTitle(entry.type, entry.title) : undefined;
  }), [nodes, byType, ct]);
  const portOf = useCallback((nodeId: string, port: string) => {
    const type = nodes.get(nodeId)?.type;
    return ct.port(type ? lookupEntry(type) : undefined, port);
  }, [nodes, ct]);
  const steps = useMemo(() => foldSteps(run?.steps ?? []), [run]);
  const items = useMemo(() => [...new Set(steps.map((s) => s.iterationPath ?? '0').filter((p) => p !== '0'))], [steps]);
  const shownSteps = useMemo(() => (item ? steps.filter((s) => (s.iterationPath ?? '0') === item || (s.iterationPath ?? '0') === '0') : steps), [steps, item]);
  const loops = useMemo(() => new Set((graph?.nodes ?? []).filter((n) => byType[n.type]?.kind === 'loop').map((n) => n.id)), [graph, byType]);
  const path = useMemo(() => takenPath(graph?.edges ?? [], item ? shownSteps : steps, loops), [graph, steps, shownSteps, item, loops]);

  const setQuery = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v); else next.delete(k);
    const text = next.toString();
    navigate(`/runs/${encodeURIComponent(runId)}${text ? `?${text}` : ''}`, { replace: true });
  };
  const onNodeClick = (nodeId: string) => {
    const step = [...shownSteps].reverse().find((s) => s.nodeId === nodeId);
    if (!step) return;
    setQuery({ step: step.id });
    requestAnimationFrame(() => document.getElementById(`step-${step.id}`)?.scrollIntoView({ block: 'nearest' }));
  };

  const operate = async (action: 'retry' | 'cancel') => {
    if (action === 'cancel' && !(await confirmAction({ title: t('runs.cancel'), message: t('runView.cancelText'), danger: true, confirmLabel: t('runs.cancel') }))) return;
    setBusy(true);
    try {
      await runsApi[action](runId);
      toast(t(action === 'retry' ? 'runs.retried' : 'runs.cancelled'));
      await load();
    } catch (err) {
      toast(humanError(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  if (error && !run) return <div className="page"><div className="banner banner-error" data-testid="run-error-page">{error}</div><a href="/runs" onClick={linkHandler('/runs')}>{t('runView.backToRuns')}</a></div>;
  if (!run) return <div className="page-loading"><span className="spinner" /> {t('common.loading')}</div>;
  const failedStep = [...steps].reverse().find((s) => s.status === 'failed' && s.error);
  const runError = run.error && (run.error.status !== undefined || run.error.body !== undefined || run.error.details !== undefined || !failedStep?.error) ? run.error : failedStep?.error ?? run.error;
  const finished = !isActive(run.status);
  const editorHref = `/flows/${run.flowId}?run=${run.id}`;

  return (
    <div className="page page-wide run-page" data-testid="run-detail" data-run-id={run.id} data-status={run.status}>
      <div className="page-header">
        <div>
          <a href="/runs" onClick={linkHandler('/runs')} className="link-button"><Icon name="chevronLeft" /> {t('runList.title')}</a>
          <h1 className="run-title">
            <StatusBadge status={run.status} testId="run-status" />
            <span data-testid="run-flow-name">{run.flowName ?? t('runView.run')}</span>
            {run.businessKey && <span className="run-key" data-testid="run-business-key">#{run.businessKey}</span>}
            {run.isTest ? <span className="pill">{t('runList.test')}</span> : run.version ? <span className="pill">v{run.version}</span> : null}
          </h1>
        </div>
        <div className="page-actions">
          <span className={live ? 'live-dot live-on' : 'live-dot'} data-testid="run-live" data-live={live ? 'true' : 'false'}>{t(live ? 'runList.live' : 'runList.notLive')}</span>
          {canOperateRuns && run.status === 'failed' && <Button variant="primary" icon="refresh" busy={busy} onClick={() => void operate('retry')} data-testid="run-retry">{t('runView.retryFailed')}</Button>}
          {canOperateRuns && finished && run.steps.length > 0 && !run.parentRunId && <Button icon="edit" onClick={() => setRerun(true)} data-testid="run-rerun">{t('runView.rerun')}</Button>}
          {canOperateRuns && !finished && <Button icon="stop" busy={busy} onClick={() => void operate('cancel')} data-testid="run-cancel">{t('runs.cancel')}</Button>}
          <a className="btn btn-secondary btn-md" href={editorHref} onClick={linkHandler(editorHref)} data-testid="run-open-flow"><Icon name="flow" /> {t('runView.openFlow')}</a>
        </div>
      </div>

      <dl className="run-facts">
        <div><dt>{t('runs.started')}</dt><dd>{formatDateTime(run.startedAt ?? run.createdAt)}</dd></div>
        <div><dt>{t('runView.finished')}</dt><dd>{formatDateTime(run.finishedAt)}</dd></div>
        <div><dt>{t('runs.duration')}</dt><dd data-testid="run-duration">{formatMs(run.durationMs ?? (run.startedAt && run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null))}</dd></div>
        <div><dt>{t('runList.trigger')}</dt><dd>{run.triggerType ? ct.nodeTitle(run.triggerType, byType[run.triggerType]?.title ?? run.triggerType) : '—'}</dd></div>
        <div><dt>{t('runs.id')}</dt><dd><code>{run.id}</code></dd></div>
      </dl>

      {(run.parentRunId || run.retryOf || (run.children?.length ?? 0) > 0) && (
        <div className="run-links" data-testid="run-links">
          {run.parentRunId && <a href={`/runs/${run.parentRunId}`} onClick={linkHandler(`/runs/${run.parentRunId}`)} data-testid="run-parent"><Icon name="chevronLeft" /> {t('runView.parentRun')}</a>}
          {run.retryOf && <a href={`/runs/${run.retryOf}`} onClick={linkHandler(`/runs/${run.retryOf}`)} data-testid="run-retry-of">{t('runView.retryOf')}</a>}
          {run.children?.map((c) => (
            <a key={c.id} href={`/runs/${c.id}`} onClick={linkHandler(`/runs/${c.id}`)} data-testid="run-child" className="run-child-link">
              <StatusBadge status={c.status} /> {t('runView.childRun', { name: c.flowName ?? (c.flowId && flowNames.get(c.flowId)) ?? c.id.slice(0, 8) })}{c.parentNodeId ? ` · ${titleOf(c.parentNodeId)}` : ''}
            </a>
          ))}
        </div>
      )}

      {run.status === 'failed' && runError && (
        <div className="card run-error-card" data-testid="run-error">
          <h3><Icon name="alert" /> {t('runView.errorTitle', { node: runError.nodeId ? titleOf(runError.nodeId) : failedStep ? titleOf(failedStep.nodeId) : '—' })}</h3>
          <RemoteError error={runError} testId="run-remote-error" />
        </div>
      )}
      {run.status === 'waiting' && (run.waitingFor?.length ?? 0) > 0 && <WaitingPanel run={run} waits={run.waitingFor!} titleOf={titleOf} onFired={() => void load()} />}

      <div className="run-body">
        <div className="card run-canvas-card">
          {graph ? <RunCanvas graph={graph} path={path} onNodeClick={onNodeClick} /> : <div className="page-loading"><span className="spinner" /></div>}
        </div>
        <div className="card run-timeline-card">
          <div className="run-timeline-head">
            <h3>{t('runView.timeline')}</h3>
            {items.length > 0 && (
              <select value={item ?? ''} onChange={(e) => setQuery({ item: e.target.value || null, step: null })} aria-label={t('runView.loopItem')} data-testid="run-item-filter">
                <option value="">{t('runView.allItems')}</option>
                {items.map((p) => <option key={p} value={p}>{t('steps.itemShort', { n: itemIndex(p) })}</option>)}
              </select>
            )}
          </div>
          <RunTimeline runId={run.id} steps={shownSteps} titleOf={titleOf} portOf={portOf} open={openStep} onOpen={(id) => setQuery({ step: id })} />
        </div>
      </div>
      {rerun && <RerunDialog run={run} onClose={() => setRerun(false)} />}
    </div>
  );
}
