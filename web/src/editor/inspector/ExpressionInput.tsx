import { useMemo, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { expressionContext, filterPaths, insertPath, type ExpressionContext } from '../../lib/expression';
import { Autocomplete } from './Autocomplete';
import { useFieldEnv } from './fieldEnv';

interface Props {
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  placeholder?: string;
  invalid?: boolean;
  expressions?: boolean;
  mono?: boolean;
  testId?: string;
  ariaLabel?: string;
}

type Field = HTMLInputElement | HTMLTextAreaElement;

/** A text input that understands `{{ }}`: autocompletes data paths from upstream nodes while typing. */
export function ExpressionInput({ value, onChange, multiline, placeholder, invalid, expressions = true, mono, testId = 'field-input', ariaLabel }: Props) {
  const env = useFieldEnv();
  const ref = useRef<Field>(null);
  const [context, setContext] = useState<ExpressionContext | null>(null);
  const [active, setActive] = useState(0);
  const items = useMemo(() => (context ? filterPaths(env.suggestions, context.token) : []), [context, env.suggestions]);

  const track = (el: Field) => {
    if (!expressions) return;
    const caret = el.selectionStart ?? el.value.length;
    setContext(expressionContext(el.value, caret));
    setActive(0);
  };

  const pick = (path: string) => {
    const el = ref.current;
    if (!el || !context) return;
    const caret = el.selectionStart ?? el.value.length;
    const next = insertPath(el.value, caret, context, path);
    onChange(next.text);
    setContext(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  const onKeyDown = (event: KeyboardEvent<Field>) => {
    if (!context || !items.length) return;
    if (event.key === 'ArrowDown') setActive((a) => Math.min(a + 1, items.length - 1));
    else if (event.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (event.key === 'Enter' || event.key === 'Tab') pick(items[active].path);
    else if (event.key === 'Escape') setContext(null);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  const common = {
    ref: ref as never,
    value,
    placeholder,
    readOnly: env.readOnly,
    'data-testid': testId,
    'aria-label': ariaLabel,
    'aria-invalid': invalid || undefined,
    'aria-autocomplete': expressions ? ('list' as const) : undefined,
    spellCheck: false,
    className: `${mono || value.includes('{{') ? 'mono' : ''} ${invalid ? 'invalid' : ''}`.trim(),
    onChange: (e: ChangeEvent<Field>) => {
      onChange(e.target.value);
      track(e.target);
    },
    onKeyDown,
    onKeyUp: (e: KeyboardEvent<Field>) => ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key) && track(e.currentTarget),
    onClick: (e: { currentTarget: Field }) => track(e.currentTarget),
    onFocus: (e: { currentTarget: Field }) => track(e.currentTarget),
    onBlur: () => setContext(null),
  };

  return (
    <div className="expression-input">
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      {context && !env.readOnly && <Autocomplete items={items} active={active} onPick={pick} onHover={setActive} />}
    </div>
  );
}
