import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runsApi } from '../../api/endpoints';
import type { RunError, RunStep } from '../../api/types';
import { JsonExplorer } from '../../components/json/JsonExplorer';
import { isTruncated } from '../../components/json/jsonPath';
import { StatusBadge } from '../../components/StatusBadge';
import { toast } from '../../components/feedback';
import { humanError } from '../../lib/errors';
import { formatDateTime, formatMs, itemIndex } from '../../lib/format';
import { stepDuration } from './runPath';

/** The remote system's answer (HTTP status and body) when a step's call to it failed. */
export function RemoteError({ error, testId }: { error: RunError; testId?: string }) {
  const { t } = useTranslation();
  const body = error.body !== undefined ? error.body : error.details;
  const hasRemote = error.status !== undefined || body !== undefined;
  return (
    <div className="remote-error" data-testid={testId}>
      <p className="remote-error-message">{error.message}</p>
      {hasRemote && (
        <>
          {error.status !== undefined && <p className="small"><strong>{t('runView.remoteStatus')}</strong> <code data-testid="remote-status">{error.status}</code></p>}
          {body !== undefined && body !== null && (
            <>
              <p className="small"><strong>{t('runView.remoteBody')}</strong></p>
              <JsonExplorer value={body} root="$" testId="remote-body" />
            </>
          )}
        </>
      )}
    </div>
  );
}

function StepBody({ runId, step }: { runId: string; step: RunStep }) {
  const { t } = useTranslation();
  const [whole, setWhole] = useState<RunStep | null>(null);
  const shown = whole ?? step;
  const loadFull = async () => {
    try {
      setWhole(await runsApi.step(runId, step.id));
    } catch (err) {
      toast(humanError(err), 'error');
    }
  };
  const needsFull = isTruncated(step.input) || isTruncated(step.output);
  return (
    <div className="step-row-body">
      {shown.error && <><h4>{t('steps.error')}</h4><RemoteError error={shown.error} testId="step-error" /></>}
      {step.history && step.history.length > 0 && (
        <>
          <h4>{t('runView.history')}</h4>
          <ol className="step-history" data-testid="step-history">
            {step.history.map((h, i) => (
              <li key={i}>
                <StatusBadge status={h.status} />
                <span className="muted small">{t('steps.attemptShort', { n: h.attempt })}</span>
                <span className="small">{formatDateTime(h.startedAt)}</span>
                <span className="muted small">{formatMs(stepDuration(h))}</span>
                {h.error && <span className="small step-history-error">{h.error.message}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
      <h4>{t('steps.input')}</h4>
      {shown.input == null ? <p className="muted small">{t('steps.nothing')}</p> : <JsonExplorer value={shown.input} root="$input" testId="step-input" onLoadFull={needsFull ? loadFull : undefined} />}
      <h4>{t('steps.output')}</h4>
      {shown.output == null ? <p className="muted small">{t('steps.nothing')}</p> : <JsonExplorer value={shown.output} root="$output" testId="step-output" onLoadFull={needsFull ? loadFull : undefined} />}
    </div>
  );
}

/** The run's steps in order, named as on the canvas; one row per node and loop item, expandable. */
export function RunTimeline({ runId, steps, titleOf, portOf, open, onOpen }: {
  runId: string;
  steps: RunStep[];
  titleOf: (nodeId: string) => string;
  portOf: (nodeId: string, port: string) => string;
  open: string | null;
  onOpen: (stepId: string | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <ol className="step-list run-timeline" data-testid="run-steps">
      {steps.map((step) => {
        const item = itemIndex(step.iterationPath);
        const isOpen = open === step.id;
        return (
          <li key={step.id} id={`step-${step.id}`} className={`step-row step-${step.status}${isOpen ? ' open' : ''}`} data-testid="run-step" data-node-id={step.nodeId} data-status={step.status} data-step-id={step.id}>
            <button type="button" className="step-row-head" onClick={() => onOpen(isOpen ? null : step.id)} aria-expanded={isOpen}>
              <StatusBadge status={step.status} />
              <span className="step-name" data-testid="step-name">{titleOf(step.nodeId)}</span>
              {item !== null && <span className="pill" data-testid="step-item">{t('steps.itemShort', { n: item })}</span>}
              {step.attempt > 1 && <span className="pill" data-testid="step-attempt">{t('steps.attemptShort', { n: step.attempt })}</span>}
              {step.history && step.history.length > 0 && <span className="pill" title={t('runView.history')}>{t('runView.historyCount', { count: step.history.length })}</span>}
              {step.port && step.port !== 'out' && <span className="pill">{portOf(step.nodeId, step.port)}</span>}
              <span className="toolbar-spacer" />
              <span className="muted small" data-testid="step-duration">{formatMs(stepDuration(step))}</span>
            </button>
            {isOpen && <StepBody runId={runId} step={step} />}
          </li>
        );
      })}
      {steps.length === 0 && <li className="muted">{t('runs.noSteps')}</li>}
    </ol>
  );
}
