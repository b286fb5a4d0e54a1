import { useReactFlow } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useCatalogText } from '../../i18n/catalog';
import { freeSpot } from '../graph/placement';
import { NODE_WIDTH } from '../graph/layout';
import { INPUT_HANDLE } from '../graph/types';
import { categoryColor, KIND_ICON } from '../nodes/nodeVisuals';
import { useCatalog } from '../store/catalogStore';
import { useEditor } from '../store/editorStore';
import { minimapArea, useAddNode } from './useAddNode';

const SHOWN = 8;

/**
 * The quick node picker (Tab, or a wire dropped on empty canvas): type to filter, Enter adds the
 * node there and wires it from where the wire came from.
 */
export function NodePicker() {
  const root = useRef<HTMLDivElement>(null);
  const { t } = useTranslation();
  const ct = useCatalogText();
  const request = useEditor((s) => s.picker);
  const entries = useCatalog((s) => s.entries);
  const addNodeAt = useAddNode();
  const { flowToScreenPosition, screenToFlowPosition, setCenter, getViewport } = useReactFlow();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);

  // What follows another node is never a trigger; from nothing, anything may start.
  const matches = useMemo(() => {
    const q = query.trim().toLocaleLowerCase();
    return entries
      .filter((e) => !(request?.from && e.kind === 'trigger'))
      .filter((e) => !q || [e.title, e.type, ct.nodeTitle(e.type, e.title)].some((text) => text.toLocaleLowerCase().includes(q)))
      .slice(0, SHOWN);
  }, [entries, query, ct, request?.from]);
  // A press anywhere else closes it (not a blur: the canvas takes focus back as a wire is dropped).
  useEffect(() => {
    if (!request) return;
    const onDown = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) {
        setQuery('');
        useEditor.getState().closePicker();
      }
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [request]);
  if (!request) return null;

  const canvas = document.querySelector('[data-testid="canvas"]')?.getBoundingClientRect();
  const at = request.at ?? (canvas ? screenToFlowPosition({ x: canvas.left + canvas.width / 2 - NODE_WIDTH / 2, y: canvas.top + canvas.height / 3 }) : { x: 0, y: 0 });
  const screen = flowToScreenPosition(at);
  const close = () => {
    setQuery('');
    setActive(0);
    useEditor.getState().closePicker();
  };
  const pick = (type: string) => {
    const position = freeSpot({ x: Math.round(at.x), y: Math.round(at.y) }, useEditor.getState().nodes, minimapArea(screenToFlowPosition));
    const id = addNodeAt(type, position);
    // The new node stays in view: the next wire starts from it.
    if (id && canvas) {
      const topLeft = screenToFlowPosition({ x: canvas.left, y: canvas.top });
      const bottomRight = screenToFlowPosition({ x: canvas.right, y: canvas.bottom });
      const inside = position.x >= topLeft.x && position.y >= topLeft.y && position.x + NODE_WIDTH <= bottomRight.x && position.y + 120 <= bottomRight.y;
      if (!inside) void setCenter(position.x + NODE_WIDTH / 2, position.y + 50, { zoom: getViewport().zoom, duration: 0 });
    }
    if (id && request.from) useEditor.getState().connect({ source: request.from.nodeId, sourceHandle: request.from.port, target: id, targetHandle: INPUT_HANDLE });
    if (id) useEditor.getState().select(id);
    close();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') close();
    else if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, matches.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter' && matches[active]) pick(matches[active].type);
    else return;
    event.preventDefault();
  };

  return (
    <div ref={root} className="node-picker" data-testid="node-picker" role="dialog" aria-label={t('editor.pickerTitle')}
      style={{ left: Math.max(8, screen.x - (canvas?.left ?? 0)), top: Math.max(8, screen.y - (canvas?.top ?? 0)) }}>
      <input autoFocus value={query} placeholder={t('editor.pickerSearch')} data-testid="node-picker-search"
        onChange={(e) => { setQuery(e.target.value); setActive(0); }} onKeyDown={onKey} />
      <ul role="listbox">
        {matches.map((entry, i) => (
          <li key={entry.type} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} data-testid="node-picker-item" data-node-type={entry.type}
            onMouseDown={(e) => { e.preventDefault(); pick(entry.type); }} onMouseEnter={() => setActive(i)}>
            <span className="flow-node-icon" style={{ ['--node-color' as string]: categoryColor(entry.category) }}><Icon name={KIND_ICON[entry.kind]} size={14} /></span>
            {ct.nodeTitle(entry.type, entry.title)}
          </li>
        ))}
        {matches.length === 0 && <li className="muted">{t('editor.pickerNone')}</li>}
      </ul>
    </div>
  );
}
