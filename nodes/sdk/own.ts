/**
 * Reads a key that came from outside (a request, a flow, a remote system) from own properties only:
 * on a plain object `record[key]` also answers `constructor`, `toString` or `__proto__`.
 */
export function own<T>(record: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return record !== null && record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A dictionary for keys from outside: no prototype, so nothing answers that was not put there. */
export function dictionary<T>(entries?: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (entries) for (const [key, value] of entries) out[key] = value;
  return out;
}

/** A text value (a credential field, a form answer) under a key from outside: own properties and strings only. */
export function ownText(record: Readonly<Record<string, unknown>> | null | undefined, key: string): string | undefined {
  const value = own(record, key);
  return typeof value === 'string' ? value : undefined;
}
