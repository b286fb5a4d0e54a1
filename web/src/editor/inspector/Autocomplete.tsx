import { useEffect, useRef } from 'react';
import type { Suggestion } from '../graph/scope';

interface Props {
  items: Suggestion[];
  active: number;
  onPick: (path: string) => void;
  onHover: (index: number) => void;
}

export function Autocomplete({ items, active, onPick, onHover }: Props) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  if (!items.length) return null;
  return (
    <ul className="autocomplete" data-testid="autocomplete" role="listbox" ref={list}>
      {items.map((item, i) => (
        <li key={item.path} role="option" aria-selected={i === active} data-index={i} className={i === active ? 'active' : ''}
          data-testid="autocomplete-item" data-path={item.path}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(item.path);
          }}
          onMouseEnter={() => onHover(i)}>
          <span className="ac-path">{item.path}</span>
          {item.preview && <span className={`ac-preview ac-${item.type}`}>{item.preview}</span>}
        </li>
      ))}
    </ul>
  );
}
