import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flowsApi } from '../../api/endpoints';
import type { GraphDiff, GraphEdge } from '../../api/types';
import { Modal } from '../../components/Modal';
import { useCatalogText } from '../../i18n/catalog';
import { humanError } from '../../lib/errors';
import { lookupEntry } from '../store/catalogStore';
import { useEditor } from '../store/editorStore';

const shown = (value: unknown) => (value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));
const edgeText = (e: GraphEdge) => `${e.from}${e.port && e.port !== 'out' ? ` (${e.port})` : ''} → ${e.to}`;

/** What changed between a published version and the one after it, or the draft: nodes, their params, connections. */
export function VersionDiff({ flowId, from, to, onClose }: { flowId: string; from: number; to: number | 'draft'; onClose: () => void }) {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const [diff, setDiff] = useState<GraphDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    flowsApi.diff(flowId, from, to).then(setDiff, (err) => setError(humanError(err)));
  }, [flowId, from, to]);
  // Nodes are named as the canvas names them; removed ones by their id.
  const nameOf = (id: string) => {
    const node = useEditor.getState().nodes.find((n) => n.id === id);
    const entry = node && lookupEntry(node.data.type);
    return node?.data.name || (entry ? ct.nodeTitle(entry.type, entry.title) : id);
  };
  const empty = diff && !diff.added.length && !diff.removed.length && !diff.changed.length && !diff.edgesAdded.length && !diff.edgesRemoved.length && !diff.settings.length;
  const title = to === 'draft' ? t('versions.diffDraft', { from }) : t('versions.diffTitle', { from, to });

  return (
    <Modal title={title} onClose={onClose} width={640} testId="version-diff">
      {error && <div className="form-error">{error}</div>}
      {!diff && !error && <div className="muted"><span className="spinner" /> {t('common.loading')}</div>}
      {empty && <p className="muted" data-testid="diff-empty">{t('versions.diffNone')}</p>}
      {diff && !empty && (
        <div className="version-diff">
          {diff.added.length > 0 && (
            <section data-testid="diff-added"><h4>{t('versions.diffAdded')}</h4>
              <ul>{diff.added.map((id) => <li key={id} className="diff-added">+ {nameOf(id)} <code>{id}</code></li>)}</ul></section>
          )}
          {diff.removed.length > 0 && (
            <section data-testid="diff-removed"><h4>{t('versions.diffRemoved')}</h4>
              <ul>{diff.removed.map((id) => <li key={id} className="diff-removed">− <code>{id}</code></li>)}</ul></section>
          )}
          {diff.changed.length > 0 && (
            <section data-testid="diff-changed"><h4>{t('versions.diffChanged')}</h4>
              {diff.changed.map((node) => (
                <div key={node.nodeId} className="diff-node" data-node-id={node.nodeId}>
                  <strong>{nameOf(node.nodeId)}</strong> <code>{node.nodeId}</code>
                  <table className="diff-table"><tbody>
                    {node.changes.map((c) => (
                      <tr key={c.path}><td><code>{c.path}</code></td><td className="diff-before">{shown(c.before)}</td><td>→</td><td className="diff-after">{shown(c.after)}</td></tr>
                    ))}
                  </tbody></table>
                </div>
              ))}
            </section>
          )}
          {(diff.edgesAdded.length > 0 || diff.edgesRemoved.length > 0) && (
            <section data-testid="diff-edges"><h4>{t('versions.diffEdges')}</h4>
              <ul>
                {diff.edgesAdded.map((e) => <li key={`+${edgeText(e)}`} className="diff-added">+ {edgeText(e)}</li>)}
                {diff.edgesRemoved.map((e) => <li key={`-${edgeText(e)}`} className="diff-removed">− {edgeText(e)}</li>)}
              </ul>
            </section>
          )}
          {diff.settings.length > 0 && (
            <section><h4>{t('versions.diffSettings')}</h4>
              <table className="diff-table"><tbody>
                {diff.settings.map((c) => <tr key={c.path}><td><code>{c.path}</code></td><td className="diff-before">{shown(c.before)}</td><td>→</td><td className="diff-after">{shown(c.after)}</td></tr>)}
              </tbody></table>
            </section>
          )}
        </div>
      )}
    </Modal>
  );
}
