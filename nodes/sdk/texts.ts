/**
 * What a person reads of the catalogue, in one language other than English (English is the
 * definitions themselves). Each connector keeps its texts in its own `i18n/` folder; the core nodes
 * in `core/i18n/`; the catalogue API serves them merged, and the editor falls back to English for
 * anything missing. Identifiers (types, param names, port ids, option values) are never translated.
 */
export interface ParamTexts {
  label?: string;
  description?: string;
  placeholder?: string;
  /** Option value → label. */
  options?: Record<string, string>;
  /** The fields of each item of a list param. */
  fields?: Record<string, ParamTexts>;
}

export interface NodeTexts {
  title: string;
  description?: string;
  params?: Record<string, ParamTexts>;
}

export interface ConnectorTexts {
  title: string;
  description: string;
  /** Credential fields. */
  fields?: Record<string, ParamTexts>;
}

export interface CatalogTexts {
  /** Port id → the label shown next to its handle. */
  ports?: Record<string, string>;
  /** Keyed by node type, e.g. `kommo.updateLead`. */
  nodes?: Record<string, NodeTexts>;
  /** Keyed by connector key, e.g. `kommo`. */
  connectors?: Record<string, ConnectorTexts>;
}

/** The languages the editor ships besides English. */
export const TRANSLATED_LANGUAGES = ['ru', 'es'] as const;
export type TranslatedLanguage = (typeof TRANSLATED_LANGUAGES)[number];

export type Translations = Record<TranslatedLanguage, CatalogTexts>;
