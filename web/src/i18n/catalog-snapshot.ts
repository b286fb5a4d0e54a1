import type { CatalogEntry, Connector, CredentialField, JsonSchemaProperty, UiHints } from '../api/types';
import type { CatalogDict, ConnectorTexts, ParamTexts } from './catalog';

/**
 * The English catalogue as the server sends it, reduced to the texts a person reads, in the shape
 * of a translation (`CatalogDict`). `catalog-en.json` is this for every node and connector Flowbridge
 * ships; the i18n test checks it against the node definitions and checks that ru/es translate each text.
 */
export interface CatalogSnapshot extends CatalogDict {
  /** Categories are translated in the main dictionaries (`categories.*`), listed here to check that. */
  categories: string[];
}

/** A placeholder that is an example value (a slug, a URL, an expression), not a sentence. */
export const isTechnicalPlaceholder = (text: string) => /^\{\{.*\}\}$/.test(text.trim()) || !/\s/.test(text.trim());
/** An option label that is a code (GET, ILS), the same in every language. */
export const isTechnicalOption = (label: string) => /^[A-Z0-9 _./-]+$/.test(label);

function texts(ui: UiHints | undefined, prop: JsonSchemaProperty | undefined): ParamTexts {
  const out: ParamTexts = {};
  const label = ui?.label ?? prop?.title;
  const description = ui?.description ?? prop?.description;
  if (label) out.label = label;
  if (description) out.description = description;
  if (ui?.placeholder && !isTechnicalPlaceholder(ui.placeholder)) out.placeholder = ui.placeholder;
  const options = (ui?.options ?? []).filter((o) => !isTechnicalOption(o.label));
  if (options.length) out.options = Object.fromEntries(options.map((o) => [o.value, o.label]));
  const items = Object.entries(ui?.itemFields ?? {});
  if (items.length) out.fields = Object.fromEntries(items.map(([key, itemUi]) => [key, texts(itemUi, prop?.items?.properties?.[key])]));
  return out;
}

function credentialTexts(field: CredentialField): ParamTexts {
  const out: ParamTexts = { label: field.label };
  if (field.description) out.description = field.description;
  if (field.placeholder && !isTechnicalPlaceholder(field.placeholder)) out.placeholder = field.placeholder;
  return out;
}

export function catalogSnapshot(nodes: CatalogEntry[], connectors: Pick<Connector, 'key' | 'title' | 'description' | 'category' | 'credentials'>[]): CatalogSnapshot {
  const ports = new Set<string>();
  const categories = new Set<string>();
  const snapshot: CatalogSnapshot = { categories: [], ports: {}, nodes: {}, connectors: {} };
  for (const entry of [...nodes].sort((a, b) => a.type.localeCompare(b.type))) {
    categories.add(entry.category);
    if (entry.ports === 'dynamic') entry.dynamicPorts?.then.forEach((p) => ports.add(p));
    else entry.ports.forEach((p) => ports.add(p));
    if (entry.errorPort) ports.add('error');
    const params = Object.entries(entry.inputSchema.properties ?? {}).map(([name, prop]) => [name, texts(prop['x-ui'], prop)] as const);
    snapshot.nodes[entry.type] = {
      title: entry.title,
      ...(entry.description ? { description: entry.description } : {}),
      ...(params.length ? { params: Object.fromEntries(params) } : {}),
    };
  }
  for (const connector of [...connectors].sort((a, b) => a.key.localeCompare(b.key))) {
    categories.add(connector.category);
    const texts: ConnectorTexts = { title: connector.title, description: connector.description };
    const fields = Object.entries(connector.credentials.fields);
    if (fields.length) texts.fields = Object.fromEntries(fields.map(([key, field]) => [key, credentialTexts(field)]));
    snapshot.connectors[connector.key] = texts;
  }
  snapshot.ports = Object.fromEntries([...ports].sort().map((p) => [p, p]));
  snapshot.categories = [...categories].sort();
  return snapshot;
}
