/** Characters of the serialised payload kept in a truncation marker, so the run log still shows its start. */
export const TRUNCATED_PREVIEW_CHARS = 2000;

/** What a step payload over the size limit is stored as. */
export interface TruncatedPayload {
  $truncated: true;
  /** Bytes of the full payload as JSON. */
  size: number;
  preview: string;
}

/** A payload ready for a jsonb column: `json` is what is inserted, `value` what the run sees from then on. */
export interface StorablePayload {
  json: string | null;
  value: unknown;
}

// JSON.stringify writes NUL and lone surrogates as \u escapes, which jsonb refuses; well-formed pairs stay raw.
// A false positive (an escaped backslash before "u0000") only costs the slow path.
const SUSPECT_ESCAPE = /\\u(0000|d[89a-f])/i;
const NUL = /\u0000/g;

/**
 * Makes any JSON value storable in jsonb: NUL characters and lone surrogates, in strings and in
 * object keys, become U+FFFD (visible in the run log, never a silent drop), and a payload whose
 * JSON is larger than `limitBytes` becomes a truncation marker with its full size and a preview.
 * A remote answer we could not store must never make the engine call the remote again.
 */
export function storable(value: unknown, limitBytes: number): StorablePayload {
  if (value === undefined) return { json: null, value: undefined };
  let json = JSON.stringify(value);
  if (json === undefined) return { json: null, value: undefined };
  if (SUSPECT_ESCAPE.test(json)) {
    value = wellFormed(JSON.parse(json));
    json = JSON.stringify(value);
  }
  const size = json.length <= limitBytes / 3 ? json.length : Buffer.byteLength(json);
  if (size <= limitBytes) return { json, value };
  const marker: TruncatedPayload = { $truncated: true, size, preview: json.slice(0, Math.min(TRUNCATED_PREVIEW_CHARS, limitBytes)).toWellFormed() };
  return { json: JSON.stringify(marker), value: marker };
}

function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(NUL, '\uFFFD').toWellFormed();
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    // defineProperty: a key that reads "__proto__" must stay plain data, not become the prototype.
    Object.defineProperty(copy, wellFormed(key) as string, { value: wellFormed(inner), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}
