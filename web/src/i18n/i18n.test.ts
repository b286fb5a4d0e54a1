import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogEntry, Connector } from '../api/types';
import { catalogTextFor, paramPath, useCatalogTexts, type CatalogDict } from './catalog';
import catalogEnJson from './catalog-en.json';
import { catalogSnapshot, type CatalogSnapshot } from './catalog-snapshot';
import { en, type Dict } from './en';
import { es } from './es';
import { ru } from './ru';

function flatten(dict: Dict, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(dict)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[path] = value;
    else Object.assign(out, flatten(value, path));
  }
  return out;
}

const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const EN = flatten(en as unknown as Dict);
const enBases = new Set(Object.keys(EN).map(base));

/** Strings that are the same word in every language (product names, codes, interpolation only). */
const SAME = new Set(['categories.CRM', 'versions.by', 'fields.no', 'steps.error', 'editor.liveVersion', 'outbox.telegram', 'outbox.chat', 'alerts.channelTelegram', 'tables.types.json', 'report.png']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(tsx?)$/.test(name) && !name.endsWith('.test.ts') && !full.includes('/i18n/') ? [full] : [];
  });
}

describe('translations', () => {
  for (const [lang, dict] of [['ru', ru], ['es', es]] as const) {
    const flat = flatten(dict);
    it(`${lang} has every English key`, () => {
      const bases = new Set(Object.keys(flat).map(base));
      expect([...enBases].filter((k) => !bases.has(k))).toEqual([]);
      expect([...bases].filter((k) => !enBases.has(k))).toEqual([]);
    });
    it(`${lang} keeps the same interpolation variables`, () => {
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort().join(',');
      for (const [key, value] of Object.entries(flat)) {
        const english = EN[key] ?? EN[`${base(key)}_other`];
        if (english !== undefined) expect(vars(value), `${lang}:${key}`).toBe(vars(english));
      }
    });
    it(`${lang} leaves no English text behind`, () => {
      const same = Object.entries(flat).filter(([key, value]) => EN[key] === value && !SAME.has(key) && /[a-z]{3}/i.test(value.replace(/\{\{\w+\}\}/g, '')));
      expect(same.map(([k]) => k)).toEqual([]);
    });
  }

  it('every key used in the code exists in English', () => {
    const used = new Set<string>();
    const namespaces = Object.keys(en).join('|');
    const pattern = new RegExp(`['\`]((?:${namespaces})\\.[A-Za-z_.]+)['\`]`, 'g');
    for (const file of sourceFiles(join(__dirname, '..'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(pattern)) used.add(match[1]);
    }
    const missing = [...used].filter((key) => !enBases.has(key) && !key.endsWith('.'));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(150);
  });
});

// ---------------------------------------------------------------------------------------------
// The node catalogue: the server sends it in English; each connector's i18n/ru.ts and i18n/es.ts
// (and nodes/core/i18n for the core nodes) translate it. catalog-en.json lists every English text of
// it (regenerate it from the node definitions with `UPDATE_CATALOG_SNAPSHOT=1 npm test -w web`, then
// translate what the test reports missing).

const SNAPSHOT = catalogEnJson as CatalogSnapshot;
const SNAPSHOT_FILE = join(__dirname, 'catalog-en.json');
const NODES_DIR = join(__dirname, '../../../nodes');
// The translations live beside the nodes (core/i18n, connectors/<key>/i18n) and reach the editor through the API.
const { catalogTexts } = await import(/* @vite-ignore */ join(NODES_DIR, 'texts.ts')) as { catalogTexts: (lang: string) => CatalogDict };
const CATALOG_TRANSLATIONS: Record<string, CatalogDict> = { ru: catalogTexts('ru'), es: catalogTexts('es') };
useCatalogTexts.setState({ byLang: CATALOG_TRANSLATIONS });

type Tree = { [key: string]: string | string[] | Tree };
function flattenTree(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix} › ${key}` : key;
    if (typeof value === 'string') out[path] = value;
    else if (!Array.isArray(value)) Object.assign(out, flattenTree(value, path));
  }
  return out;
}
const { categories: snapshotCategories, ...snapshotTexts } = SNAPSHOT;
const CATALOG_EN = flattenTree(snapshotTexts as unknown as Tree);

/** Texts that stay the same in a language: product names, and words that language borrows as they are. */
const CATALOG_SAME: Record<string, Set<string>> = {
  ru: new Set([
    'connectors › kommo › title', 'connectors › stripe › title', 'connectors › easycount › title',
    'connectors › telegram › title', 'nodes › core.notify › params › channel › options › telegram', 'nodes › core.notify › params › parseMode › options › MarkdownV2',
  ]),
  es: new Set([
    'connectors › kommo › title', 'connectors › stripe › title', 'connectors › easycount › title', 'connectors › yookassa › title', 'connectors › bitrix24 › title',
    'connectors › aspro › title',
    'nodes › core.webhook › title', 'nodes › core.http › params › url › label', 'ports › error',
    'connectors › telegram › title', 'nodes › core.notify › params › channel › options › telegram', 'nodes › core.notify › params › parseMode › options › MarkdownV2',
  ]),
};

/** What must survive translation untouched: `{{ expressions }}` and `$variables`. */
const technicalTokens = (text: string) => [...text.matchAll(/\{\{.*?\}\}|\$[A-Za-z_]\w*/g)].map((m) => m[0]).sort();

describe('catalogue translations', () => {
  it('the snapshot lists every node and connector text the server sends', async () => {
    const registry = join(NODES_DIR, 'registry.ts');
    expect(existsSync(registry)).toBe(true);
    const { allNodes, allConnectors } = await import(/* @vite-ignore */ registry);
    const { describeNode } = await import(/* @vite-ignore */ join(NODES_DIR, 'sdk/index.ts'));
    const live = catalogSnapshot((allNodes as unknown[]).map(describeNode) as CatalogEntry[], allConnectors as Connector[]);
    if (process.env.UPDATE_CATALOG_SNAPSHOT) writeFileSync(SNAPSHOT_FILE, `${JSON.stringify(live, null, 2)}\n`);
    else expect(live, 'the node definitions changed: run UPDATE_CATALOG_SNAPSHOT=1 npm test -w web and update the i18n/ru.ts and i18n/es.ts files beside the nodes').toEqual(SNAPSHOT);
  });

  it('every catalogue category has a name in the main dictionaries', () => {
    expect(snapshotCategories.filter((c) => !(c in en.categories))).toEqual([]);
  });

  for (const lang of ['ru', 'es'] as const) {
    const flat = flattenTree(CATALOG_TRANSLATIONS[lang] as unknown as Tree);
    it(`${lang} translates every node type, param, option, port and connector text`, () => {
      expect(Object.keys(CATALOG_EN).filter((k) => !(k in flat)), `missing in the nodes' i18n/${lang}.ts files`).toEqual([]);
      expect(Object.keys(flat).filter((k) => !(k in CATALOG_EN)), `in the nodes' i18n/${lang}.ts files but not in the catalogue`).toEqual([]);
    });
    it(`${lang} catalogue leaves no English text behind`, () => {
      const same = Object.entries(flat).filter(([key, value]) => CATALOG_EN[key] === value && !CATALOG_SAME[lang].has(key));
      expect(same.map(([k]) => k)).toEqual([]);
      expect(Object.entries(flat).filter(([, value]) => !value.trim()).map(([k]) => k)).toEqual([]);
    });
    it(`${lang} catalogue keeps expressions and $variables as they are`, () => {
      for (const [key, value] of Object.entries(flat)) {
        if (CATALOG_EN[key] !== undefined) expect(technicalTokens(value), `${lang}: ${key}`).toEqual(technicalTokens(CATALOG_EN[key]));
      }
    });
  }
});

describe('catalogue texts in the editor', () => {
  const ru = catalogTextFor('ru');
  const en = catalogTextFor('en');

  it('translates by node type and param, and falls back to the server English', () => {
    expect(ru.nodeTitle('kommo.updateLead', 'Update lead')).toBe('Обновить сделку');
    expect(en.nodeTitle('kommo.updateLead', 'Update lead (new wording)')).toBe('Update lead (new wording)');
    expect(ru.nodeTitle('acme.newNode', 'New node')).toBe('New node');
    expect(ru.param('kommo.updateLead', 'statusId', 'label', 'Stage')).toBe('Этап воронки');
    expect(ru.param('kommo.updateLead', 'nope', 'label', 'Nope')).toBe('Nope');
    expect(ru.param('kommo.updateLead', 'statusId', 'placeholder', undefined)).toBeUndefined();
    expect(catalogTextFor('es-MX').nodeTitle('easycount.createInvoice', 'Create invoice')).toBe('Emitir factura');
  });

  it('finds list item fields and option labels, keeping values', () => {
    expect(paramPath('items.0.vatType')).toEqual(['params', 'items', 'fields', 'vatType']);
    const ui = ru.ui('easycount.createInvoice', 'items.3.vatType', { widget: 'select', label: 'VAT', options: [{ value: 'PRE', label: 'Price before VAT' }, { value: 'X', label: 'X' }] });
    expect(ui.label).toBe('НДС');
    expect(ui.options).toEqual([{ value: 'PRE', label: 'Цена без НДС' }, { value: 'X', label: 'X' }]);
    const delay = ru.ui('core.delay', 'unit', { widget: 'select' }, { title: 'Unit', enum: ['minutes', 'hours'] });
    expect(delay.options).toEqual([{ value: 'minutes', label: 'минуты' }, { value: 'hours', label: 'часы' }]);
  });

  it('translates declared ports only, never a switch case the user named', () => {
    expect(ru.port({ ports: ['true', 'false'], errorPort: false }, 'true')).toBe('да');
    expect(ru.port({ ports: ['out'], errorPort: true }, 'error')).toBe('ошибка');
    const switchPorts = { ports: 'dynamic' as const, errorPort: false, dynamicPorts: { fromList: 'cases', nameField: 'port', then: ['default'] } };
    expect(ru.port(switchPorts, 'default')).toBe('иначе');
    expect(ru.port(switchPorts, 'true')).toBe('true');
    expect(ru.port(undefined, 'out')).toBe('out');
  });

  it('translates connector texts and credential fields', () => {
    expect(ru.connectorTitle('yookassa', 'YooKassa')).toBe('ЮKassa');
    expect(catalogTextFor('es').credential('kommo', 'accessToken', 'label', 'Long-lived token')).toBe('Token de larga duración');
    expect(ru.credential('kommo', 'accessToken', 'placeholder', undefined)).toBeUndefined();
  });
});
