import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import { runsApi } from '../../api/endpoints';
import type { RunDetail } from '../../api/types';
import { Button } from '../../components/Button';
import { toast } from '../../components/feedback';
import { isTruncated } from '../../components/json/jsonPath';
import { Modal } from '../../components/Modal';
import { humanError } from '../../lib/errors';
import { parsePayload } from './runPath';

/** "Retry with edited input": the trigger's output as JSON to edit, then a new run of the same version. */
export function RerunDialog({ run, onClose }: { run: RunDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const trigger = run.steps.find((s) => s.nodeId === run.triggerNodeId) ?? run.steps[0];
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stopped = false;
    const show = (value: unknown) => !stopped && setText(JSON.stringify(value ?? {}, null, 2));
    if (trigger && isTruncated(trigger.output)) runsApi.step(run.id, trigger.id).then((s) => show(s.output), (err) => !stopped && setProblem(humanError(err)));
    else show(trigger?.output);
    return () => {
      stopped = true;
    };
  }, [run.id, trigger]);

  const submit = async () => {
    const parsed = parsePayload(text ?? '');
    if ('problem' in parsed) {
      setProblem(t(`runView.payload_${parsed.problem}`));
      return;
    }
    setBusy(true);
    try {
      const { runId } = await runsApi.rerun(run.id, parsed.payload);
      toast(t('runView.rerunStarted'));
      onClose();
      navigate(`/runs/${runId}`);
    } catch (err) {
      setProblem(humanError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={t('runView.rerunTitle')} onClose={onClose} width={640} testId="rerun-dialog"
      footer={<>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="primary" icon="play" busy={busy} disabled={text === null} onClick={() => void submit()} data-testid="rerun-start">{t('runView.rerunStart')}</Button>
      </>}>
      <p className="muted small">{t('runView.rerunText')}</p>
      {text === null && !problem ? <span className="spinner" /> : (
        <textarea className="code-input" rows={16} value={text ?? ''} onChange={(e) => { setText(e.target.value); setProblem(null); }} spellCheck={false}
          aria-label={t('runView.rerunPayload')} data-testid="rerun-payload" />
      )}
      {problem && <div className="form-error" data-testid="rerun-problem">{problem}</div>}
    </Modal>
  );
}
