import type { EntityManager } from 'typeorm';
import type { FlowSettings } from '@flowbridge/nodes/sdk';
import { addRunJobSql } from './queue/run-jobs';
import { markAdmitted } from './run-store';

/** Advisory-lock namespace for "admitting runs of this flow": admissions of one flow happen one at a time. */
const ADMISSION_LOCK_NAMESPACE = 7302;
/** How many waiting runs of a flow look again when one of its runs ends (each re-checks its own turn). */
const RELEASE_BATCH = 10;

export type Concurrency = NonNullable<FlowSettings['concurrency']>;

/** Whether a flow's runs wait for their turn before they start. */
export function isGated(settings: FlowSettings | undefined): boolean {
  const c = settings?.concurrency;
  return !!c && (c.perBusinessKey === true || c.maxRuns !== undefined);
}

export interface PendingRun {
  id: string;
  flowId: string;
  businessKey: string | null;
  seq: string;
}

/**
 * Decides whether a queued run of a gated flow may start now, and marks it started if so, under
 * the flow's admission lock. A run may start when no run of its business key is in progress or
 * ahead of it in line (per key), and fewer than `maxRuns` runs of the flow are in progress or
 * ahead of it (cap). In progress means started and not ended: running or waiting for a timer or
 * an event. Runs held back only by their own key do not count as ahead for the cap.
 */
export async function admitRun(manager: EntityManager, run: PendingRun, concurrency: Concurrency, now: Date): Promise<boolean> {
  return manager.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock($1, hashtext($2::text))`, [ADMISSION_LOCK_NAMESPACE, run.flowId]);
    const perKey = concurrency.perBusinessKey === true && run.businessKey !== null;
    const [row]: { key_busy: boolean; active: number; ahead: number }[] = await tx.query(
      `select
         $4::boolean and exists (
           select 1 from runs where flow_id = $1 and business_key = $2 and status in ('queued', 'running', 'waiting')
             and (started_at is not null or seq < $3) and id <> $5) as key_busy,
         (select count(*)::int from runs where flow_id = $1 and status in ('queued', 'running', 'waiting') and started_at is not null) as active,
         (select count(*)::int from runs q where q.flow_id = $1 and q.status = 'queued' and q.started_at is null and q.seq < $3
            and not ($6::boolean and q.business_key is not null and exists (
              select 1 from runs r where r.flow_id = $1 and r.business_key = q.business_key and r.status in ('queued', 'running', 'waiting') and r.started_at is not null))) as ahead`,
      [run.flowId, run.businessKey, run.seq, perKey, run.id, concurrency.perBusinessKey === true],
    );
    if (row.key_busy) return false;
    if (concurrency.maxRuns !== undefined && row.active + row.ahead >= concurrency.maxRuns) return false;
    return markAdmitted(tx, run.id, now);
  });
}

/**
 * Called in the transaction that ends a run (succeeded, failed, cancelled): the next runs in
 * line for its business key and for its flow get a job, which re-checks their turn.
 */
export async function releaseNext(manager: EntityManager, endedRunId: string): Promise<void> {
  await manager.query(
    `select ${addRunJobSql('next.id')} from (
       (select q.id, q.seq from runs r join runs q on q.flow_id = r.flow_id and q.business_key = r.business_key
          and q.status = 'queued' and q.started_at is null and q.id <> r.id
        where r.id = $1 and r.gated order by q.seq limit 1)
       union
       (select q.id, q.seq from runs r join runs q on q.flow_id = r.flow_id and q.status = 'queued' and q.started_at is null and q.id <> r.id
        where r.id = $1 and r.gated order by q.seq limit ${RELEASE_BATCH})
     ) next`,
    [endedRunId],
  );
}

/** Runs still in line with no job to look at them; the sweep gives each one. */
export const releaseSweepSql = `select r.id from runs r
  where r.status = 'queued' and r.started_at is null and r.gated
    and not exists (select 1 from graphile_worker.jobs j where j.key = 'run:' || r.id::text)
  order by r.seq limit 100`;
