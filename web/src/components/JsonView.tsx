import { memo, useState } from 'react';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function Value({ value, name, depth, path, onPick }: { value: unknown; name?: string; depth: number; path: string; onPick?: (path: string) => void }) {
  const [open, setOpen] = useState(depth < 2);
  const label = name !== undefined && (
    <button type="button" className="json-key" onClick={() => onPick?.(path)} title={onPick ? path : undefined} tabIndex={onPick ? 0 : -1}>
      {name}
    </button>
  );
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    return (
      <div className="json-row">
        <button type="button" className="json-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>{open ? '▾' : '▸'}</button>
        {label}
        {name !== undefined && <span className="json-colon">: </span>}
        <span className="json-bracket">{brackets[0]}</span>
        {!open && <span className="json-more">{entries.length ? ` ${entries.length} ` : ''}</span>}
        {open && (
          <div className="json-children">
            {entries.map(([key, child]) => (
              <Value key={key} name={key} value={child} depth={depth + 1} onPick={onPick}
                path={Array.isArray(value) ? `${path}[${key}]` : IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`} />
            ))}
          </div>
        )}
        <span className="json-bracket">{brackets[1]}</span>
      </div>
    );
  }
  const kind = value === null ? 'null' : typeof value;
  return (
    <div className="json-row json-leaf">
      {label}
      {name !== undefined && <span className="json-colon">: </span>}
      <span className={`json-${kind}`}>{value === undefined ? 'undefined' : JSON.stringify(value)}</span>
    </div>
  );
}

/** A collapsible JSON tree; clicking a key reports its expression path (e.g. to copy `$steps.invoice.docNumber`). */
export const JsonView = memo(function JsonView({ value, root = '', onPick, testId }: { value: unknown; root?: string; onPick?: (path: string) => void; testId?: string }) {
  return (
    <div className="json-view" data-testid={testId}>
      <Value value={value} depth={0} path={root} onPick={onPick} />
    </div>
  );
});
