import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flowsApi, runsApi } from '../../api/endpoints';
import type { CatalogEntry, RunDetail, RunStep } from '../../api/types';
import { Button } from '../../components/Button';
import { toast } from '../../components/feedback';
import { humanError } from '../../lib/errors';
import { prettyJson } from '../../lib/format';
import { useEditor } from '../store/editorStore';
import { useRuns } from '../store/runStore';
import { flushSave } from '../useAutosave';

const isTruncated = (value: unknown) => typeof value === 'object' && value !== null && (value as { $truncated?: unknown }).$truncated === true;

/** The typed text as JSON, or why it is not. */
function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * A pinned output typed by hand, as JSON: for a node that has not run yet (or should answer
 * otherwise than it did), so a test run never has to call the remote system for it.
 */
function PinEditor({ nodeId, initial, onDone }: { nodeId: string; initial: unknown; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => prettyJson(initial ?? {}));
  const parsed = parseJson(text);
  const error = 'error' in parsed ? t('steps.pinBadJson', { reason: parsed.error }) : null;
  const save = () => {
    if ('error' in parsed) return;
    useEditor.getState().setPinnedOutput(nodeId, parsed.value);
    onDone();
  };
  return (
    <div className="step-wake" data-testid="pin-editor">
      <label className="form-field">
        <span className="form-label">{t('steps.pinJson')}</span>
        <textarea className={error ? 'code-input invalid' : 'code-input'} rows={6} spellCheck={false} value={text} aria-invalid={!!error}
          onChange={(e) => setText(e.target.value)} data-testid="pin-json" />
      </label>
      {error && <div className="field-error" role="alert" data-testid="pin-json-error">{error}</div>}
      <div className="step-actions">
        <Button size="sm" variant="primary" icon="pin" disabled={!!error} onClick={save} data-testid="pin-json-save">{t('steps.pinSave')}</Button>
        <Button size="sm" onClick={onDone}>{t('common.cancel')}</Button>
      </div>
    </div>
  );
}

/**
 * What an analyst does with a node while testing: pin the output it gave or type one (test runs
 * then use it instead of calling the remote system), start a test run from it, or end its wait by hand.
 */
export function TestRunActions({ nodeId, entry, run, steps, editable }: {
  nodeId: string;
  entry: CatalogEntry | undefined;
  run: RunDetail | null;
  steps: RunStep[] | undefined;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const pinned = useEditor((s) => s.nodes.find((n) => n.id === nodeId)?.data.pinnedOutput);
  const flowId = useEditor((s) => s.flowId);
  const [eventText, setEventText] = useState('{}');
  const [busy, setBusy] = useState(false);
  const [typing, setTyping] = useState(false);
  const step = steps?.at(-1);
  const pinnable = editable && !!entry && entry.kind !== 'trigger' && entry.kind !== 'loop';
  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await what();
      toast(done, 'info');
    } catch (error) {
      toast(humanError(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  const runFrom = () => act(async () => {
    if (!(await flushSave())) throw new Error(t('testRun.notSaved'));
    const { runId } = await flowsApi.runFrom(flowId!, { runId: run!.id, nodeId });
    useRuns.getState().selectRun(runId, false);
    useRuns.getState().refresh();
  }, t('steps.runFromStarted'));

  const wake = (withEvent: boolean) => act(async () => {
    const data = withEvent ? JSON.parse(eventText.trim() || '{}') as unknown : undefined;
    await runsApi.wake(run!.id, step!.id, withEvent ? { data } : undefined);
    useRuns.getState().refresh();
  }, t('steps.woken'));

  return (
    <div data-testid="test-run-actions">
      {pinned !== undefined && (
        <div className="banner banner-info" data-testid="pinned-output">
          <p>{t('steps.pinned')}</p>
          {editable && (
            <div className="step-actions">
              {pinnable && !typing && <Button size="sm" onClick={() => setTyping(true)} data-testid="pin-edit">{t('steps.pinEdit')}</Button>}
              <Button size="sm" onClick={() => useEditor.getState().setPinnedOutput(nodeId, undefined)} data-testid="unpin-output">{t('steps.unpin')}</Button>
            </div>
          )}
        </div>
      )}
      {typing && pinnable && <PinEditor nodeId={nodeId} initial={pinned ?? (step?.status === 'succeeded' && !isTruncated(step.output) ? step.output : undefined)} onDone={() => setTyping(false)} />}
      <div className="step-actions">
        {pinnable && pinned === undefined && step?.status === 'succeeded' && !isTruncated(step.output) && (
          <Button size="sm" icon="pin" onClick={() => useEditor.getState().setPinnedOutput(nodeId, step.output)} data-testid="pin-output">{t('steps.pin')}</Button>
        )}
        {pinnable && pinned === undefined && !typing && (
          <Button size="sm" icon="code" onClick={() => setTyping(true)} data-testid="pin-type">{t('steps.pinType')}</Button>
        )}
        {editable && run?.isTest && entry && entry.kind !== 'trigger' && flowId && (
          <Button size="sm" icon="play" busy={busy} onClick={() => void runFrom()} data-testid="run-from-here">{t('steps.runFrom')}</Button>
        )}
      </div>
      {editable && run?.isTest && step?.status === 'waiting' && step.id && (
        <div className="step-wake" data-testid="wake-step">
          <p className="muted small">{t('steps.waitingTest')}</p>
          <label className="form-field">
            <span className="form-label">{t('steps.eventData')}</span>
            <textarea className="code-input" rows={3} spellCheck={false} value={eventText} onChange={(e) => setEventText(e.target.value)} data-testid="wake-event-data" />
          </label>
          <div className="step-actions">
            <Button size="sm" variant="primary" busy={busy} onClick={() => void wake(true)} data-testid="send-event">{t('steps.sendEvent')}</Button>
            <Button size="sm" busy={busy} onClick={() => void wake(false)} data-testid="fire-timeout">{t('steps.fireNow')}</Button>
          </div>
        </div>
      )}
    </div>
  );
}
