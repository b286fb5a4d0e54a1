import { useEffect, useRef, useState } from 'react';

/**
 * Local text for an input whose stored value is parsed (numbers, JSON): typing "1." or "{" stays
 * on screen while the store gets the parsed value; outside changes (undo) replace the text.
 */
export function useDraft<T>(value: T, format: (v: T) => string, parse: (text: string) => T, equal: (a: T, b: T) => boolean = Object.is) {
  const [text, setText] = useState(() => format(value));
  const lastSent = useRef<T>(value);
  useEffect(() => {
    if (!equal(value, lastSent.current)) {
      setText(format(value));
      lastSent.current = value;
    }
  }, [value, format, equal]);
  const update = (next: string, commit: (v: T) => void) => {
    setText(next);
    const parsed = parse(next);
    lastSent.current = parsed;
    commit(parsed);
  };
  return [text, update] as const;
}
