import type { IncomingRequest } from '../../../sdk';
import { asList, asPositiveInt, asRecord, asText, isRecord } from '../../../sdk/payload-values';

type Json = Record<string, unknown>;

// Bracket segments that would reach Object.prototype if used as keys.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Kommo posts PHP-style bracket keys (`leads[status][0][id]=…`). Our server nests them already
 * (qs, extended); other callers hand over the flat keys or only the raw bytes, so all three are read.
 */
export function requestPayload(request: Pick<IncomingRequest, 'body' | 'rawBody'>): Json {
  const body = request.body;
  if (isRecord(body) && Object.keys(body).length) {
    return Object.keys(body).some((k) => k.includes('[')) ? unflatten(Object.entries(body)) : body;
  }
  if (typeof body === 'string' && body.trim()) return unflatten(new URLSearchParams(body));
  if (request.rawBody?.length) {
    const text = request.rawBody.toString('utf8').trim();
    if (text.startsWith('{')) {
      try {
        return asRecord(JSON.parse(text));
      } catch {
        return {};
      }
    }
    return unflatten(new URLSearchParams(text));
  }
  return {};
}

function unflatten(entries: Iterable<[string, unknown]>): Json {
  const root: Json = {};
  for (const [key, value] of entries) {
    const segments = key.replace(/\]/g, '').split('[');
    if (segments.some((s) => UNSAFE_KEYS.has(s))) continue;
    let node = root;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) {
        node[segment] = value;
        return;
      }
      if (!isRecord(node[segment])) node[segment] = {};
      node = node[segment] as Json;
    });
  }
  return root;
}

export { asList, asPositiveInt, asRecord, asText, isRecord };
