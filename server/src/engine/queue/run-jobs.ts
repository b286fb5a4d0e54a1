import type { EntityManager } from 'typeorm';

export const ADVANCE_RUN_TASK = 'advance-run';

/**
 * Schedules the job that advances a run. Called inside the transaction that changes the run's
 * state, so the state change and its follow-up job commit together or not at all. One pending
 * job per run (job key): scheduling again moves it instead of adding a second.
 */
export async function scheduleRun(manager: EntityManager, runId: string, runAt?: Date): Promise<void> {
  await manager.query(`select ${addRunJobSql('$1::uuid', '$2::timestamptz')}`, [runId, runAt ?? null]);
}

/** The add_job call for a run id given as a SQL expression, so intake can fold it into one statement. */
export function addRunJobSql(runIdSql: string, runAtSql = 'null'): string {
  return `graphile_worker.add_job('${ADVANCE_RUN_TASK}', json_build_object('runId', ${runIdSql}::text), run_at := ${runAtSql},
    job_key := 'run:' || ${runIdSql}::text, job_key_mode := 'replace', max_attempts := 25)`;
}

export async function unscheduleRun(manager: EntityManager, runId: string): Promise<void> {
  await manager.query(`select graphile_worker.remove_job($1)`, [runJobKey(runId)]);
}

export function runJobKey(runId: string): string {
  return `run:${runId}`;
}
