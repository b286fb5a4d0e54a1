import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linkHandler } from '../../app/router';
import { usePermissions } from '../../app/session';
import { runsApi } from '../../api/endpoints';
import type { FlowView, RunDetail } from '../../api/types';
import { Button } from '../../components/Button';
import { lookupEntry } from '../../editor/store/catalogStore';
import { useCatalogText } from '../../i18n/catalog';
import { toast } from '../../components/feedback';
import { StatusBadge } from '../../components/StatusBadge';
import { humanError } from '../../lib/errors';
import { formatDateTime, formatDuration, itemIndex, prettyJson } from '../../lib/format';

export function RunDetailPane({ runId, flow, onChanged }: { runId: string; flow: FlowView | null; onChanged: () => void }) {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const { canOperateRuns } = usePermissions();
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const load = async () => {
      try {
        const detail = await runsApi.get(runId);
        if (stopped) return;
        setRun(detail);
        if (detail.status === 'queued' || detail.status === 'running') timer = setTimeout(load, 1500);
      } catch (err) {
        if (!stopped) setError(humanError(err));
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId, tick]);

  const operate = async (action: 'retry' | 'cancel') => {
    try {
      await runsApi[action](runId);
      toast(t(action === 'retry' ? 'runs.retried' : 'runs.cancelled'));
      setTick((n) => n + 1);
      onChanged();
    } catch (err) {
      toast(humanError(err), 'error');
    }
  };

  if (error) return <div className="run-detail"><div className="form-error">{error}</div></div>;
  if (!run) return <div className="run-detail muted"><span className="spinner" /> {t('common.loading')}</div>;
  const nameOf = (nodeId: string) => flow?.graph.nodes.find((n) => n.id === nodeId)?.name ?? nodeId;
  // Port labels in the UI language when the catalogue is at hand (it is once the editor was opened).
  const portOf = (nodeId: string, port: string) => {
    const type = flow?.graph.nodes.find((n) => n.id === nodeId)?.type;
    return ct.port(type ? lookupEntry(type) : undefined, port);
  };
  return (
    <div className="run-detail" data-testid="run-detail" data-run-id={run.id}>
      <header className="run-detail-head">
        <StatusBadge status={run.status} />
        {run.businessKey && <span className="run-key">#{run.businessKey}</span>}
        <span className="toolbar-spacer" />
        <a className="btn btn-secondary btn-sm" href={`/flows/${run.flowId}?run=${run.id}`} onClick={linkHandler(`/flows/${run.flowId}?run=${run.id}`)}>
          {t('runs.showOnCanvas')}
        </a>
        {canOperateRuns && run.status === 'failed' && <Button size="sm" icon="refresh" onClick={() => void operate('retry')} data-testid="run-retry">{t('runs.retry')}</Button>}
        {canOperateRuns && ['queued', 'running', 'waiting'].includes(run.status) && (
          <Button size="sm" icon="stop" onClick={() => void operate('cancel')} data-testid="run-cancel">{t('runs.cancel')}</Button>
        )}
      </header>
      <dl className="run-facts">
        <div><dt>{t('runs.started')}</dt><dd>{formatDateTime(run.startedAt ?? run.createdAt)}</dd></div>
        <div><dt>{t('runs.duration')}</dt><dd>{formatDuration(run.startedAt, run.finishedAt)}</dd></div>
        <div><dt>{t('runs.id')}</dt><dd><code>{run.id.slice(0, 8)}</code></dd></div>
      </dl>
      {run.error && <div className="banner banner-error">{run.error.message}</div>}
      <ol className="step-list" data-testid="run-steps">
        {run.steps.map((step, i) => (
          <li key={i} className={`step-row step-${step.status}`} data-testid="run-step" data-node-id={step.nodeId} data-status={step.status}>
            <button type="button" className="step-row-head" onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i}>
              <StatusBadge status={step.status} />
              <span className="step-name">{nameOf(step.nodeId)}</span>
              {itemIndex(step.iterationPath) !== null && <span className="pill" data-testid="step-item">{t('steps.itemShort', { n: itemIndex(step.iterationPath) })}</span>}
              {step.attempt > 1 && <span className="pill">{t('steps.attemptShort', { n: step.attempt })}</span>}
              {step.port && step.port !== 'out' && <span className="pill">{portOf(step.nodeId, step.port)}</span>}
              <span className="muted small">{formatDuration(step.startedAt, step.finishedAt)}</span>
            </button>
            {open === i && (
              <div className="step-row-body">
                {step.error && <><h4>{t('steps.error')}</h4><pre className="step-json step-json-error">{step.error.message}</pre></>}
                <h4>{t('steps.input')}</h4>
                <pre className="step-json">{step.input == null ? t('steps.nothing') : prettyJson(step.input)}</pre>
                <h4>{t('steps.output')}</h4>
                <pre className="step-json">{step.output == null ? t('steps.nothing') : prettyJson(step.output)}</pre>
              </div>
            )}
          </li>
        ))}
        {run.steps.length === 0 && <li className="muted">{t('runs.noSteps')}</li>}
      </ol>
    </div>
  );
}
