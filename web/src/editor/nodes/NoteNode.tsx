import { NodeResizer, type Node, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../store/editorStore';

export type NoteCanvasNode = Node<{ text: string; color: string }, 'note'>;

/** A sticky note: text for the people reading the flow, edited in place, resized by its corners. */
function NoteNodeView({ id, data, selected }: NodeProps<NoteCanvasNode>) {
  const { t } = useTranslation();
  const readOnly = useEditor((s) => s.readOnly);
  return (
    <div className={`sticky-note sticky-${data.color}`} data-testid="sticky-note" data-note-id={id}>
      {!readOnly && <NodeResizer isVisible={selected} minWidth={120} minHeight={60}
        onResizeEnd={(_, size) => useEditor.getState().updateNote(id, { width: size.width, height: size.height, position: { x: size.x, y: size.y } })} />}
      <textarea className="nodrag nowheel" value={data.text} placeholder={t('editor.notePlaceholder')} readOnly={readOnly} data-testid="sticky-note-text"
        onChange={(e) => useEditor.getState().updateNote(id, { text: e.target.value.slice(0, 5000) })} />
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
