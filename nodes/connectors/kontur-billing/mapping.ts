import { f, InputError } from '../../sdk';
import { at, isRecord, type Json } from './wire';

/**
 * The portal's field names are not published: every node that reads or writes a potential sale or
 * an invoice takes a field mapping (our field → the portal's field, a dotted path for nested
 * objects). Unmapped fields keep the defaults below, which are what ASSUMPTIONS.md describes and
 * the simulator speaks.
 */
export const SALE_FIELDS = {
  id: 'id',
  externalId: 'externalId',
  clientName: 'client.name',
  clientInn: 'client.inn',
  clientKpp: 'client.kpp',
  contactName: 'contact.name',
  contactPhone: 'contact.phone',
  contactEmail: 'contact.email',
  orderType: 'orderType',
  product: 'product',
  completionDate: 'completionDate',
  comment: 'comment',
  status: 'status',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
} as const;

export const INVOICE_FIELDS = {
  id: 'id',
  number: 'number',
  potentialSaleId: 'potentialSaleId',
  externalId: 'externalId',
  amount: 'amount',
  currency: 'currency',
  status: 'status',
  issuedAt: 'issuedAt',
  paidAt: 'paidAt',
  payments: 'payments',
} as const;

export type SaleField = keyof typeof SALE_FIELDS;
export type InvoiceField = keyof typeof INVOICE_FIELDS;
export type Mapping<K extends string> = ReadonlyMap<K, string>;

const PORTAL_PATH = /^[A-Za-z_$][\w$-]{0,63}(\.[A-Za-z_$][\w$-]{0,63}){0,4}$/;
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

export function mappingParam<K extends string>(defaults: Record<K, string>, what: string, label = 'Field mapping') {
  const names = Object.keys(defaults);
  return f.keyValue({
    label,
    description: `The portal's name for each ${what} field that differs from the default (${Object.entries(defaults).map(([k, v]) => `${k} → ${v}`).join(', ')}); a dotted path for nested fields`,
    keys: { pattern: new RegExp(`^(${names.join('|')})$`), expected: `one of our ${what} fields (${names.join(', ')})` },
  });
}

/** The defaults with the node's overrides; a portal name must be a plain dotted path. */
export function readMapping<K extends string>(defaults: Record<K, string>, overrides: Record<string, unknown> | undefined, param = 'fieldMapping'): Mapping<K> {
  const mapping = new Map<K, string>(Object.entries(defaults) as [K, string][]);
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (!Object.hasOwn(defaults, key)) throw new InputError(`'${key}' is not a field this node maps`, { field: `${param}.${key}` });
    if (value !== undefined && value !== null && typeof value !== 'string') throw new InputError(`The portal name for ${key} must be text`, { field: `${param}.${key}` });
    const portal = value?.trim() ?? '';
    if (!portal) continue;
    if (!PORTAL_PATH.test(portal) || portal.split('.').some((s) => FORBIDDEN_SEGMENTS.has(s))) {
      throw new InputError(`'${portal.slice(0, 80)}' is not a portal field name: letters, digits, _ or -, nested with dots, at most 5 levels`, { field: `${param}.${key}` });
    }
    mapping.set(key as K, portal);
  }
  const used = new Map<string, K>();
  for (const [key, portal] of mapping) {
    const clash = used.get(portal);
    if (clash !== undefined) {
      const blamed = Object.hasOwn(overrides ?? {}, key) ? key : clash;
      throw new InputError(`Our fields ${clash} and ${key} both map to the portal field '${portal}'`, { field: `${param}.${blamed}` });
    }
    used.set(portal, key);
  }
  return mapping;
}

/** Builds the portal's object from our values, nesting dotted paths; undefined values are left out. */
export function toPortal<K extends string>(values: NoInfer<Partial<Record<K, unknown>>>, mapping: Mapping<K>, extra: Record<string, unknown> = {}): Json {
  const out: Json = {};
  const put = (dotted: string, value: unknown, param: string) => {
    const parts = dotted.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = Object.hasOwn(node, part) ? node[part] : undefined;
      if (next !== undefined && !isRecord(next)) throw new InputError(`The portal field '${dotted}' sits inside '${part}', which another field sets to a value`, { field: param });
      if (next === undefined) Object.defineProperty(node, part, { value: {}, enumerable: true, writable: true, configurable: true });
      node = node[part] as Json;
    }
    Object.defineProperty(node, parts.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
  };
  for (const [key, portal] of mapping) {
    if (Object.hasOwn(values, key) && values[key] !== undefined) put(portal, values[key], key);
  }
  for (const [portal, value] of Object.entries(extra)) put(portal, value, `extraFields.${portal}`);
  return out;
}

/** Our field's value in the portal's object. */
export function read<K extends string>(wire: unknown, mapping: Mapping<K>, key: K): unknown {
  const portal = mapping.get(key);
  return portal ? at(wire, portal) : undefined;
}

/** The node param a portal field (named in a refusal) came from. */
export function paramOf<K extends string>(mapping: Mapping<K>, portal: string, params: Partial<Record<K, string>> = {}): string | undefined {
  for (const [key, path] of mapping) if (path === portal) return params[key] ?? key;
  return undefined;
}

/** Extra portal fields as given: each key a portal path, each value plain JSON. */
export function readExtraFields(value: Record<string, unknown> | undefined, param = 'extraFields'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const entries = Object.entries(value ?? {});
  if (entries.length > 50) throw new InputError('At most 50 extra portal fields', { field: param });
  for (const [portal, v] of entries) {
    if (!PORTAL_PATH.test(portal) || portal.split('.').some((s) => FORBIDDEN_SEGMENTS.has(s))) throw new InputError(`'${portal.slice(0, 80)}' is not a portal field name`, { field: `${param}.${portal.slice(0, 80)}` });
    if (JSON.stringify(v ?? null).length > 10_000) throw new InputError(`The value of '${portal}' is longer than 10 000 characters`, { field: `${param}.${portal}` });
    Object.defineProperty(out, portal, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
