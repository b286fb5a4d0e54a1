import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linkHandler } from '../../app/router';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { layoutPositions } from '../graph/layout';
import { useEditor } from '../store/editorStore';
import { estimateNodeHeight } from '../graph/estimate';
import { useReadableFit } from '../canvas/readableFit';
import { ProblemsMenu } from './ProblemsMenu';
import { PublishDialog } from './PublishDialog';
import { TestRunDialog } from './TestRunDialog';
import { VersionsMenu } from './VersionsMenu';
import { FlowSettings } from './FlowSettings';

function SaveStatus() {
  const { t } = useTranslation();
  const state = useEditor((s) => s.saveState);
  const error = useEditor((s) => s.saveError);
  const readOnly = useEditor((s) => s.readOnly);
  if (readOnly) return null;
  return (
    <span className={`save-status save-${state}`} data-testid="save-status" data-state={state} title={error ?? undefined} role="status">
      {state === 'saving' ? <span className="spinner spinner-sm" /> : <Icon name={state === 'saved' ? 'check' : 'alert'} size={14} />}
      {t(`save.${state}`)}
    </span>
  );
}

function NameInput() {
  const { t } = useTranslation();
  const name = useEditor((s) => s.name);
  const readOnly = useEditor((s) => s.readOnly);
  const setName = useEditor((s) => s.setName);
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const commit = () => {
    if (draft.trim()) setName(draft.trim());
    else setDraft(name);
  };
  return (
    <input className="flow-name-input" data-testid="flow-name" value={draft} readOnly={readOnly} aria-label={t('editor.flowName')} maxLength={200}
      onChange={(e) => setDraft(e.target.value)} onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        if (e.key === 'Escape') {
          setDraft(name);
          (e.target as HTMLInputElement).blur();
        }
      }} />
  );
}

export function EditorToolbar() {
  const { t } = useTranslation();
  const fitFlow = useReadableFit();
  const flowId = useEditor((s) => s.flowId)!;
  const readOnly = useEditor((s) => s.readOnly);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const problemCount = useEditor((s) => s.problems.total);
  const saveState = useEditor((s) => s.saveState);
  const publishedVersion = useEditor((s) => s.publishedVersion);
  const [testing, setTesting] = useState(false);
  const [publishing, setPublishing] = useState(false);

  const autoLayout = () => {
    const s = useEditor.getState();
    s.applyLayout(layoutPositions(s.nodes, s.edges, { estimateHeight: estimateNodeHeight }));
    requestAnimationFrame(() => fitFlow());
  };

  const invalid = problemCount > 0;
  return (
    <div className="editor-toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
      <a href="/flows" onClick={linkHandler('/flows')} className="btn btn-ghost btn-sm btn-icon" title={t('editor.back')} aria-label={t('editor.back')}>
        <Icon name="chevronLeft" />
      </a>
      <NameInput />
      <SaveStatus />
      {!readOnly && <ProblemsMenu />}
      <span className="toolbar-spacer" />
      <FlowSettings />
      {!readOnly && (
        <div className="toolbar-group">
          <Button variant="ghost" icon="undo" onClick={() => useEditor.getState().undo()} disabled={!canUndo} title={t('editor.undo')} aria-label={t('editor.undo')} data-testid="undo" />
          <Button variant="ghost" icon="redo" onClick={() => useEditor.getState().redo()} disabled={!canRedo} title={t('editor.redo')} aria-label={t('editor.redo')} data-testid="redo" />
          <Button variant="ghost" icon="layout" onClick={autoLayout} title={t('editor.autoLayout')} aria-label={t('editor.autoLayout')} data-testid="auto-layout" />
        </div>
      )}
      <Button variant="ghost" icon="fit" onClick={() => fitFlow()} title={t('editor.zoomFit')} aria-label={t('editor.zoomFit')} data-testid="zoom-fit" />
      <a href={`/runs?flowId=${flowId}`} onClick={linkHandler(`/runs?flowId=${flowId}`)} className="btn btn-ghost btn-md" data-testid="open-runs">
        <Icon name="list" /> <span className="btn-label">{t('editor.allRuns')}</span>
      </a>
      <VersionsMenu />
      <span className={`pill ${publishedVersion ? 'pill-published' : 'pill-draft'}`} data-testid="published-version" data-version={publishedVersion ?? ''}>
        {publishedVersion ? t('editor.liveVersion', { version: publishedVersion }) : t('editor.notPublished')}
      </span>
      {!readOnly && (
        <>
          <Button icon="play" onClick={() => setTesting(true)} data-testid="test-run">{t('editor.testRun')}</Button>
          <Button variant="primary" icon="rocket" onClick={() => setPublishing(true)}
            disabled={invalid || saveState !== 'saved'} data-testid="publish"
            title={invalid ? t('editor.publishBlocked', { count: problemCount }) : undefined}>
            {t('editor.publish')}
          </Button>
        </>
      )}
      {testing && <TestRunDialog onClose={() => setTesting(false)} />}
      {publishing && <PublishDialog onClose={() => setPublishing(false)} />}
    </div>
  );
}
