import type { TriggerContext } from '../../../sdk';
import type { ChangeCursor, Page } from '../api';
import { compareIds } from '../wire';

// At most 5 pages of 100 per poll: a backlog is worked off over the next polls, each one short.
export const MAX_PAGES_PER_POLL = 5;

/** Where an item sits in the portal's order: its change time, then its id. */
export interface Position {
  id: string;
  at: string;
}

const isAfter = (item: Position, cursor: ChangeCursor) =>
  item.at > cursor.since || (item.at === cursor.since && (!cursor.afterId || compareIds(item.id, cursor.afterId) > 0));

/**
 * Reads what changed after the cursor, page by page (keyset: `since` = the last change time seen,
 * `afterId` = the last id at that time), and answers it oldest first with the cursor after the last.
 * Whatever the portal sends before the cursor, or twice, is dropped here, so a portal that filters
 * more loosely than assumed still delivers each change once.
 */
export async function readChanges<T>(
  from: ChangeCursor,
  fetch: (cursor: ChangeCursor) => Promise<Page<T>>,
  positionOf: (item: T) => Position | undefined,
  ctx: TriggerContext,
  what: string,
): Promise<{ items: T[]; cursor: ChangeCursor }> {
  const items: T[] = [];
  let cursor = from;
  let more = true;
  let unreadable = 0;
  for (let page = 0; page < MAX_PAGES_PER_POLL && more; page++) {
    const answer = await fetch(cursor);
    const placed = answer.items.flatMap((item) => {
      const position = positionOf(item);
      if (!position) unreadable++;
      return position ? [{ item, position }] : [];
    }).sort((a, b) => (a.position.at < b.position.at ? -1 : a.position.at > b.position.at ? 1 : compareIds(a.position.id, b.position.id)));
    const before = items.length;
    for (const { item, position } of placed) {
      if (!isAfter(position, cursor)) continue;
      items.push(item);
      cursor = { since: position.at, afterId: position.id };
    }
    // A page that brought nothing new cannot move the cursor on; asking again would loop.
    more = answer.hasMore && items.length > before;
  }
  if (unreadable) ctx.log.warn(`Kontur.Billing sent ${unreadable} ${what} without an id or a time; check the field mapping`, { unreadable });
  if (more) ctx.log.info(`Kontur.Billing has more ${what} than one poll reads; the next poll goes on from here`, { delivered: items.length });
  return { items, cursor };
}

export function readCursor(cursor: unknown, ctx: TriggerContext): ChangeCursor {
  if (cursor === undefined || cursor === null) return { since: ctx.now().toISOString() };
  const c = typeof cursor === 'object' && !Array.isArray(cursor) ? (cursor as Record<string, unknown>) : {};
  const since = Object.hasOwn(c, 'since') && typeof c.since === 'string' && !Number.isNaN(Date.parse(c.since)) ? new Date(c.since).toISOString() : undefined;
  const afterId = Object.hasOwn(c, 'afterId') && typeof c.afterId === 'string' && c.afterId.length <= 100 ? c.afterId : undefined;
  if (since) return { since, ...(afterId ? { afterId } : {}) };
  // Our own cursor never looks like this; starting afresh loses less than failing every poll.
  ctx.log.warn('Kontur.Billing poll cursor is not one this trigger wrote; listening from now on', { cursor: typeof cursor });
  return { since: ctx.now().toISOString() };
}
