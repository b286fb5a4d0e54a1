import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunStep } from '../../api/types';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDuration, itemIndex, prettyJson } from '../../lib/format';

function Block({ title, value, testId, kind }: { title: string; value: unknown; testId: string; kind?: 'error' }) {
  const { t } = useTranslation();
  const empty = value === null || value === undefined;
  return (
    <section className={`step-block ${kind === 'error' ? 'step-block-error' : ''}`}>
      <h4>{title}</h4>
      <pre className="step-json" data-testid={testId}>{empty ? t('steps.nothing') : typeof value === 'string' ? value : prettyJson(value)}</pre>
    </section>
  );
}

/** What one node did in the selected run: status, attempts, resolved input, output and error. */
export function StepDetails({ steps, nodeStatus, portLabel = (port) => port }: {
  steps: RunStep[] | undefined;
  nodeStatus: string;
  /** The port's label in the UI language. */
  portLabel?: (port: string) => string;
}) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState<number | null>(null);
  if (!steps?.length) {
    return (
      <div className="step-details" data-testid="step-details" data-status={nodeStatus}>
        <div className="step-head">
          <span data-testid="step-status"><StatusBadge status={nodeStatus === 'idle' ? 'notReached' : nodeStatus} /></span>
        </div>
        <p className="muted small">{t('steps.notReached')}</p>
      </div>
    );
  }
  const index = attempt ?? steps.length - 1;
  const step = steps[Math.min(index, steps.length - 1)];
  return (
    <div className="step-details" data-testid="step-details" data-status={step.status}>
      <div className="step-head">
        <span data-testid="step-status" data-status={step.status}><StatusBadge status={step.status} /></span>
        {step.port && <span className="pill">{t('steps.port', { port: portLabel(step.port) })}</span>}
        <span className="muted small">{formatDuration(step.startedAt, step.finishedAt)}</span>
        {steps.length > 1 && (
          <span className="attempts" role="group" aria-label={t('steps.attempt')}>
            {steps.map((s, i) => (
              <button key={i} type="button" className={`attempt attempt-${s.status} ${i === index ? 'active' : ''}`} aria-pressed={i === index}
                title={itemIndex(s.iterationPath) === null ? t('steps.attemptN', { n: s.attempt, status: t(`status.${s.status}`) }) : t('steps.itemN', { n: itemIndex(s.iterationPath), attempt: s.attempt, status: t(`status.${s.status}`) })}
                onClick={() => setAttempt(i)}>
                {itemIndex(s.iterationPath) === null ? s.attempt : `#${itemIndex(s.iterationPath)}`}
              </button>
            ))}
          </span>
        )}
      </div>
      {step.error && <Block title={t('steps.error')} value={step.error.message ?? step.error} testId="step-error" kind="error" />}
      {!step.error && <div data-testid="step-error" hidden />}
      <Block title={t('steps.input')} value={step.input} testId="step-input" />
      <Block title={t('steps.output')} value={step.output} testId="step-output" />
    </div>
  );
}
