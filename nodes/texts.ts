import { allConnectors } from './registry';
import { TRANSLATED_LANGUAGES, type CatalogTexts, type TranslatedLanguage } from './sdk/texts';
import { es } from './core/i18n/es';
import { ru } from './core/i18n/ru';

const core: Record<TranslatedLanguage, CatalogTexts> = { ru, es };

export const isTranslatedLanguage = (lang: string): lang is TranslatedLanguage => (TRANSLATED_LANGUAGES as readonly string[]).includes(lang);

/**
 * The catalogue's texts in one language: the core nodes' and every connector's own, merged. The
 * editor asks for them once per language and falls back to the English definitions for the rest.
 */
export function catalogTexts(lang: TranslatedLanguage): Required<CatalogTexts> {
  const merged: Required<CatalogTexts> = { ports: { ...core[lang].ports }, nodes: { ...core[lang].nodes }, connectors: { ...core[lang].connectors } };
  for (const connector of allConnectors) {
    const texts = connector.texts?.[lang];
    if (!texts) continue;
    Object.assign(merged.ports, texts.ports);
    Object.assign(merged.nodes, texts.nodes);
    Object.assign(merged.connectors, texts.connectors);
  }
  return merged;
}
