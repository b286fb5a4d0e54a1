import type { EntityManager } from 'typeorm';
import { wakeOnEvent } from './run-store';

const EVENT_LOCK_NAMESPACE = 7304;

export interface BusinessEvent {
  type: string;
  key: string;
  data?: unknown;
  source?: string;
}

/**
 * Records a business event and wakes every run waiting for its type and correlation key, in the
 * caller's transaction: either the event and all its wake-ups commit, or none of them.
 */
export async function emitEvent(tx: EntityManager, event: BusinessEvent, now: Date): Promise<string[]> {
  await lockEventKey(tx, event.type, event.key);
  const data = JSON.stringify(event.data ?? {});
  await tx.query(`insert into events (type, key, data, source, created_at) values ($1, $2, $3::jsonb, $4, $5)`, [event.type, event.key, data, event.source ?? null, now]);
  return wakeOnEvent(tx, event.type, event.key, data, now);
}

/**
 * An event and a run starting to wait for it serialise on their type and key: otherwise an event
 * committed while the waiting step is being stored finds no waiter, and the waiter's look-up
 * (made before that commit) finds no event, and the run waits for its timeout.
 */
async function lockEventKey(tx: EntityManager, type: string, key: string): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock($1, hashtext($2))`, [EVENT_LOCK_NAMESPACE, `${type}\n${key}`]);
}


/** Looks for an event that already happened, holding the event's key until the caller's transaction ends. */
export async function findEvent(tx: EntityManager, type: string, key: string): Promise<{ data: unknown } | undefined> {
  await lockEventKey(tx, type, key);
  const [row] = await tx.query(`select data from events where type = $1 and key = $2 order by id desc limit 1`, [type, key]);
  return row;
}
