import { createHash } from 'node:crypto';

/** Which system a record lives in, in a sync between two: "left" (e.g. the CRM) and "right" (e.g. the partner portal). */
export type SyncSide = 'left' | 'right';

/** One record known on both sides, and what the sync last wrote or saw on each. */
export interface SyncLink {
  sync: string;
  leftId: string;
  rightId: string;
  /** Hash of the synced fields as the sync last left them on each side (see recordHash). */
  leftHash: string | null;
  rightHash: string | null;
  updatedAt: string;
}

/** The sync-state store: ids mapped across two systems, per named sync. Lookups go by either side's id. */
export interface SyncStore {
  find(sync: string, side: SyncSide, id: string): Promise<SyncLink | null>;
  save(link: Omit<SyncLink, 'updatedAt'>): Promise<SyncLink>;
}

/**
 * The same for records that mean the same: keys sorted, text trimmed, numbers and numeric text
 * alike ("120000.00" from one API and 120000 from the other), empty text and null alike.
 */
export function canonicalValue(value: unknown, depth = 0): unknown {
  if (depth > 20) throw new Error('a synced record is nested deeper than 20 levels');
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    return /^-?\d+(\.\d+)?$/.test(text) ? String(Number(text)) : text;
  }
  if (Array.isArray(value)) return value.map((v) => canonicalValue(v, depth + 1));
  if (typeof value === 'object') {
    const out: [string, unknown][] = [];
    for (const key of Object.keys(value).sort()) out.push([key, canonicalValue((value as Record<string, unknown>)[key], depth + 1)]);
    return out.filter(([, v]) => v !== null);
  }
  return String(value);
}

export function recordHash(record: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonicalValue(record))).digest('hex').slice(0, 32);
}

/** An in-memory store for specs and runNode(). */
export function memorySyncStore(): SyncStore & { links: SyncLink[] } {
  const links: SyncLink[] = [];
  return {
    links,
    async find(sync, side, id) {
      return links.find((l) => l.sync === sync && (side === 'left' ? l.leftId === id : l.rightId === id)) ?? null;
    },
    async save(link) {
      const saved = { ...link, updatedAt: new Date().toISOString() };
      const at = links.findIndex((l) => l.sync === link.sync && (l.leftId === link.leftId || l.rightId === link.rightId));
      if (at >= 0) links.splice(at, 1, saved);
      else links.push(saved);
      return saved;
    },
  };
}
