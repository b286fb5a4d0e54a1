import { useEffect, useState } from 'react';
import { expressionsApi } from '../../api/endpoints';
import { hasExpression } from '../../lib/expression';
import { humanError } from '../../lib/errors';
import type { ExpressionScope } from '../graph/scope';
import { useEditor } from '../store/editorStore';

export type PreviewState = { state: 'idle' } | { state: 'loading' } | { state: 'value'; value: unknown } | { state: 'error'; message: string };

const cache = new Map<string, PreviewState>();

/** Live result of a `{{ }}` template evaluated by the server's sandbox against sample data (debounced). */
export function usePreview(template: unknown, scope: ExpressionScope, enabled: boolean): PreviewState {
  const [preview, setPreview] = useState<PreviewState>({ state: 'idle' });
  const text = typeof template === 'string' ? template : template !== undefined && template !== null && typeof template === 'object' ? JSON.stringify(template) : '';
  const active = enabled && hasExpression(text);
  // $workdays and the date helpers answer on the flow's calendar and time zone.
  const settings = useEditor((s) => s.settings);
  useEffect(() => {
    if (!active) {
      setPreview({ state: 'idle' });
      return;
    }
    const key = `${text}\u0000${JSON.stringify(scope)}\u0000${settings.calendar ?? ''}\u0000${settings.timezone ?? ''}`;
    const hit = cache.get(key);
    if (hit) {
      setPreview(hit);
      return;
    }
    setPreview((p) => (p.state === 'idle' ? { state: 'loading' } : p));
    let cancelled = false;
    const timer = setTimeout(async () => {
      let result: PreviewState;
      try {
        const response = await expressionsApi.preview(text, { ...scope }, settings);
        result = response.error !== undefined ? { state: 'error', message: response.error } : { state: 'value', value: response.value };
      } catch (error) {
        result = { state: 'error', message: humanError(error) };
      }
      if (cache.size > 300) cache.clear();
      cache.set(key, result);
      if (!cancelled) setPreview(result);
    }, 350);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [text, scope, active, settings]);
  return preview;
}

/** The sandbox's message without the repeated template at its end. */
export function shortPreviewError(message: string): string {
  return message.replace(/^Expression in 'preview\.value' (failed: )?/, '').replace(/: \{\{[\s\S]*\}\}$/, '');
}
