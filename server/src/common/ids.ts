const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a canonical UUID; `------------------------------------` looks like one to a loose regex and makes Postgres throw. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
