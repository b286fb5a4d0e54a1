import { useCallback, useRef, useState } from 'react';
import { useDismiss } from '../../components/useDismiss';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import { Icon } from '../../components/Icon';
import { useEditor } from '../store/editorStore';

export function ProblemsMenu() {
  const { t } = useTranslation();
  const { fitView } = useReactFlow();
  const problems = useEditor((s) => s.problems);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  const focusNode = (nodeId: string) => {
    useEditor.getState().select(nodeId);
    void fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2, padding: 0.6 });
    setOpen(false);
  };

  const list = [...problems.general.map((p) => ({ ...p, nodeId: undefined })), ...Object.values(problems.byNode).flat()];
  const ok = problems.total === 0;
  return (
    <div className="popover-root" ref={root}>
      <button type="button" className={`validation-summary ${ok ? 'ok' : 'bad'}`} data-testid="validation-summary" data-count={problems.total}
        onClick={() => setOpen(!open)} aria-expanded={open}>
        <Icon name={ok ? 'check' : 'alert'} size={14} />
        {ok ? t('validation.ok') : t('validation.count', { count: problems.total })}
      </button>
      {open && !ok && (
        <div className="popover problems-popover" role="dialog" aria-label={t('validation.title')}>
          <h3 className="popover-title">{t('validation.title')}</h3>
          <p className="muted small">{t('validation.explain')}</p>
          <ul className="problem-list">
            {list.map((p, i) => (
              <li key={i}>
                {p.nodeId ? (
                  <button type="button" className="problem-link" onClick={() => focusNode(p.nodeId!)}>
                    <span className="problem-node">{p.nodeId}</span> {p.message}
                  </button>
                ) : (
                  <span className="problem-general">{p.message}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
