/**
 * The node catalogue (`GET /api/nodes`) and the connectors (`GET /api/connectors`) arrive in English.
 * This translates what the editor shows of them — node titles and descriptions, param labels,
 * descriptions, placeholders and option labels, port labels, connector texts and credential fields —
 * with the texts each connector (and the core) ships in its own `i18n/` folder, served by
 * `GET /api/nodes/texts/:lang`, falling back to the server's English text for anything (or any
 * language) without a translation. Identifiers (types, param names, port ids, option values)
 * are never changed: only what a person reads.
 */
import type { TFunction } from 'i18next';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { catalogApi } from '../api/endpoints';
import type { CatalogEntry, JsonSchemaProperty, Option, UiHints } from '../api/types';

// The same shapes the server's catalogue texts are written in (nodes/sdk/texts.ts): one definition for both.
import type { ConnectorTexts, NodeTexts, ParamTexts } from '../../../nodes/sdk/texts';

export type { ConnectorTexts, NodeTexts, ParamTexts };

export interface CatalogDict {
  /** Port id → the label shown next to its handle. */
  ports: Record<string, string>;
  /** Keyed by node type, e.g. `kommo.updateLead`. */
  nodes: Record<string, NodeTexts>;
  /** Keyed by connector key, e.g. `kommo`. */
  connectors: Record<string, ConnectorTexts>;
}

interface CatalogTextsState {
  /** Base language (`ru`, `es`) → its catalogue texts, once loaded. */
  byLang: Record<string, CatalogDict>;
  /** Loads a language's texts once; English needs none, and a failure leaves English in place. */
  load: (lang: string | undefined) => Promise<void>;
}

const baseLanguage = (lang: string | undefined) => lang?.split('-')[0];

export const useCatalogTexts = create<CatalogTextsState>((set, get) => ({
  byLang: {},
  load: async (lang) => {
    const base = baseLanguage(lang);
    if (!base || base === 'en' || Object.hasOwn(get().byLang, base)) return;
    try {
      const texts = await catalogApi.texts(base);
      set({ byLang: { ...get().byLang, [base]: texts } });
    } catch {
      // The English catalogue is always there to fall back on.
    }
  },
}));

type TextField = 'label' | 'description' | 'placeholder';

function walk(root: unknown, path: readonly string[]): unknown {
  let current = root;
  for (const key of path) {
    if (!current || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const dictFor = (lang: string | undefined) => {
  const base = baseLanguage(lang);
  const loaded = useCatalogTexts.getState().byLang;
  return base && Object.hasOwn(loaded, base) ? loaded[base] : undefined;
};

/**
 * The path of a param inside a node's texts: `items.0.vatType` (a list item's field, as the inspector
 * names it) → `params.items.fields.vatType`.
 */
export function paramPath(name: string): string[] {
  const parts = name.split('.').filter((part) => !/^\d+$/.test(part));
  return parts.flatMap((part, i) => [i === 0 ? 'params' : 'fields', part]);
}

/** The translation at `path` under `nodes[nodeType]` (or the catalogue root without a type), else `fallback`. */
export function catalogText(lang: string | undefined, nodeType: string | null, path: readonly string[], fallback: string, texts = dictFor(lang)): string {
  const value = walk(texts, nodeType === null ? path : ['nodes', nodeType, ...path]);
  return typeof value === 'string' && value ? value : fallback;
}

const maybe = (text: string | undefined, translate: (english: string) => string) => (text === undefined ? undefined : translate(text));

export interface CatalogText {
  lang: string | undefined;
  nodeTitle: (type: string, english: string) => string;
  nodeDescription: (type: string, english: string | undefined) => string | undefined;
  category: (category: string) => string;
  /** A param's label, description or placeholder; `name` may be a list item's field (`items.0.price`). */
  param: <T extends string | undefined>(type: string, name: string, field: TextField, english: T) => T;
  option: (type: string, name: string, value: string, english: string) => string;
  /** The param's UI hints with its own label, description, placeholder and options translated. */
  ui: (type: string, name: string, ui: UiHints, prop?: JsonSchemaProperty) => UiHints & { label: string };
  /** The label of an output port (the handle id stays the port name). User-named switch cases stay as typed. */
  port: (entry: Pick<CatalogEntry, 'ports' | 'errorPort' | 'dynamicPorts'> | undefined, port: string) => string;
  connectorTitle: (key: string, english: string) => string;
  connectorDescription: (key: string, english: string) => string;
  credential: <T extends string | undefined>(key: string, field: string, attr: TextField, english: T) => T;
}

export function catalogTextFor(lang: string | undefined, t?: TFunction, texts = dictFor(lang)): CatalogText {
  const text = (nodeType: string | null, path: readonly string[], english: string) => catalogText(lang, nodeType, path, english, texts);
  const param = <T extends string | undefined>(type: string, name: string, field: TextField, english: T): T =>
    maybe(english, (e) => text(type, [...paramPath(name), field], e)) as T;
  const option = (type: string, name: string, value: string, english: string) => text(type, [...paramPath(name), 'options', value], english);
  return {
    lang,
    nodeTitle: (type, english) => text(type, ['title'], english),
    nodeDescription: (type, english) => maybe(english, (e) => text(type, ['description'], e)),
    category: (category) => (t ? t(`categories.${category}`, { defaultValue: category }) : category),
    param,
    option,
    ui: (type, name, ui, prop) => {
      const staticOptions: Option[] | undefined = ui.options ?? (ui.widget === 'select' && !ui.optionsSource && prop?.enum
        ? prop.enum.map((v) => ({ value: String(v), label: String(v) }))
        : undefined);
      return {
        ...ui,
        label: param(type, name, 'label', ui.label ?? prop?.title ?? name.split('.').pop()!),
        description: param(type, name, 'description', ui.description ?? prop?.description),
        placeholder: param(type, name, 'placeholder', ui.placeholder),
        options: staticOptions?.map((o) => ({ ...o, label: option(type, name, o.value, o.label) })),
      };
    },
    port: (entry, port) => {
      if (!entry) return port;
      const declared = port === 'error' ? entry.errorPort : entry.ports === 'dynamic' ? !!entry.dynamicPorts?.then.includes(port) : entry.ports.includes(port);
      return declared ? text(null, ['ports', port], port) : port;
    },
    connectorTitle: (key, english) => text(null, ['connectors', key, 'title'], english),
    connectorDescription: (key, english) => text(null, ['connectors', key, 'description'], english),
    credential: <T extends string | undefined>(key: string, field: string, attr: TextField, english: T): T =>
      maybe(english, (e) => text(null, ['connectors', key, 'fields', field, attr], e)) as T,
  };
}

/** The catalogue texts in the current UI language; re-renders when the language changes. */
export function useCatalogText(): CatalogText {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const texts = useCatalogTexts((s) => s.byLang[baseLanguage(lang) ?? '']);
  useEffect(() => {
    void useCatalogTexts.getState().load(lang);
  }, [lang]);
  // The caller re-renders once the language's texts arrive.
  return useMemo(() => catalogTextFor(lang, t, texts), [lang, t, texts]);
}
