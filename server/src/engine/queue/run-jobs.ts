import type { EntityManager } from 'typeorm';

export const ADVANCE_RUN_TASK = 'advance-run';

/**
 * Schedules the job that advances a run. Called inside the transaction that changes the run's
 * state, so the state change and its follow-up job commit together or not at all. One pending
 * job per run (job key): scheduling again moves it instead of adding a second.
 */
export async function scheduleRun(manager: EntityManager, runId: string, runAt?: Date): Promise<void> {
  await manager.query(
    `select graphile_worker.add_job($1, json_build_object('runId', $2::text), run_at := $3, job_key := $4, job_key_mode := 'replace', max_attempts := 25)`,
    [ADVANCE_RUN_TASK, runId, runAt ?? null, runJobKey(runId)],
  );
}

export async function unscheduleRun(manager: EntityManager, runId: string): Promise<void> {
  await manager.query(`select graphile_worker.remove_job($1)`, [runJobKey(runId)]);
}

export function runJobKey(runId: string): string {
  return `run:${runId}`;
}
