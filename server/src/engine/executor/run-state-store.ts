import type { EntityManager } from 'typeorm';
import type { NodeState } from './plan-next-step';
import type { StorablePayload } from './storable';
import { scheduleRun } from '../queue/run-jobs';

export interface StepRecord {
  runId: string;
  nodeId: string;
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
}

export interface LoadedNodeState extends NodeState {
  output: unknown;
  /** For a node waiting on an event: the event's type, and its data once it arrived. */
  eventType?: string | null;
  eventData?: unknown;
}

const json = (payload: StorablePayload | undefined) => payload?.json ?? null;

/**
 * Inserts a step only while its run is still live: a step finishing after a cancel is dropped,
 * and the caller learns it (returns false) so it stops driving the run.
 */
export async function insertStep(manager: EntityManager, s: StepRecord): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `insert into steps (run_id, node_id, iteration, attempt, status, port, input, output, error, wake_at, retry_at, started_at, finished_at, event_type, event_key, event_data, wake_plan)
     select $1, $2, 0, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14, $15::jsonb, $16::jsonb
     where exists (select 1 from runs where id = $1 and status in ('queued', 'running', 'waiting'))
     returning id`,
    [s.runId, s.nodeId, s.attempt, s.status, s.port ?? null, json(s.input), json(s.output), json(s.error), s.wakeAt ?? null, s.retryAt ?? null, s.startedAt, s.finishedAt ?? null,
      s.event?.type ?? null, s.event?.key ?? null, json(s.eventData), s.wakePlan === undefined ? null : JSON.stringify(s.wakePlan)],
  );
  return rows.length > 0;
}

/**
 * Moves a waiting step's wake time (its calendar changed) and the run's wake-up with it: the run
 * wakes for whichever of its waits is due first. The step's shown wait end follows.
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
  const [run]: { wake_at: Date | null }[] = await manager.query(
    `update runs set wake_at = (
       select min(s.wake_at) from steps s
       where s.run_id = $1 and s.status = 'waiting'
         and not exists (select 1 from steps later where later.run_id = s.run_id and later.node_id = s.node_id and later.id > s.id))
     where id = $1 and status = 'waiting' returning wake_at`,
    [runId],
  );
  if (run?.wake_at) await scheduleRun(manager, runId, new Date(run.wake_at));
}

export async function insertSkippedSteps(manager: EntityManager, runId: string, nodeIds: string[], at: Date): Promise<void> {
  await manager.query(
    `insert into steps (run_id, node_id, iteration, attempt, status, started_at, finished_at)
     select $1, node_id, 0, 0, 'skipped', $3, $3 from unnest($2::text[]) as node_id`,
    [runId, nodeIds, at],
  );
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

type StateRow = { node_id: string; status: NodeState['status']; port: string | null; attempt: number; output: unknown; wake_at: string | null; retry_at: string | null; event_type: string | null; event_data: unknown };

const date = (value: string | null) => (value === null ? null : new Date(value));

/** A queued run of a gated flow that has not been let in yet: claimRun leaves it queued. */
export interface UnadmittedRun {
  id: string;
  flowId: string;
  flowVersionId: string;
  businessKey: string | null;
  seq: string;
}

/**
 * Takes the run's advisory lock, marks it running and reads every node's newest state, in one
 * round trip. `run` is undefined when another worker holds the lock or the run already ended, or
 * when the run waits for its turn (`unadmitted`: its flow limits concurrency and it was never let in).
 */
export async function claimRun(manager: EntityManager, runId: string, lockNamespace: number, now: Date): Promise<{ locked: boolean; run?: ClaimedRun; unadmitted?: UnadmittedRun; states: Map<string, LoadedNodeState> }> {
  const [row]: { locked: boolean; run: (Omit<ClaimedRun, 'createdAt'> & { createdAt: string }) | null; unadmitted: UnadmittedRun | null; states: StateRow[] }[] = await manager.query(
    `with lock as materialized (select pg_try_advisory_lock($3, hashtext($1::text)) as locked),
     run as (
       update runs set status = 'running', started_at = coalesce(started_at, $2)
       where id = $1::uuid and status in ('queued', 'running', 'waiting') and (select locked from lock)
         and not (gated and status = 'queued' and started_at is null)
       returning id, flow_id as "flowId", flow_version_id as "flowVersionId", trigger_node_id as "triggerNodeId",
                 business_key as "businessKey", created_at as "createdAt", gated, parent_run_id as "parentRunId"
     )
     select (select locked from lock) as locked,
            (select row_to_json(run) from run) as run,
            -- Looked up only when nothing was claimed: the common case pays nothing for it.
            case when not exists (select 1 from run) then
              (select json_build_object('id', id, 'flowId', flow_id, 'flowVersionId', flow_version_id, 'businessKey', business_key, 'seq', seq::text)
               from runs where id = $1::uuid and gated and status = 'queued' and started_at is null) end as unadmitted,
            (select coalesce(json_agg(s), '[]'::json) from (
               select distinct on (node_id) node_id, status, port, attempt, output, wake_at, retry_at, event_type, event_data
               from steps where run_id = $1::uuid order by node_id, id desc) s) as states`,
    [runId, now, lockNamespace],
  );
  const states = new Map(row.states.map((r) => [r.node_id, {
    status: r.status, port: r.port, attempt: r.attempt, output: r.output, wakeAt: date(r.wake_at), retryAt: date(r.retry_at), eventType: r.event_type, eventData: r.event_data,
  }]));
  return { locked: row.locked, run: row.run ? { ...row.run, createdAt: new Date(row.run.createdAt) } : undefined, unadmitted: row.unadmitted ?? undefined, states };
}
