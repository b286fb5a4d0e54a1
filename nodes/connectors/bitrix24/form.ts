import { asList, asPositiveInt, asRecord, asText, isRecord } from '../../sdk/payload-values';
/**
 * Bitrix24 speaks PHP's form encoding: outbound events arrive as `data[FIELDS][ID]=7`, and batch
 * commands travel as `method?filter[ENTITY_ID]=DEAL_STAGE`. Both directions live here.
 */
type Json = Record<string, unknown>;

// Bracket segments that would reach Object.prototype if used as keys.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `http_build_query`: nested objects and arrays become bracket keys. */
export function encodeForm(params: Record<string, unknown>): string {
  const form = new URLSearchParams();
  const put = (prefix: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null) return form.append(prefix, '');
    if (Array.isArray(value)) return value.forEach((item, i) => put(`${prefix}[${i}]`, item));
    if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value as Json)) put(`${prefix}[${key}]`, inner);
      return;
    }
    form.append(prefix, typeof value === 'boolean' ? (value ? 'Y' : 'N') : String(value));
  };
  for (const [key, value] of Object.entries(params)) put(key, value);
  return form.toString();
}

/** The nested object a PHP server would see; numeric keys stay object keys (read them with `asList`). */
export function decodeForm(entries: Iterable<[string, unknown]>): Json {
  const root: Json = Object.create(null);
  for (const [key, value] of entries) {
    const segments = key.replace(/\]/g, '').split('[');
    if (segments.some((s) => UNSAFE_KEYS.has(s))) continue;
    let node = root;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) {
        node[segment] = value;
        return;
      }
      if (!isRecord(node[segment])) node[segment] = Object.create(null);
      node = node[segment] as Json;
    });
  }
  return root;
}

/** Reads `field` of a record that came from outside, own properties only. */
export function field(record: unknown, name: string): unknown {
  return isRecord(record) && Object.hasOwn(record, name) ? record[name] : undefined;
}

export { asList, asPositiveInt, asRecord, asText, isRecord };
