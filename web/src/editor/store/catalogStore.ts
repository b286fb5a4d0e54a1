import { create } from 'zustand';
import { catalogApi } from '../../api/endpoints';
import type { CatalogEntry } from '../../api/types';
import { dict } from '../../lib/dict';
import { useCatalogTexts } from '../../i18n/catalog';
import i18n from 'i18next';

interface CatalogState {
  entries: CatalogEntry[];
  byType: Record<string, CatalogEntry>;
  loaded: boolean;
  error: string | null;
  load: () => Promise<void>;
  setEntries: (entries: CatalogEntry[]) => void;
}

export const useCatalog = create<CatalogState>((set) => ({
  entries: [],
  byType: dict(),
  loaded: false,
  error: null,
  setEntries: (entries) => set({ entries, byType: dict(entries.map((e) => [e.type, e])), loaded: true, error: null }),
  load: async () => {
    try {
      // The texts of the UI language come with the catalogue, so nothing shows in English first.
      const [entries] = await Promise.all([catalogApi.nodes(), useCatalogTexts.getState().load(i18n.resolvedLanguage ?? i18n.language)]);
      set({ entries, byType: dict(entries.map((e) => [e.type, e])), loaded: true, error: null });
    } catch (error) {
      set({ error: (error as Error).message, loaded: true });
    }
  },
}));

export const lookupEntry = (type: string): CatalogEntry | undefined => useCatalog.getState().byType[type];

export function defaultParams(entry: CatalogEntry): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(entry.inputSchema.properties ?? {})) {
    if (prop.default !== undefined) params[name] = structuredClone(prop.default);
  }
  return params;
}
