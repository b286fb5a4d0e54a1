import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { JsonView } from '../../components/JsonView';
import { toast } from '../../components/feedback';
import type { ExpressionScope } from '../graph/scope';

/** Upstream data this node can use, as trees; clicking a key copies its `{{ }}` expression. */
export function NodeData({ nodeId, scope }: { nodeId: string; scope: ExpressionScope }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const sources = Object.entries(scope.$steps);
  const copy = (path: string) => {
    void navigator.clipboard?.writeText(`{{ ${path} }}`).then(() => toast(t('inspector.copiedPath', { path }), 'info'), () => undefined);
  };
  return (
    <section className="inspector-section node-data">
      <button type="button" className="section-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span>{open ? '▾' : '▸'}</span> {t('inspector.availableData', { count: sources.length })}
      </button>
      {open && (
        <div className="node-data-body">
          {sources.length === 0 && <p className="muted small">{t('inspector.noUpstream')}</p>}
          {sources.map(([id, value]) => (
            <div key={id} className="node-data-source">
              <div className="node-data-title"><code>$steps.{id}</code></div>
              <JsonView value={value} root={`$steps.${id}`} onPick={copy} />
            </div>
          ))}
          {sources.length > 0 && <p className="field-description">{t('inspector.dataHint', { nodeId })}</p>}
        </div>
      )}
    </section>
  );
}
