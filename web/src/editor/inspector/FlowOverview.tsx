import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { localizeProblem } from '../../lib/problems';
import { useEditor } from '../store/editorStore';

const SHORTCUTS: [string, string][] = [
  ['Delete', 'shortcuts.delete'],
  ['Ctrl/⌘ C · V', 'shortcuts.copyPaste'],
  ['Ctrl/⌘ D', 'shortcuts.duplicate'],
  ['Ctrl/⌘ Z', 'shortcuts.undo'],
  ['Ctrl/⌘ ⇧ Z', 'shortcuts.redo'],
  ['Ctrl/⌘ A', 'shortcuts.selectAll'],
  ['Shift + drag', 'shortcuts.boxSelect'],
  ['F', 'shortcuts.fit'],
  ['Ctrl/⌘ S', 'shortcuts.save'],
];

export function FlowOverview() {
  const { t } = useTranslation();
  const general = useEditor((s) => s.problems.general);
  const nodeCount = useEditor((s) => s.nodes.length);
  const readOnly = useEditor((s) => s.readOnly);
  const selected = useEditor((s) => s.nodes.reduce((n, node) => (node.selected ? n + 1 : n), 0));
  return (
    <div className="flow-overview">
      {selected > 1 ? (
        <div className="multi-selection" data-testid="multi-selection">
          <h2 className="inspector-empty-title">{t('inspector.selectedCount', { count: selected })}</h2>
          <p className="muted">{t('inspector.multiHint')}</p>
          {!readOnly && (
            <div className="multi-actions">
              <Button size="sm" icon="copy" onClick={() => useEditor.getState().paste(useEditor.getState().copy())}>{t('inspector.duplicateSelection')}</Button>
              <Button size="sm" variant="danger" icon="trash" onClick={() => useEditor.getState().deleteSelection()}>{t('inspector.deleteSelection')}</Button>
            </div>
          )}
        </div>
      ) : (
        <>
          <h2 className="inspector-empty-title">{t('inspector.nothingSelected')}</h2>
          <p className="muted">{readOnly ? t('inspector.readOnlyHint') : nodeCount ? t('inspector.selectHint') : t('inspector.startHint')}</p>
        </>
      )}
      {general.length > 0 && (
        <div className="inspector-problems" data-testid="flow-problems" role="alert">
          <Icon name="alert" />
          <ul>{general.map((p, i) => <li key={i}>{localizeProblem(p)}</li>)}</ul>
        </div>
      )}
      {!readOnly && (
        <section className="shortcuts">
          <h3><Icon name="keyboard" /> {t('shortcuts.title')}</h3>
          <dl>
            {SHORTCUTS.map(([keys, label]) => (
              <div key={label} className="shortcut-row">
                <dt><kbd>{keys}</kbd></dt>
                <dd>{t(label)}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
