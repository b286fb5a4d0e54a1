import type { IncomingRequest } from '../../../sdk';

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

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): Json {
  return isRecord(value) ? value : {};
}

/** `[0]`, `[1]` … arrive as an array from qs but as an object with numeric keys from unflatten (and past qs's array limit). */
export function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) return [];
  return Object.keys(value).filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b)).map((k) => value[k]);
}

export function asPositiveInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}
