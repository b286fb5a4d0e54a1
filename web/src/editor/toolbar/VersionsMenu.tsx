import { useCallback, useEffect, useRef, useState } from 'react';
import { useDismiss } from '../../components/useDismiss';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { flowsApi } from '../../api/endpoints';
import type { FlowVersion } from '../../api/types';
import { Button } from '../../components/Button';
import { confirmAction, toast } from '../../components/feedback';
import { humanError } from '../../lib/errors';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useEditor } from '../store/editorStore';
import { flushSave } from '../useAutosave';
import { VersionDiff } from './VersionDiff';

export function VersionsMenu() {
  const { t } = useTranslation();
  const flowId = useEditor((s) => s.flowId)!;
  const readOnly = useEditor((s) => s.readOnly);
  const publishedVersion = useEditor((s) => s.publishedVersion);
  const me = useSession((s) => s.user);
  const [open, setOpen] = useState(false);
  const [versions, setVersions] = useState<FlowVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [comparing, setComparing] = useState<{ from: number; to: number | 'draft' } | null>(null);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    flowsApi.versions(flowId).then((list) => setVersions([...list].sort((a, b) => b.version - a.version)), (err) => setError(humanError(err)));
  }, [open, flowId, publishedVersion]);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  const who = (v: FlowVersion) => (!v.publishedBy ? t('versions.system') : v.publishedBy === me?.id || v.publishedBy === me?.email ? t('versions.you') : v.publishedBy);

  const restore = async (version: number) => {
    const ok = await confirmAction({ title: t('versions.restoreTitle', { version }), message: t('versions.restoreText', { version }), confirmLabel: t('versions.restore') });
    if (!ok) return;
    try {
      await flushSave();
      const flow = await flowsApi.restore(flowId, version);
      useEditor.getState().replaceGraph(flow);
      toast(t('versions.restored', { version }));
      setOpen(false);
    } catch (err) {
      toast(humanError(err), 'error');
    }
  };

  return (
    <div className="popover-root" ref={root}>
      <Button icon="history" onClick={() => setOpen(!open)} data-testid="versions" aria-expanded={open} title={t('versions.title')}>
        <span className="btn-label">{t('versions.button')}</span>
      </Button>
      {open && (
        <div className="popover popover-right versions-popover" role="dialog" aria-label={t('versions.title')}>
          <h3 className="popover-title">{t('versions.title')}</h3>
          {error && <div className="form-error">{error}</div>}
          {!versions && !error && <div className="muted"><span className="spinner" /> {t('common.loading')}</div>}
          {versions?.length === 0 && <p className="muted">{t('versions.none')}</p>}
          <ul className="version-list">
            {versions?.map((v) => (
              <li key={v.id} className="version-item" data-testid="version-item" data-version={v.version}>
                <div className="version-main">
                  <strong>v{v.version}</strong>
                  {v.version === publishedVersion && <span className="pill pill-published">{t('versions.live')}</span>}
                  <span className="muted version-meta" title={formatDateTime(v.createdAt)}>
                    {t('versions.by', { who: who(v), when: formatRelative(v.createdAt) })}
                  </span>
                </div>
                {v.note && <p className="version-note" data-testid="version-note">{v.note}</p>}
                <div className="version-actions">
                  {v.version > 1 && (
                    <Button size="sm" variant="ghost" onClick={() => { setComparing({ from: v.version - 1, to: v.version }); setOpen(false); }} data-testid="version-changes">
                      {t('versions.changes')}
                    </Button>
                  )}
                  <Button size="sm" variant="ghost" onClick={() => { setComparing({ from: v.version, to: 'draft' }); setOpen(false); }} data-testid="version-vs-draft">
                    {t('versions.vsDraft')}
                  </Button>
                  {!readOnly && (
                    <Button size="sm" variant="ghost" icon="undo" onClick={() => void restore(v.version)} data-testid="version-restore">
                      {t('versions.restore')}
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
      {comparing && <VersionDiff flowId={flowId} from={comparing.from} to={comparing.to} onClose={() => setComparing(null)} />}
    </div>
  );
}
