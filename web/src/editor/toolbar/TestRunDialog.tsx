import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../../api/endpoints';
import { Button } from '../../components/Button';
import { toast } from '../../components/feedback';
import { Modal } from '../../components/Modal';
import { useCatalogText } from '../../i18n/catalog';
import { humanError } from '../../lib/errors';
import { prettyJson } from '../../lib/format';
import { lookupEntry } from '../store/catalogStore';
import { useEditor } from '../store/editorStore';
import { useRuns } from '../store/runStore';
import { flushSave } from '../useAutosave';


type Source = 'sample' | 'last';

export function TestRunDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const triggerTitle = (type: string) => {
    const entry = lookupEntry(type);
    return entry && ct.nodeTitle(type, entry.title);
  };
  const flowId = useEditor((s) => s.flowId)!;
  const samples = useEditor((s) => s.samples);
  const trigger = useEditor((s) => {
    const triggers = s.nodes.filter((n) => lookupEntry(n.data.type)?.kind === 'trigger');
    return triggers.find((n) => n.data.type === 'core.manual') ?? triggers[0];
  });
  const payloads = useMemo(() => {
    const sample = trigger ? lookupEntry(trigger.data.type)?.sampleOutput ?? {} : {};
    const last = trigger && Object.hasOwn(samples, trigger.id) ? samples[trigger.id] : undefined;
    return { sample: prettyJson(sample), last: last === undefined ? undefined : prettyJson(last) };
  }, [trigger, samples]);
  const [source, setSource] = useState<Source>(payloads.last !== undefined ? 'last' : 'sample');
  const [text, setText] = useState(payloads.last ?? payloads.sample);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Nodes that would create or send something for real: listed, and run only when the analyst agrees.
  const realNodes = useEditor(useShallow((s) => s.nodes
    .filter((n) => n.data.pinnedOutput === undefined && lookupEntry(n.data.type)?.sideEffects)
    .map((n) => n.data.name || ct.nodeTitle(n.data.type, lookupEntry(n.data.type)?.title ?? n.data.type))));
  const [confirmed, setConfirmed] = useState(false);

  const pick = (next: Source) => {
    setSource(next);
    setText((next === 'last' ? payloads.last : payloads.sample) ?? '{}');
    setError(null);
  };

  const start = async () => {
    let payload: unknown;
    try {
      payload = text.trim() ? JSON.parse(text) : {};
    } catch (err) {
      setError(t('testRun.badJson', { reason: (err as Error).message }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (!(await flushSave())) throw new Error(t('testRun.notSaved'));
      const { runId } = await flowsApi.run(flowId, payload);
      useRuns.getState().selectRun(runId, false);
      useRuns.getState().refresh();
      toast(t('testRun.started'), 'info');
      onClose();
    } catch (err) {
      setError(humanError(err));
      setBusy(false);
    }
  };

  return (
    <Modal title={t('testRun.title')} onClose={onClose} width={560} testId="test-run-dialog"
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" icon="play" busy={busy} onClick={() => void start()} data-testid="test-run-start" disabled={!trigger || (realNodes.length > 0 && !confirmed)}>
            {t('testRun.start')}
          </Button>
        </>
      }>
      {!trigger && <div className="banner banner-warning">{t('testRun.noTrigger')}</div>}
      {trigger && (
        <p className="muted">{t('testRun.explain', { node: trigger.data.name || triggerTitle(trigger.data.type) || trigger.id })}</p>
      )}
      <div className="segmented" role="radiogroup" aria-label={t('testRun.source')}>
        <button type="button" role="radio" aria-checked={source === 'sample'} className={source === 'sample' ? 'active' : ''} onClick={() => pick('sample')}>
          {t('testRun.sample')}
        </button>
        <button type="button" role="radio" aria-checked={source === 'last'} className={source === 'last' ? 'active' : ''} onClick={() => pick('last')}
          disabled={payloads.last === undefined} title={payloads.last === undefined ? t('testRun.noLast') : undefined}>
          {t('testRun.last')}
        </button>
      </div>
      <label className="form-field">
        <span className="form-label">{t('testRun.payload')}</span>
        <textarea className="code-input" rows={14} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} data-testid="test-payload" />
      </label>
      {realNodes.length > 0 && (
        <div className="banner banner-warning" data-testid="test-run-side-effects">
          <p>{t('testRun.sideEffects', { count: realNodes.length, nodes: realNodes.join(', ') })}</p>
          <label className="checkbox">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="test-run-confirm-real" />
            {t('testRun.confirmReal')}
          </label>
        </div>
      )}
      {error && <div className="form-error" role="alert" data-testid="test-run-error">{error}</div>}
    </Modal>
  );
}
