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

/**
 * One add_jobs call for every run id a SQL query yields (a column named `id`), so a batch of
 * accepted runs pays add_jobs' statements and its notification once, not once per run. Nothing is
 * called when the query yields no row.
 */
export function addRunJobsSql(runIdsQuery: string): string {
  return `select jobs.id from (
      select array_agg(('${ADVANCE_RUN_TASK}', json_build_object('runId', q.id::text), null, null, 25, 'run:' || q.id::text, null, null)::graphile_worker.job_spec) as specs
      from (${runIdsQuery}) q
    ) batch, lateral graphile_worker.add_jobs(batch.specs) jobs
    where batch.specs is not null`;
}

export async function unscheduleRun(manager: EntityManager, runId: string): Promise<void> {
  await manager.query(`select graphile_worker.remove_job($1)`, [runJobKey(runId)]);
}

export function runJobKey(runId: string): string {
  return `run:${runId}`;
}
