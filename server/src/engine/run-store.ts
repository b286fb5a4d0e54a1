import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ROOT_PATH } from '@flowbridge/nodes/sdk';
import { stateKey, type NodeState, type StepRef } from './executor/plan-next-step';
import type { StorablePayload } from './executor/storable';
import { addRunJobSql, addRunJobsSql, scheduleRun, unscheduleRun } from './queue/run-jobs';
import { preparedQuery } from '../database/prepared';

/**
 * The run store: every change to `runs` and `steps` is one of the named operations below, each a
 * single statement or a few in the caller's transaction. Steps are append-only; the newest row of
 * a node and iteration path is its state. A follow-up job (a timer, a retry) is added in the same
 * transaction as the state that needs it.
 */

export interface StepRecord {
  runId: string;
  nodeId: string;
  /** `0` at the top of the run; `0.2` in a loop's third item. */
  path: string;
  attempt: number;
  status: NodeState['status'];
  port?: string | null;
  /** Payloads pass through storable() first: jsonb refuses some strings, and sizes are capped. */
  input?: StorablePayload;
  output?: StorablePayload;
  error?: StorablePayload;
  wakeAt?: Date | null;
  retryAt?: Date | null;
  event?: { type: string; key: string } | null;
  /** Set when the awaited event had already happened before the run started waiting. */
  eventData?: StorablePayload;
  /** How `wakeAt` came from a production calendar: { calendar, timezone, plan }. */
  wakePlan?: unknown;
  startedAt: Date;
  finishedAt?: Date | null;
  /**
   * The process driving the run. Its record is refused once another process has taken the run
   * over (this one stopped beating for a while, yet lives): it learns the run is no longer its own
   * and stops before its next side effect, instead of driving on beside the new driver.
   */
  driver?: string;
}

export interface LoadedNodeState extends NodeState {
  output: unknown;
  /** The stored error of a step that failed. */
  error?: unknown;
  /** For a node waiting on an event: the event's type, and its data once it arrived. */
  eventType?: string | null;
  eventData?: unknown;
}

export interface ClaimedRun {
  id: string;
  flowId: string;
  flowVersionId: string;
  triggerNodeId: string;
  businessKey: string | null;
  createdAt: Date;
  /** The flow limits concurrency: ending this run lets the next ones in line start. */
  gated: boolean;
  /** Set for a sub-flow's run: ending it tells the parent waiting for it. */
  parentRunId: string | null;
}

/** A queued run of a gated flow that has not been let in yet: claim leaves it queued. */
export interface UnadmittedRun {
  id: string;
  flowId: string;
  flowVersionId: string;
  businessKey: string | null;
  seq: string;
}

export interface NewRun {
  flowId: string;
  flowVersionId: string;
  triggerNodeId: string;
  businessKey: string | null;
  dedupeKey: string | null;
  gated: boolean;
  parent: { runId: string; nodeId: string } | null;
  /** The trigger step: done (its output is the delivery), or still to load (the delivery is its input). */
  trigger: { pending: boolean; json: string };
  /** Written once here so the run list filters on them without joining versions. */
  isTest: boolean;
  triggerType: string | null;
  retryOf: string | null;
  /**
   * The process that drives the run right after intake (RunStarter's hand-off): stored running,
   * with it as the driver, and given no job. Should that process die first, its runs are found by
   * recoverOrphans.
   */
  driver?: string | null;
}

/**
 * A run whose trigger discarded its delivery, kept only for its dedupe key (see discardRun). It is
 * no run to anyone: every read, list and count of runs leaves it out with VISIBLE_RUN.
 */
export const DISCARDED = 'discarded';
/** The condition on `runs` (aliased `alias`) that leaves discarded runs out. */
export const VISIBLE_RUN = (alias = 'r') => `${alias}.status <> '${DISCARDED}'`;

const json = (payload: StorablePayload | undefined) => payload?.json ?? null;
const date = (value: string | null) => (value === null ? null : new Date(value));
const LIVE = `('queued', 'running', 'waiting')`;
/** The newest row of each node and path: the one no later row of the same node and path follows. */
const NEWEST = (alias: string) => `not exists (select 1 from steps later where later.run_id = ${alias}.run_id and later.node_id = ${alias}.node_id
  and later.iteration_path = ${alias}.iteration_path and later.id > ${alias}.id)`;

/** The run's driver (in `alias`) still beats: a worker process that died or stopped drives nothing. */
const DRIVER_BEATS = (alias: string, deadAfterMsParam: string) => `exists (select 1 from worker_heartbeats h where h.process_id = ${alias}.driver
  and h.seen_at > now() - make_interval(secs => ${deadAfterMsParam}::float / 1000))`;

/** Rows of UPDATE … RETURNING: TypeORM answers [rows, count] for them. */
const returned = <T>(result: unknown): T[] => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];

/** Start: the run, its trigger step and the job that drives it, in one statement (one round trip at intake). Undefined when the dedupe key matched. */
export async function insertRun(manager: EntityManager, run: NewRun, now: Date): Promise<string | undefined> {
  // status, port, input, output, wake_at, finished_at
  const step = run.trigger.pending ? ['waiting', null, run.trigger.json, null, now, null] : ['succeeded', 'out', null, run.trigger.json, null, now];
  const [inserted]: { id: string }[] = await manager.query(
    `with run as (
       insert into runs (flow_id, flow_version_id, status, trigger_node_id, business_key, dedupe_key, created_at, gated, parent_run_id, parent_node_id, is_test, trigger_type, retry_of)
       values ($1, $2, 'queued', $3, $4, $5, $6, $13, $14, $15, $16, $17, $18)
       on conflict (flow_id, dedupe_key) where dedupe_key is not null do nothing
       returning id
     ), step as (
       insert into steps (run_id, node_id, attempt, status, port, input, output, wake_at, started_at, finished_at)
       select id, $3, 1, $7::text, $8::text, $9::jsonb, $10::jsonb, $11::timestamptz, $6, $12::timestamptz from run
     ), job as (
       select ${addRunJobSql('run.id')} from run
     )
     select run.id, (select count(*) from job) as jobs from run`,
    [run.flowId, run.flowVersionId, run.triggerNodeId, run.businessKey, run.dedupeKey, now, ...step, run.gated, run.parent?.runId ?? null, run.parent?.nodeId ?? null, run.isTest, run.triggerType, run.retryOf],
  );
  return inserted?.id;
}

/**
 * Start, many at once: runs accepted by concurrent requests, in one statement (one commit for all).
 * Ids are made here so each caller learns whether its own run went in; a run whose dedupe key
 * matched an earlier one (or one earlier in the same batch) answers undefined.
 */
export async function insertRuns(manager: EntityManager, runs: (NewRun & { createdAt: Date })[]): Promise<(string | undefined)[]> {
  const ids = runs.map(() => randomUUID());
  const column = <T>(pick: (r: NewRun & { createdAt: Date }) => T) => runs.map(pick);
  const inserted = await preparedQuery<{ id: string }>(manager, 'flowbridge_insert_runs',
    `with input as (
       select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::boolean[], $9::uuid[], $10::text[],
                            $11::boolean[], $12::text[], $13::uuid[], $14::boolean[], $15::text[], $16::text[])
         with ordinality as i(id, flow_id, flow_version_id, trigger_node_id, business_key, dedupe_key, created_at, gated, parent_run_id, parent_node_id,
                              is_test, trigger_type, retry_of, pending, trigger_json, driver, ord)
     ), run as (
       -- A run handed to its driver at intake is running from its commit: the driver needs no claim.
       insert into runs (id, flow_id, flow_version_id, status, started_at, trigger_node_id, business_key, dedupe_key, created_at, gated, parent_run_id, parent_node_id, is_test, trigger_type, retry_of, driver)
       select id, flow_id, flow_version_id, case when driver is null then 'queued' else 'running' end, case when driver is not null then created_at end,
              trigger_node_id, business_key, dedupe_key, created_at, gated, parent_run_id, parent_node_id, is_test, trigger_type, retry_of, driver
       from input order by ord
       on conflict (flow_id, dedupe_key) where dedupe_key is not null do nothing
       returning id
     ), step as (
       insert into steps (run_id, node_id, attempt, status, port, input, output, wake_at, started_at, finished_at)
       select i.id, i.trigger_node_id, 1, case when i.pending then 'waiting' else 'succeeded' end, case when i.pending then null else 'out' end,
              case when i.pending then i.trigger_json::jsonb end, case when i.pending then null else i.trigger_json::jsonb end,
              case when i.pending then i.created_at end, i.created_at, case when i.pending then null else i.created_at end
       from input i join run r on r.id = i.id order by i.ord
     ), job as (
       -- A run handed to its driver at intake gets no job.
       ${addRunJobsSql('select run.id from run join input i on i.id = run.id where i.driver is null')}
     )
     select run.id, (select count(*) from job) as jobs from run`,
    [ids, column((r) => r.flowId), column((r) => r.flowVersionId), column((r) => r.triggerNodeId), column((r) => r.businessKey), column((r) => r.dedupeKey),
      column((r) => r.createdAt), column((r) => r.gated), column((r) => r.parent?.runId ?? null), column((r) => r.parent?.nodeId ?? null),
      column((r) => r.isTest), column((r) => r.triggerType), column((r) => r.retryOf), column((r) => r.trigger.pending), column((r) => r.trigger.json), column((r) => r.driver ?? null)],
  );
  const stored = new Set(inserted.map((r) => r.id));
  return ids.map((id) => (stored.has(id) ? id : undefined));
}

/** What claiming one run found: it is ours now (`run`), another live worker drives it (`busy`), it waits its turn, or it ended. */
export interface Claim {
  busy: boolean;
  run?: ClaimedRun;
  unadmitted?: UnadmittedRun;
  states: Map<string, LoadedNodeState>;
}

/**
 * Claim, many runs at once: each live run not driven by another worker that still beats becomes
 * `driver`'s and running, and the newest state of every node in every iteration is read with it,
 * in one round trip for all. A run waiting for its turn is only described (`unadmitted`). The
 * driver's own stale mark (a release that failed) is taken over: the caller keeps one job per run
 * in flight in its process.
 */
export async function claimRuns(manager: EntityManager, runIds: string[], driver: string, now: Date, deadAfterMs: number): Promise<Claim[]> {
  type StateRow = { node_id: string; iteration_path: string; status: NodeState['status']; port: string | null; attempt: number; output: unknown; error: unknown; wake_at: string | null; retry_at: string | null; event_type: string | null; event_data: unknown };
  type Row = { id: string; busy: boolean; run: (Omit<ClaimedRun, 'createdAt'> & { createdAt: string }) | null; unadmitted: UnadmittedRun | null; states: StateRow[] | null };
  const rows = await preparedQuery<Row>(manager, 'flowbridge_claim_runs',
    `with input as (select distinct unnest($1::uuid[]) as id),
     run as (
       update runs r set status = 'running', started_at = coalesce(r.started_at, $2), driver = $3
       where r.id in (select id from input) and r.status in ${LIVE}
         and not (r.gated and r.status = 'queued' and r.started_at is null)
         and (r.driver is null or r.driver = $3 or not ${DRIVER_BEATS('r', '$4')})
       returning r.id, r.flow_id as "flowId", r.flow_version_id as "flowVersionId", r.trigger_node_id as "triggerNodeId",
                 r.business_key as "businessKey", r.created_at as "createdAt", r.gated, r.parent_run_id as "parentRunId"
     )
     select i.id, c.run, coalesce(o.busy, false) as busy, o.unadmitted,
            -- Read for the claimed runs only, in the statement that claimed them.
            case when c.run is not null then (select coalesce(json_agg(s), '[]'::json) from (
               select distinct on (node_id, iteration_path) node_id, iteration_path, status, port, attempt, output,
                      case when status = 'failed' then error end as error, wake_at, retry_at, event_type, event_data
               from steps where run_id = i.id order by node_id, iteration_path, id desc) s) end as states
     from input i
     left join lateral (select row_to_json(run) as run from run where run.id = i.id) c on true
     -- Looked up only for what was not claimed: the common case pays nothing for it.
     left join lateral (
       -- Live, its turn, and not ours: another driver holds it, or claimed it while this statement
       -- waited for the row (then this statement's snapshot still shows the row as it was before).
       select o.status in ${LIVE} and not (o.gated and o.status = 'queued' and o.started_at is null) as busy,
              case when o.gated and o.status = 'queued' and o.started_at is null then
                json_build_object('id', o.id, 'flowId', o.flow_id, 'flowVersionId', o.flow_version_id, 'businessKey', o.business_key, 'seq', o.seq::text) end as unadmitted
       from runs o where o.id = i.id and c.run is null) o on true`,
    [runIds, now, driver, deadAfterMs],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return runIds.map((id) => {
    const row = byId.get(id);
    const states = new Map((row?.states ?? []).map((r) => [stateKey(r.node_id, r.iteration_path), {
      status: r.status, port: r.port, attempt: r.attempt, output: r.output, error: r.error ?? undefined, wakeAt: date(r.wake_at), retryAt: date(r.retry_at), eventType: r.event_type, eventData: r.event_data,
    }]));
    return { busy: !!row?.busy, run: row?.run ? { ...row.run, createdAt: new Date(row.run.createdAt) } : undefined, unadmitted: row?.unadmitted ?? undefined, states };
  });
}

/** Release: the driving job ended without a write that let the run go (finish, fail, sleep, discard do). */
export async function releaseRun(manager: EntityManager, runId: string, driver: string): Promise<void> {
  await manager.query(`update runs set driver = null where id = $1 and driver = $2`, [runId, driver]);
}

/** Admit: a queued run of a gated flow is let in (counts as started from now on). */
export async function markAdmitted(tx: EntityManager, runId: string, now: Date): Promise<boolean> {
  const marked: unknown[] = returned(await tx.query(`update runs set started_at = $2 where id = $1 and status = 'queued' and started_at is null returning id`, [runId, now]));
  return marked.length > 0;
}

/**
 * Step result (succeeded, failed, skipped, or the start of a wait), stored only while its run is
 * still live: a step finishing after a cancel is dropped, and the caller learns it (false).
 */
export async function recordStep(manager: EntityManager, s: StepRecord): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `insert into steps (run_id, node_id, iteration_path, attempt, status, port, input, output, error, wake_at, retry_at, started_at, finished_at, event_type, event_key, event_data, wake_plan)
     select $1, $2, $17, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14, $15::jsonb, $16::jsonb
     where exists (select 1 from runs where id = $1 and status in ${LIVE} and ($18::text is null or driver = $18::text))
     returning id`,
    [s.runId, s.nodeId, s.attempt, s.status, s.port ?? null, json(s.input), json(s.output), json(s.error), s.wakeAt ?? null, s.retryAt ?? null, s.startedAt, s.finishedAt ?? null,
      s.event?.type ?? null, s.event?.key ?? null, json(s.eventData), s.wakePlan === undefined ? null : JSON.stringify(s.wakePlan), s.path, s.driver ?? null],
  );
  return rows.length > 0;
}

const STEP_COLUMNS = 'run_id, node_id, iteration_path, attempt, status, port, input, output, error, wake_at, retry_at, started_at, finished_at, event_type, event_key, event_data, wake_plan';

/**
 * The rows of `records` as a SELECT over parallel arrays, in their order (a node's newest row is
 * its last), parameters from `$first` on, filtered by `where` (on `s`).
 */
function stepRows(records: StepRecord[], first: number, where: string): { sql: string; params: unknown[] } {
  const p = (n: number) => `$${first + n}`;
  const sql = `select s.run_id, s.node_id, s.iteration_path, s.attempt, s.status, s.port, s.input::jsonb, s.output::jsonb, s.error::jsonb, s.wake_at, s.retry_at,
                 s.started_at, s.finished_at, s.event_type, s.event_key, s.event_data::jsonb, s.wake_plan::jsonb
    from unnest(${p(0)}::uuid[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::int[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::text[], ${p(7)}::text[], ${p(8)}::text[],
                ${p(9)}::timestamptz[], ${p(10)}::timestamptz[], ${p(11)}::timestamptz[], ${p(12)}::timestamptz[], ${p(13)}::text[], ${p(14)}::text[], ${p(15)}::text[], ${p(16)}::text[])
      with ordinality as s(run_id, node_id, iteration_path, attempt, status, port, input, output, error, wake_at, retry_at, started_at, finished_at, event_type, event_key, event_data, wake_plan, ord)
    where ${where}
    order by s.ord`;
  const column = <T>(pick: (r: StepRecord) => T) => records.map(pick);
  return {
    sql,
    params: [
      column((r) => r.runId), column((r) => r.nodeId), column((r) => r.path), column((r) => r.attempt), column((r) => r.status), column((r) => r.port ?? null),
      column((r) => json(r.input)), column((r) => json(r.output)), column((r) => json(r.error)), column((r) => r.wakeAt ?? null), column((r) => r.retryAt ?? null),
      column((r) => r.startedAt), column((r) => r.finishedAt ?? null), column((r) => r.event?.type ?? null), column((r) => r.event?.key ?? null),
      column((r) => json(r.eventData)), column((r) => (r.wakePlan === undefined ? null : JSON.stringify(r.wakePlan))),
    ],
  };
}

/** Step results of one run in one statement, in order; stored only while the run is live, as recordStep. */
export async function recordSteps(manager: EntityManager, records: StepRecord[]): Promise<boolean> {
  if (!records.length) return true;
  return (await recordStepsOfRuns(manager, [records]))[0];
}

/**
 * Step results of many runs in one statement (group commit): the results each job held back (pure
 * steps, and a side effect's result until the next side effect starts) reach the run log
 * together. A run's records are stored only while it is live; each group learns whether its run was.
 */
export async function recordStepsOfRuns(manager: EntityManager, groups: StepRecord[][]): Promise<boolean[]> {
  const drivers = new Map<string, string | null>();
  for (const r of groups.flat()) if (!drivers.has(r.runId)) drivers.set(r.runId, r.driver ?? null);
  if (!drivers.size) return groups.map(() => true);
  const rows = stepRows(groups.flat(), 3, `s.run_id in (select id from live)`);
  const [row] = await preparedQuery<{ live: string[] }>(manager, 'flowbridge_record_steps',
    `with live as (
       select r.id from runs r join unnest($1::uuid[], $2::text[]) as d(id, driver) on d.id = r.id
       where r.status in ${LIVE} and (d.driver is null or r.driver = d.driver)),
     stored as (insert into steps (${STEP_COLUMNS}) ${rows.sql} returning 1)
     select array(select id::text from live) as live, (select count(*) from stored) as stored`,
    [[...drivers.keys()], [...drivers.values()], ...rows.params],
  );
  const live = new Set(row.live);
  return groups.map((records) => !records.length || live.has(records[0].runId));
}

/** Skip: nodes no branch reaches (dead paths), or steps left open in a loop that ended without them. */
export async function skipSteps(manager: EntityManager, runId: string, steps: StepRef[], at: Date): Promise<void> {
  await manager.query(
    `insert into steps (run_id, node_id, iteration_path, attempt, status, started_at, finished_at)
     select $1, node_id, iteration_path, 0, 'skipped', $4, $4 from unnest($2::text[], $3::text[]) as s(node_id, iteration_path)`,
    [runId, steps.map((s) => s.nodeId), steps.map((s) => s.path), at],
  );
}

/** Wait: a step starts waiting (a timer, an event, a loop's items); the run sleeps until `wakeAt` unless `awake` (its event is already in). */
export async function startWaiting(tx: EntityManager, step: StepRecord, awake: boolean): Promise<boolean> {
  if (!(await recordStep(tx, step))) return false;
  if (!awake && step.wakeAt) {
    await tx.query(`update runs set status = 'waiting', wake_at = $2 where id = $1`, [step.runId, step.wakeAt]);
    await scheduleRun(tx, step.runId, step.wakeAt);
  }
  return true;
}

/** Retry: a failed attempt with its next one due at `retryAt`, a durable job and no sleep. */
export async function scheduleRetry(tx: EntityManager, step: StepRecord & { retryAt: Date }): Promise<boolean> {
  if (!(await recordStep(tx, step))) return false;
  await tx.query(`update runs set wake_at = $2 where id = $1`, [step.runId, step.retryAt]);
  await scheduleRun(tx, step.runId, step.retryAt);
  return true;
}

/**
 * Sleep: nothing to do until `until`. The plan comes from the driving job's memory, but an event may
 * have woken a wait since it was stored (a sub-flow that ended at once): the run row is taken first,
 * then the earliest wake time its open steps hold now, so a wake-up already scheduled is never pushed back.
 */
export async function sleepRun(tx: EntityManager, runId: string, until: Date, reason: 'wait' | 'retry'): Promise<void> {
  // Two statements, not one: under READ COMMITTED a statement reads with the snapshot it started
  // with, so steps read in the statement that waited for the row lock miss the wake-up of the event
  // that held it, and the run slept until its timeout (a sub-flow that ended at that moment).
  await tx.query(`select id from runs where id = $1 for update`, [runId]);
  const [row]: { until: Date | null }[] = await tx.query(
    `select least($2::timestamptz, (
       select min(s.wake_at) from steps s where s.run_id = $1 and s.status = 'waiting' and ${NEWEST('s')})) as until`,
    [runId, until],
  );
  const wakeAt = row?.until ? new Date(row.until) : until;
  await tx.query(`update runs set status = $2, wake_at = $3, driver = null where id = $1 and status in ('running', 'waiting')`, [runId, reason === 'wait' ? 'waiting' : 'running', wakeAt]);
  // Woken before its time (the queue's clock runs ahead of ours): look again in a second, not in a loop.
  await scheduleRun(tx, runId, new Date(Math.max(wakeAt.getTime(), Date.now() + 1000)));
}

/**
 * Resume on event: every step waiting for this event type and key gets its data and is due now.
 * Returns the runs woken. A run being driven right now counts: resumed by one sub-flow, it is
 * 'running' while the next sub-flow ends, and that wake-up, missed, left it asleep until its timeout.
 */
export async function wakeOnEvent(tx: EntityManager, type: string, key: string, dataJson: string, now: Date): Promise<string[]> {
  const woken = returned<{ run_id: string }>(await tx.query(
    `with waiting as (
       select s.id, s.run_id from steps s join runs r on r.id = s.run_id
       where s.status = 'waiting' and s.event_type = $1 and s.event_key = $2 and s.event_data is null and r.status in ('running', 'waiting') and ${NEWEST('s')}
       for update of s
     )
     update steps set event_data = $3::jsonb, wake_at = $4 from waiting where steps.id = waiting.id
     returning waiting.run_id`,
    [type, key, dataJson, now],
  ));
  const runIds = [...new Set(woken.map((w) => w.run_id))];
  for (const runId of runIds) {
    await tx.query(`update runs set wake_at = $2 where id = $1`, [runId, now]);
    await scheduleRun(tx, runId);
  }
  return runIds;
}

/**
 * Wake now, by hand: a waiting step of a test run is due at once — with `eventJson` as the event
 * it waited for, or without (its timer or timeout fires now). False when the step is not waiting.
 */
export async function wakeStepNow(tx: EntityManager, runId: string, stepId: string, eventJson: string | null, now: Date): Promise<boolean> {
  const woken = returned<{ id: string }>(await tx.query(
    `update steps s set wake_at = $3, event_data = case when $4::jsonb is not null and s.event_type is not null then $4::jsonb else s.event_data end
     where s.id = $2 and s.run_id = $1 and s.status = 'waiting' and s.wake_at is not null and ${NEWEST('s')}
       and exists (select 1 from runs r where r.id = $1 and r.status in ('running', 'waiting'))
     returning s.id`,
    [runId, stepId, now, eventJson],
  ));
  if (!woken.length) return false;
  await tx.query(`update runs set wake_at = $2 where id = $1`, [runId, now]);
  await scheduleRun(tx, runId);
  return true;
}

/**
 * Wake re-planned: a waiting step's wake time moves (its calendar changed), and the run's wake-up
 * with it: the run wakes for whichever of its waits is due first. The step's shown wait end follows.
 */
export async function moveWait(manager: EntityManager, runId: string, stepId: string, wakeAt: Date): Promise<void> {
  await manager.query(
    `update steps set wake_at = $2,
       output = case when jsonb_typeof(output) <> 'object' then output
                     when output ? 'waitingUntil' then jsonb_set(output, '{waitingUntil}', to_jsonb($3::text))
                     when output ? 'timeoutAt' then jsonb_set(output, '{timeoutAt}', to_jsonb($3::text))
                     else output end
     where id = $1`,
    [stepId, wakeAt, wakeAt.toISOString()],
  );
  const [run] = returned<{ wake_at: Date | null }>(await manager.query(
    `update runs set wake_at = (select min(s.wake_at) from steps s where s.run_id = $1 and s.status = 'waiting' and ${NEWEST('s')})
     where id = $1 and status = 'waiting' returning wake_at`,
    [runId],
  ));
  if (run?.wake_at) await scheduleRun(manager, runId, new Date(run.wake_at));
}

/** The business key became known when the trigger's second phase re-read the delivery. */
export async function setBusinessKey(tx: EntityManager, runId: string, businessKey: string | null): Promise<void> {
  await tx.query(`update runs set business_key = $2 where id = $1`, [runId, businessKey]);
}

/** A run that succeeded, and the results its job still held. */
export interface FinishedRun {
  runId: string;
  at: Date;
  steps: StepRecord[];
  /** As in StepRecord: a process that lost the run to another finishes nothing. */
  driver?: string;
}

/** Finish: the run succeeded; the results its job still held are stored with it, and its driver lets go. */
export async function finishRun(manager: EntityManager, runId: string, now: Date, steps: StepRecord[] = [], driver?: string): Promise<boolean> {
  return (await finishRuns(manager, [{ runId, at: now, steps, driver }]))[0];
}

/**
 * Finish, many runs in one statement (group commit): the end of a run costs a share of one round trip.
 * Each run learns whether it finished: not when it had ended already or another process drives it now.
 */
export async function finishRuns(manager: EntityManager, runs: FinishedRun[]): Promise<boolean[]> {
  const rows = stepRows(runs.flatMap((r) => r.steps.map((s) => ({ ...s, runId: r.runId }))), 4,
    `s.run_id in (select id from ours)`);
  const [row] = await preparedQuery<{ finished: string[] }>(manager, 'flowbridge_finish_runs',
    `with ours as (
       select r.id from runs r join unnest($1::uuid[], $3::text[]) as f(id, driver) on f.id = r.id
       where r.status in ${LIVE} and (f.driver is null or r.driver = f.driver)),
     stored as (insert into steps (${STEP_COLUMNS}) ${rows.sql}),
     finished as (
       update runs r set status = 'succeeded', finished_at = f.at, wake_at = null, driver = null
       from unnest($1::uuid[], $2::timestamptz[]) as f(id, at)
       where r.id = f.id and r.status in ('running', 'waiting') and r.id in (select id from ours)
       returning r.id)
     select array(select id::text from finished) as finished`,
    [runs.map((r) => r.runId), runs.map((r) => r.at), runs.map((r) => r.driver ?? null), ...rows.params],
  );
  const finished = new Set(row.finished);
  return runs.map((r) => finished.has(r.runId));
}

/**
 * Discard: the trigger's second phase found the delivery was no event for the flow (a change
 * trigger saw nothing change), so the run leaves the run log as if intake had never taken it. A
 * run without a dedupe key is deleted with its steps; one with a key stays as a `discarded` row
 * without steps, so a repeat of the delivery still matches it and starts nothing.
 */
export async function discardRun(manager: EntityManager, runId: string, now: Date): Promise<void> {
  await manager.query(
    `with deleted as (delete from runs where id = $1::uuid and dedupe_key is null and status in ${LIVE}),
     kept as (
       update runs set status = '${DISCARDED}', finished_at = $2, wake_at = null, driver = null where id = $1::uuid and dedupe_key is not null and status in ${LIVE} returning id),
     cleared as (delete from steps where run_id in (select id from kept))
     select 1`,
    [runId, now],
  );
}

/** Fail: the run ended with a step that failed for good. */
export async function failRun(tx: EntityManager, runId: string, errorJson: string | null, now: Date): Promise<void> {
  await tx.query(`update runs set status = 'failed', error = $2::jsonb, finished_at = $3, wake_at = null, driver = null where id = $1 and status in ('running', 'waiting')`, [runId, errorJson, now]);
}

/**
 * Cancel: a live run ends now; its pending job goes with it. Returns the status it had, or what it
 * already ended as; undefined when there is no such run (its trigger discarded it meanwhile).
 */
export async function cancelRun(tx: EntityManager, runId: string, now: Date): Promise<{ cancelled: boolean; status: string; flowId: string } | undefined> {
  const [run]: { status: string; flow_id: string }[] = await tx.query(`select status, flow_id from runs r where id = $1 and ${VISIBLE_RUN()} for update`, [runId]);
  if (!run) return undefined;
  if (['succeeded', 'failed', 'cancelled'].includes(run.status)) return { cancelled: false, status: run.status, flowId: run.flow_id };
  await tx.query(`update runs set status = 'cancelled', finished_at = $2, wake_at = null where id = $1`, [runId, now]);
  await unscheduleRun(tx, runId);
  return { cancelled: true, status: run.status, flowId: run.flow_id };
}

/**
 * Retry from failed: every step that failed for good (not routed to an error port) is due again
 * now, in whichever iteration it failed; steps that succeeded keep their results.
 */
export async function retryFailedRun(tx: EntityManager, runId: string, now: Date): Promise<{ retried: boolean; status: string }> {
  const [run]: { status: string }[] = await tx.query(`select status from runs r where id = $1 and ${VISIBLE_RUN()} for update`, [runId]);
  if (run?.status !== 'failed') return { retried: false, status: run?.status ?? 'not_found' };
  await tx.query(
    `update steps s set retry_at = $2
     from (select distinct on (node_id, iteration_path) id from steps where run_id = $1 order by node_id, iteration_path, id desc) newest
     where s.id = newest.id and s.status = 'failed' and s.retry_at is null and coalesce(s.port, '') <> 'error'`,
    [runId, now],
  );
  await tx.query(`update runs set status = 'running', error = null, finished_at = null, wake_at = null where id = $1`, [runId]);
  await scheduleRun(tx, runId);
  return { retried: true, status: run.status };
}

/**
 * Run from a node: a new test run takes over the finished steps of an earlier run of the same flow
 * (what happened upstream of the chosen node), except the trigger's (it has its own) and those of
 * `rerun` (the chosen node and everything after it), which run again.
 */
export async function copyFinishedSteps(tx: EntityManager, fromRunId: string, toRunId: string, rerun: string[], triggerNodeId: string): Promise<number> {
  const rows: unknown[] = await tx.query(
    `insert into steps (run_id, node_id, iteration_path, attempt, status, port, input, output, error, started_at, finished_at)
     select $2, node_id, iteration_path, attempt, status, port, input, output, error, started_at, finished_at from (
       select distinct on (node_id, iteration_path) * from steps where run_id = $1 order by node_id, iteration_path, id desc) newest
     where (status in ('succeeded', 'skipped') or (status = 'failed' and port = 'error')) and node_id <> all($3::text[]) and node_id <> $4
     returning id`,
    [fromRunId, toRunId, rerun, triggerNodeId],
  );
  return rows.length;
}

/** The delivery a trigger's second phase completes: its first step's input. */
export async function triggerDelivery(manager: EntityManager, runId: string, nodeId: string): Promise<unknown> {
  const [row]: { input: unknown }[] = await manager.query(`select input from steps where run_id = $1 and node_id = $2 order by id limit 1`, [runId, nodeId]);
  return row?.input;
}

/** What a finished run hands on (a sub-flow's result): the newest output of each node at the top of the run. */
export async function topLevelOutputs(manager: EntityManager, runId: string): Promise<Record<string, unknown>> {
  const rows: { node_id: string; output: unknown }[] = await manager.query(
    `select distinct on (node_id) node_id, output from steps where run_id = $1 and iteration_path = $2 and status = 'succeeded' order by node_id, id desc`, [runId, ROOT_PATH],
  );
  return Object.fromEntries(rows.map((r) => [r.node_id, r.output]));
}


/** What a step's output reads as once retention removed it. */
export const PRUNED_PAYLOAD = { $pruned: true } as const;

/**
 * Retention, payloads: the steps of the next `limit` runs created after `after` (a keyset of
 * created_at and id) and before `before` lose their inputs, outputs and the remote bodies in their
 * errors; the error message and every status stay for the run log. Runs still going are passed
 * over (they keep their data until their summary goes). Answers the last run looked at.
 */
export async function pruneStepPayloads(
  manager: EntityManager, after: { at: string; id: string } | null, before: Date, limit: number,
): Promise<{ runs: number; steps: number; last: { at: string; id: string } | null }> {
  // The keyset's time travels as Postgres text: a Date would drop microseconds and read the last run again.
  const [row]: { runs: number; steps: number; last_at: string | null; last_id: string | null }[] = await manager.query(
    `with batch as (
       select id, created_at, status from runs
       where created_at < $1 and ($2::timestamptz is null or (created_at, id) > ($2::timestamptz, $3::uuid))
       order by created_at, id limit $4),
     pruned as (
       update steps set input = null,
         output = case when output is null then null else $5::jsonb end,
         error = case when error is null then null else error - 'body' - 'details' end
       where run_id in (select id from batch where status in ('succeeded', 'failed', 'cancelled'))
         and (input is not null or (output is not null and output <> $5::jsonb) or error ? 'body' or error ? 'details')
       returning 1)
     select (select count(*) from batch where status in ('succeeded', 'failed', 'cancelled'))::int as runs, (select count(*) from pruned)::int as steps,
            last.created_at::text as last_at, last.id as last_id
     from (select 1) one left join (select created_at, id from batch order by created_at desc, id desc limit 1) last on true`,
    [before, after?.at ?? null, after?.id ?? null, limit, JSON.stringify(PRUNED_PAYLOAD)],
  );
  return { runs: row.runs, steps: row.steps, last: row.last_at && row.last_id ? { at: row.last_at, id: row.last_id } : null };
}

/** Retention, summaries: deletes up to `limit` ended (or discarded) runs created before `before`, oldest first; their steps go with them. */
export async function deleteOldRuns(manager: EntityManager, before: Date, limit: number): Promise<number> {
  // Counted in SQL: a bare DELETE answers through TypeORM as [rows, affected], not as rows.
  const [row]: { deleted: number }[] = await manager.query(
    `with deleted as (
       delete from runs where id in (
         select id from runs where created_at < $1 and status in ('succeeded', 'failed', 'cancelled', '${DISCARDED}') order by created_at, id limit $2)
       returning 1)
     select count(*)::int as deleted from deleted`,
    [before, limit],
  );
  return row.deleted;
}
