import { useEffect } from 'react';
import { toast } from '../../components/feedback';
import i18n from '../../i18n';
import type { Clip } from '../graph/clipboard';
import { useEditor, type PickerRequest } from '../store/editorStore';
import { lookupEntry } from '../store/catalogStore';
import { outputPorts } from '../graph/ports';
import { NODE_WIDTH } from '../graph/layout';

import { flushSave } from '../useAutosave';
import { useReadableFit } from './readableFit';

const CLIP_KEY = 'flowbridge.clipboard';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

function readClip(): Clip | null {
  try {
    return JSON.parse(localStorage.getItem(CLIP_KEY) ?? 'null') as Clip | null;
  } catch {
    return null;
  }
}

/** Editor keyboard shortcuts; they stay out of the way while the user types in a field or a dialog is open. */
export function useShortcuts(): void {
  const fitFlow = useReadableFit();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || document.querySelector('.modal-backdrop')) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const s = useEditor.getState();
      if ((key === 'delete' || key === 'backspace') && !mod) {
        event.preventDefault();
        s.deleteSelection();
      } else if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) s.redo();
        else s.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        s.redo();
      } else if (mod && key === 'a') {
        event.preventDefault();
        s.selectAll();
      } else if (mod && (key === 'c' || key === 'x')) {
        const clip = s.copy();
        if (!clip) return;
        event.preventDefault();
        localStorage.setItem(CLIP_KEY, JSON.stringify(clip));
        if (key === 'x') s.deleteSelection();
        else toast(i18n.t('editor.copied', { count: clip.nodes.length }), 'info');
      } else if (mod && key === 'v') {
        event.preventDefault();
        s.paste(readClip());
      } else if (mod && key === 'd') {
        event.preventDefault();
        s.paste(s.copy());
      } else if (mod && key === 's') {
        event.preventDefault();
        void flushSave();
      } else if (!mod && !event.altKey && key === 'f') {
        event.preventDefault();
        fitFlow();
      } else if (key === 'tab' && !mod && !event.altKey && !s.readOnly) {
        // Tab adds the next node: after the selected one, wired from its first output; else in view.
        event.preventDefault();
        s.openPicker(nextTo(s.inspectedId));
      } else if (key === 'escape') {
        s.select(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [fitFlow]);
}

/** Where Tab's picker puts the next node: right of the inspected one, wired from its first output port. */
function nextTo(nodeId: string | null): PickerRequest {
  const s = useEditor.getState();
  const node = nodeId ? s.nodes.find((n) => n.id === nodeId) : undefined;
  if (!node) return { at: null };
  const port = outputPorts(lookupEntry(node.data.type), node.data.params)[0];
  return { at: { x: node.position.x + (node.measured?.width ?? NODE_WIDTH) + 80, y: node.position.y }, from: port ? { nodeId: node.id, port } : undefined };
}
