import { memo, useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogEntry } from '../../api/types';
import { Icon } from '../../components/Icon';
import { useCatalogText, type CatalogText } from '../../i18n/catalog';
import { PALETTE_MIME, useAddNodeAtCenter } from '../canvas/useAddNode';
import { CATEGORY_ORDER, categoryColor, KIND_ICON } from '../nodes/nodeVisuals';
import { useCatalog } from '../store/catalogStore';

function groupEntries(entries: CatalogEntry[], query: string, ct: CatalogText): [string, CatalogEntry[]][] {
  const q = query.trim().toLocaleLowerCase();
  // The search finds a node by its text in the UI language as well as by the server's English.
  const matches = q
    ? entries.filter((e) => [
      e.title, e.type, e.category, e.description ?? '', e.connector ?? '',
      ct.nodeTitle(e.type, e.title), ct.nodeDescription(e.type, e.description) ?? '', ct.category(e.category),
    ].some((text) => text.toLocaleLowerCase().includes(q)))
    : entries;
  const groups = new Map<string, CatalogEntry[]>();
  for (const entry of matches) (groups.get(entry.category) ?? groups.set(entry.category, []).get(entry.category)!).push(entry);
  const rank = (c: string) => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : CATEGORY_ORDER.length);
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

const PaletteItem = memo(function PaletteItem({ entry, onAdd, ct }: { entry: CatalogEntry; onAdd: (type: string) => void; ct: CatalogText }) {
  const title = ct.nodeTitle(entry.type, entry.title);
  const description = ct.nodeDescription(entry.type, entry.description);
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, entry.type);
    event.dataTransfer.setData('text/plain', entry.type);
    event.dataTransfer.effectAllowed = 'move';
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onAdd(entry.type);
    }
  };
  return (
    <li>
      <div className="palette-item" role="button" tabIndex={0} draggable data-testid="palette-item" data-node-type={entry.type}
        onDragStart={onDragStart} onDoubleClick={() => onAdd(entry.type)} onKeyDown={onKeyDown}
        title={description} style={{ ['--node-color' as string]: categoryColor(entry.category) }}>
        <span className="palette-icon"><Icon name={KIND_ICON[entry.kind]} size={14} /></span>
        <span className="palette-text">
          <span className="palette-title">{title}</span>
          {description && <span className="palette-desc">{description}</span>}
        </span>
      </div>
    </li>
  );
});

export function Palette() {
  const { t } = useTranslation();
  const ct = useCatalogText();
  const entries = useCatalog((s) => s.entries);
  const [query, setQuery] = useState('');
  const addAtCenter = useAddNodeAtCenter();
  const groups = useMemo(() => groupEntries(entries, query, ct), [entries, query, ct]);
  return (
    <aside className="palette" data-testid="palette" aria-label={t('palette.title')}>
      <div className="palette-search">
        <Icon name="search" />
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('palette.search')}
          aria-label={t('palette.search')} data-testid="palette-search" />
      </div>
      <div className="palette-groups">
        {groups.map(([category, items]) => (
          <section key={category} className="palette-group">
            <h3 className="palette-group-title">
              <span className="palette-dot" style={{ background: categoryColor(category) }} />
              {ct.category(category)}
              <span className="palette-count">{items.length}</span>
            </h3>
            <ul>{items.map((entry) => <PaletteItem key={entry.type} entry={entry} onAdd={addAtCenter} ct={ct} />)}</ul>
          </section>
        ))}
        {groups.length === 0 && <p className="palette-empty">{t('palette.nothing', { query })}</p>}
      </div>
      <p className="palette-hint">{t('palette.hint')}</p>
    </aside>
  );
}
