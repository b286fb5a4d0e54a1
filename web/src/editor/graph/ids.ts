const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** A readable, unique node id from its type ("easycount.createInvoice" → "createInvoice", "createInvoice2", …). */
export function newNodeId(type: string, taken: ReadonlySet<string>): string {
  const last = type.split('.').pop() ?? 'node';
  let base = last.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 56);
  if (!ID_PATTERN.test(base)) base = `node${base}`.slice(0, 56);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function isValidNodeId(id: string): boolean {
  return ID_PATTERN.test(id);
}
