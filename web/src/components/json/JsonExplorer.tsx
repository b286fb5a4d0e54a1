import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from '../feedback';
import { Icon } from '../Icon';
import { childPath, copyText, entriesOf, isTruncated, searchJson } from './jsonPath';

const PAGE = 200;

async function copy(text: string, done: string, failed: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast(done);
  } catch {
    toast(failed, 'error');
  }
}

interface NodeProps {
  value: unknown;
  name?: string;
  path: string;
  depth: number;
  hits: Set<string>;
  forced: Set<string>;
}

const JsonNode = memo(function JsonNode({ value, name, path, depth, hits, forced }: NodeProps) {
  const { t } = useTranslation();
  const [toggled, setToggled] = useState<boolean | null>(null);
  const [shown, setShown] = useState(PAGE);
  const open = toggled ?? (depth < 2 || forced.has(path));
  const hit = hits.has(path);
  const tools = (
    <span className="json-tools">
      <button type="button" className="json-tool" onClick={() => void copy(path || '$', t('json.pathCopied'), t('json.copyFailed'))} title={t('json.copyPath')} aria-label={t('json.copyPath')} data-testid="json-copy-path">
        <Icon name="link" size={12} />
      </button>
      <button type="button" className="json-tool" onClick={() => void copy(copyText(value), t('json.valueCopied'), t('json.copyFailed'))} title={t('json.copyValue')} aria-label={t('json.copyValue')} data-testid="json-copy-value">
        <Icon name="copy" size={12} />
      </button>
    </span>
  );
  const label = name !== undefined && <><span className="json-key" title={path}>{name}</span><span className="json-colon">: </span></>;
  if (value !== null && typeof value === 'object') {
    const entries = entriesOf(value);
    const [openBracket, closeBracket] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
    return (
      <div className={hit ? 'json-row json-hit' : 'json-row'} data-path={path} data-testid="json-row">
        <div className="json-line">
          <button type="button" className="json-toggle" onClick={() => setToggled(!open)} aria-expanded={open}>{open ? '▾' : '▸'}</button>
          {label}
          <span className="json-bracket">{openBracket}</span>
          {!open && <span className="json-more">{` ${entries.length} `}{closeBracket}</span>}
          {tools}
        </div>
        {open && (
          <div className="json-children">
            {entries.slice(0, shown).map(([key, child]) => (
              <JsonNode key={key} name={key} value={child} depth={depth + 1} path={childPath(path, key, Array.isArray(value))} hits={hits} forced={forced} />
            ))}
            {entries.length > shown && (
              <button type="button" className="link-button json-show-more" onClick={() => setShown(shown + PAGE)}>{t('json.showMore', { count: entries.length - shown })}</button>
            )}
          </div>
        )}
        {open && <span className="json-bracket">{closeBracket}</span>}
      </div>
    );
  }
  const kind = value === null ? 'null' : typeof value;
  return (
    <div className={hit ? 'json-row json-leaf json-hit' : 'json-row json-leaf'} data-path={path} data-testid="json-row">
      <div className="json-line">
        {label}
        <span className={`json-${kind}`}>{value === undefined ? 'undefined' : JSON.stringify(value)}</span>
        {tools}
      </div>
    </div>
  );
});

/**
 * A JSON value to read: collapsible, searchable (keys and values), each row copies its path or its
 * value. A value the run read cut short shows its size and a button that fetches it whole.
 */
export function JsonExplorer({ value, root = '$', testId, onLoadFull }: { value: unknown; root?: string; testId?: string; onLoadFull?: () => Promise<void> }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [loading, setLoading] = useState(false);
  const search = useMemo(() => searchJson(value, query, root), [value, query, root]);
  if (isTruncated(value)) {
    return (
      <div className="json-explorer json-truncated" data-testid={testId}>
        <p className="muted small">{t('json.truncated', { size: formatBytes(value.size) })}</p>
        <pre className="step-json">{value.preview}…</pre>
        {onLoadFull && (
          <button type="button" className="btn btn-secondary btn-sm" disabled={loading} data-testid="json-load-full"
            onClick={() => { setLoading(true); void onLoadFull().finally(() => setLoading(false)); }}>
            {loading ? <span className="spinner" /> : <Icon name="download" />} {t('json.loadFull')}
          </button>
        )}
      </div>
    );
  }
  const composite = value !== null && typeof value === 'object';
  return (
    <div className="json-explorer" data-testid={testId}>
      {composite && (
        <div className="json-search">
          <Icon name="search" size={14} />
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('json.search')} aria-label={t('json.search')} data-testid="json-search" />
          {query.trim() && <span className="muted small" data-testid="json-hits">{t('json.hits', { count: search.hits.size })}{search.capped ? '+' : ''}</span>}
        </div>
      )}
      <div className="json-view">
        <JsonNode value={value} path={root} depth={0} hits={search.hits} forced={search.open} key={query.trim() ? `q:${query}` : 'all'} />
      </div>
    </div>
  );
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
