import type { EntityManager } from 'typeorm';
import { scheduleRun } from './queue/run-jobs';

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
  const woken: { run_id: string }[] = await tx.query(
    `with waiting as (
       select s.id, s.run_id from steps s join runs r on r.id = s.run_id
       where s.status = 'waiting' and s.event_type = $1 and s.event_key = $2 and s.event_data is null and r.status = 'waiting'
         and not exists (select 1 from steps later where later.run_id = s.run_id and later.node_id = s.node_id and later.id > s.id)
       for update of s
     )
     update steps set event_data = $3::jsonb, wake_at = $4 from waiting where steps.id = waiting.id
     returning waiting.run_id`,
    [event.type, event.key, data, now],
  ).then((result: unknown) => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as { run_id: string }[]);
  const runIds = [...new Set(woken.map((w) => w.run_id))];
  for (const runId of runIds) {
    await tx.query(`update runs set wake_at = $2 where id = $1`, [runId, now]);
    await scheduleRun(tx, runId);
  }
  return runIds;
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
