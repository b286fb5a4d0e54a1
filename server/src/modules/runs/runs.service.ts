import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FlowGraph } from '@flowbridge/nodes/sdk';
import { ConflictError, NotFoundError, BadRequestError } from '../../common/errors';
import { CLOCK, type Clock } from '../../engine/clock';
import { isUuid } from '../../common/ids';
import { releaseNext } from '../../engine/concurrency';
import { notifyParent } from '../../engine/subflows';
import { cancelRun, retryFailedRun, VISIBLE_RUN, wakeStepNow } from '../../engine/run-store';
import { Metrics } from '../../observability/metrics';
import { storable } from '../../engine/executor/storable';
import { RunStarter } from '../../engine/run-starter';
import { SecretParams } from '../../engine/secrets/secret-params';
import { Sandbox } from '../../engine/sandbox/sandbox';
import { triggerKeys } from '../../engine/trigger-keys';
import { CONNECTOR_FLOWS_SQL, runFilterSql, type RunFilter } from './run-filter';

export interface RunQuery extends RunFilter {
  cursor?: string;
  limit: number;
}

/** The columns of a RunSummary, read from `runs r` joined to its flow `f` and version `v`. */
export const SUMMARY_COLUMNS = `r.id, r.flow_id as "flowId", f.name as "flowName", r.flow_version_id as "flowVersionId", v.version, r.is_test as "isTest", r.status,
  r.trigger_node_id as "triggerNodeId", r.trigger_type as "triggerType", r.business_key as "businessKey",
  case when r.error is null then null else jsonb_strip_nulls(jsonb_build_object('message', r.error->'message', 'nodeId', r.error->'nodeId', 'kind', r.error->'kind', 'status', r.error->'status',
    'body', case when octet_length((r.error->'body')::text) > 2000 then to_jsonb(left((r.error->'body')::text, 2000)) else r.error->'body' end)) end as error,
  r.wake_at as "wakeAt", r.created_at as "createdAt", r.started_at as "startedAt", r.finished_at as "finishedAt",
  case when r.finished_at is not null and r.started_at is not null then floor(extract(epoch from r.finished_at - r.started_at) * 1000)::float8 end as "durationMs",
  r.parent_run_id as "parentRunId", r.parent_node_id as "parentNodeId", r.retry_of as "retryOf"`;

/** Keyset pagination: the cursor is the (created_at, id) of the last row seen, so pages stay fast at any depth. */
function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const time = typeof at === 'string' ? new Date(at) : new Date(NaN);
    // Postgres takes years up to 294276; a cursor we wrote never leaves 0001–9999.
    if (!isUuid(id) || Number.isNaN(time.getTime()) || time.getUTCFullYear() < 1 || time.getUTCFullYear() > 9999) throw new Error();
    return [time.toISOString(), id];
  } catch {
    throw new BadRequestError(`Invalid 'cursor': pass the nextCursor of a previous page`, { field: 'cursor' });
  }
}

/** Bounds of one run read; larger values come from GET /api/runs/:id/steps/:stepId. */
const READ_STEPS = 1000;
const READ_VALUE_BYTES = 16 * 1024;
const READ_PREVIEW_CHARS = 1000;

/** The column as is when small, else a marker with its size and the start of its JSON ($3: limit, $4: preview). */
const bounded = (column: string) => `case when octet_length(${column}::text) > $3
  then jsonb_build_object('$truncated', true, 'size', octet_length(${column}::text), 'preview', left(${column}::text, $4))
  else ${column} end as ${column}`;

export type WaitKind = 'event' | 'timer' | 'form' | 'approval' | 'retry';

/** What a waiting step waits for, from its node type and whether it awaits an event. */
export function waitKind(nodeType: string | undefined, eventType: string | null): WaitKind {
  if (nodeType === 'core.waitForForm') return 'form';
  if (nodeType === 'core.approval') return 'approval';
  return eventType ? 'event' : 'timer';
}

interface StepRow {
  id: string;
  nodeId: string;
  iterationPath: string;
  status: string;
  port: string | null;
  attempt: number;
  error: unknown;
  wakeAt: Date | null;
  retryAt: Date | null;
  startedAt: Date;
  finishedAt: Date | null;
  eventType: string | null;
  eventKey: string | null;
  total?: number;
}

/** Most runs a bulk action touches through a filter; the answer says when more matched. */
export const BULK_FILTER_LIMIT = 1000;

@Injectable()
export class RunsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly starter: RunStarter,
    private readonly secrets: SecretParams,
    private readonly sandbox: Sandbox,
    private readonly metrics: Metrics,
  ) {}

  /** Flows using a connector, looked up once per request (flows are few; runs are millions). */
  async connectorFlows(connector: string | undefined): Promise<string[] | undefined> {
    if (connector === undefined) return undefined;
    const rows: { id: string }[] = await this.dataSource.query(CONNECTOR_FLOWS_SQL, [`${connector}.`]);
    return rows.map((r) => r.id);
  }

  async list(q: RunQuery) {
    const args: unknown[] = [];
    const where = runFilterSql(q, args, await this.connectorFlows(q.connector));
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      args.push(at, id);
      where.push(`(r.created_at, r.id) < ($${args.length - 1}::timestamptz, $${args.length}::uuid)`);
    }
    args.push(q.limit + 1);
    // The page is chosen from runs alone (an index walk newest first); only its rows are joined.
    const rows: { id: string; createdAt: Date }[] = await this.dataSource.query(
      `select ${SUMMARY_COLUMNS} from (
         select * from runs r ${where.length ? `where ${where.join(' and ')}` : ''} order by r.created_at desc, r.id desc limit $${args.length}
       ) r join flows f on f.id = r.flow_id join flow_versions v on v.id = r.flow_version_id
       order by r.created_at desc, r.id desc`,
      args,
    );
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  /** Summaries of the given runs (the live stream and bulk answers), in no particular order. */
  async summaries(ids: string[]) {
    if (!ids.length) return [];
    return this.dataSource.query(
      `select ${SUMMARY_COLUMNS} from runs r join flows f on f.id = r.flow_id join flow_versions v on v.id = r.flow_version_id where r.id = any($1::uuid[]) and ${VISIBLE_RUN()}`, [ids],
    );
  }

  async get(id: string) {
    const [run] = isUuid(id)
      ? await this.dataSource.query(
        `select ${SUMMARY_COLUMNS}, r.dedupe_key as "dedupeKey", r.error as "fullError", v.graph
         from runs r join flows f on f.id = r.flow_id join flow_versions v on v.id = r.flow_version_id where r.id = $1 and ${VISIBLE_RUN()}`, [id])
      : [];
    if (!run) throw new NotFoundError('Run', id);
    const { fullError, graph, ...summary } = run as { fullError: unknown; graph: FlowGraph; status: string };
    // Each value is cut to a preview past READ_VALUE_BYTES and the list to READ_STEPS rows, so one read
    // of a run stays small however large its steps are; the full value is one request away.
    const rows: StepRow[] = await this.dataSource.query(
      `select id::text, node_id as "nodeId", iteration_path as "iterationPath", status, port, attempt, ${bounded('input')}, ${bounded('output')}, ${bounded('error')},
              wake_at as "wakeAt", retry_at as "retryAt", started_at as "startedAt", finished_at as "finishedAt",
              event_type as "eventType", event_key as "eventKey", count(*) over () as total
       from steps where run_id = $1 order by steps.id limit $2`,
      [id, READ_STEPS, READ_VALUE_BYTES, READ_PREVIEW_CHARS],
    );
    const total = Number(rows[0]?.total ?? 0);
    const types = new Map((graph?.nodes ?? []).map((n) => [n.id, n.type]));
    const live = ['queued', 'running', 'waiting'].includes(summary.status);
    // Earlier rows of a node and iteration (a wait before it resumed, failed attempts) fold into
    // the newest one's history; the step keeps its place in the timeline by its first row.
    const groups = new Map<string, StepRow[]>();
    for (const row of rows) {
      const key = `${row.nodeId}\u0000${row.iterationPath}`;
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    const steps = [...groups.values()].map((group) => {
      const { total: _total, eventType: _eventType, eventKey: _eventKey, ...latest } = group[group.length - 1];
      const history = group.slice(0, -1).map((r) => ({
        id: r.id, status: r.status, port: r.port, attempt: r.attempt, startedAt: r.startedAt, finishedAt: r.finishedAt, error: r.error, wakeAt: r.wakeAt, retryAt: r.retryAt,
      }));
      return { ...latest, history };
    });
    const waitingFor = live ? [...groups.values()].flatMap((group) => {
      const s = group[group.length - 1];
      if (s.status === 'waiting') {
        const kind = waitKind(types.get(s.nodeId), s.eventType);
        return [{ stepId: s.id, nodeId: s.nodeId, kind, ...(s.eventType ? { eventType: s.eventType, eventKey: s.eventKey ?? undefined } : {}), until: s.wakeAt }];
      }
      if (s.status === 'failed' && s.retryAt) return [{ stepId: s.id, nodeId: s.nodeId, kind: 'retry' as const, until: s.retryAt }];
      return [];
    }) : [];
    // Sub-flow runs this run started, so the run log links parent and children both ways.
    const children = await this.dataSource.query(
      `select id, flow_id as "flowId", status, parent_node_id as "parentNodeId", created_at as "createdAt" from runs where parent_run_id = $1 order by created_at limit 100`, [id],
    );
    return {
      ...summary, error: fullError, graph: graph ? this.secrets.mask(graph) : null, waitingFor,
      steps, stepsTotal: total, stepsTruncated: total > rows.length, children,
    };
  }

  /** One step with its input, output and error as stored (themselves capped when they were stored). */
  async step(runId: string, stepId: string) {
    const [step] = isUuid(runId) && /^\d{1,18}$/.test(stepId)
      ? await this.dataSource.query(
        `select id::text, node_id as "nodeId", iteration_path as "iterationPath", status, port, attempt, input, output, error, wake_at as "wakeAt", retry_at as "retryAt",
                started_at as "startedAt", finished_at as "finishedAt"
         from steps where run_id = $1 and id = $2`,
        [runId, stepId],
      )
      : [];
    if (!step) throw new NotFoundError('Step', stepId);
    return step;
  }

  /** Re-runs a failed run from the steps that failed; steps that succeeded keep their results. */
  async retry(id: string) {
    await this.exists(id);
    await this.dataSource.transaction(async (tx) => {
      const { retried, status } = await retryFailedRun(tx, id, this.clock.now());
      if (!retried) throw new ConflictError(`Only failed runs can be retried; this run is ${status}`);
    });
    return this.get(id);
  }

  /**
   * Ends a run's wait now, as if its event came (with `event` as its data) or its time ran out.
   * Test runs for authors; a live run waits for the real world unless an admin fires it (`live`).
   */
  async wake(id: string, stepId: string, event: { data: unknown } | undefined, mayFireLive: boolean): Promise<{ run: Awaited<ReturnType<RunsService['get']>>; live: boolean }> {
    const [run]: { isTest: boolean }[] = isUuid(id) ? await this.dataSource.query(`select is_test as "isTest" from runs r where id = $1 and ${VISIBLE_RUN()}`, [id]) : [];
    if (!run) throw new NotFoundError('Run', id);
    if (!run.isTest && !mayFireLive) throw new ConflictError('Only test runs can be woken by hand; an admin may fire a waiting step of a live run');
    if (!/^\d{1,18}$/.test(stepId)) throw new NotFoundError('Step', stepId);
    const eventJson = event ? storable(event.data ?? {}, 256 * 1024).json : null;
    const woken = await this.dataSource.transaction((tx) => wakeStepNow(tx, id, stepId, eventJson, this.clock.now()));
    if (!woken) throw new ConflictError(`Step ${stepId} is not waiting`);
    return { run: await this.get(id), live: !run.isTest };
  }

  async cancel(id: string) {
    await this.exists(id);
    const result = await this.cancelOne(id);
    if (!result) throw new NotFoundError('Run', id);
    if (!result.cancelled) throw new ConflictError(`The run already ended as ${result.status}`);
    return this.get(id);
  }

  /** Not cancelled when the run had already ended; undefined when there is no such run. */
  private async cancelOne(id: string): Promise<{ cancelled: boolean; status: string } | undefined> {
    const result = await this.dataSource.transaction(async (tx) => {
      const cancelled = await cancelRun(tx, id, this.clock.now());
      if (!cancelled?.cancelled) return cancelled;
      await releaseNext(tx, id);
      await notifyParent(tx, id, 'cancelled', this.clock.now());
      return cancelled;
    });
    if (result?.cancelled) this.metrics.runsFinished.inc({ flow_id: result.flowId, status: 'cancelled' });
    return result;
  }

  private async exists(id: string): Promise<void> {
    const [run] = isUuid(id) ? await this.dataSource.query(`select 1 from runs r where id = $1 and ${VISIBLE_RUN()}`, [id]) : [];
    if (!run) throw new NotFoundError('Run', id);
  }

  /**
   * A new run of the same flow version whose trigger output is `payload` (retry with edited input).
   * The business key is worked out from the new payload; the dedupe key is not, or the new run
   * would be taken for a repeat of the original.
   */
  async rerun(id: string, payload: Record<string, unknown>): Promise<{ runId: string }> {
    const [run]: { flowId: string; flowVersionId: string; triggerNodeId: string; businessKey: string | null; parentRunId: string | null }[] = isUuid(id)
      ? await this.dataSource.query(`select flow_id as "flowId", flow_version_id as "flowVersionId", trigger_node_id as "triggerNodeId", business_key as "businessKey", parent_run_id as "parentRunId" from runs r where id = $1 and ${VISIBLE_RUN()}`, [id])
      : [];
    if (!run) throw new NotFoundError('Run', id);
    if (run.parentRunId) throw new ConflictError('A sub-flow run is started by its parent; re-run the parent run instead');
    const [version]: { graph: FlowGraph }[] = await this.dataSource.query(`select graph from flow_versions where id = $1`, [run.flowVersionId]);
    const node = version?.graph.nodes.find((n) => n.id === run.triggerNodeId);
    const keys = node ? await triggerKeys(node, { output: payload }, this.sandbox, this.clock.now(), ['businessKey']).catch(() => ({ businessKey: run.businessKey })) : { businessKey: run.businessKey };
    const started = await this.starter.start({
      flowId: run.flowId, flowVersionId: run.flowVersionId, triggerNodeId: run.triggerNodeId, triggerOutput: payload, businessKey: keys.businessKey ?? run.businessKey, retryOf: id,
    });
    return { runId: started.runId };
  }

  /** The ids a bulk action works on: the given ones, or up to BULK_FILTER_LIMIT newest matching the filter. */
  async bulkTargets(input: { ids?: string[]; filter?: RunFilter }): Promise<{ ids: string[]; truncated: boolean }> {
    if (input.ids) return { ids: [...new Set(input.ids)], truncated: false };
    const filter = input.filter ?? {};
    const args: unknown[] = [];
    const where = runFilterSql(filter, args, await this.connectorFlows(filter.connector));
    args.push(BULK_FILTER_LIMIT + 1);
    const rows: { id: string }[] = await this.dataSource.query(
      `select r.id from runs r ${where.length ? `where ${where.join(' and ')}` : ''} order by r.created_at desc, r.id desc limit $${args.length}`, args,
    );
    return { ids: rows.slice(0, BULK_FILTER_LIMIT).map((r) => r.id), truncated: rows.length > BULK_FILTER_LIMIT };
  }

  /** Retry takes failed runs, cancel takes live ones; every other run is skipped with the reason. */
  async bulk(action: 'retry' | 'cancel', ids: string[]) {
    const done: string[] = [];
    const skipped: { id: string; reason: string }[] = [];
    const rows: { id: string; status: string }[] = ids.length ? await this.dataSource.query(`select id, status from runs r where id = any($1::uuid[]) and ${VISIBLE_RUN()}`, [ids]) : [];
    const statuses = new Map(rows.map((r) => [r.id, r.status]));
    for (const id of ids) {
      const status = statuses.get(id);
      if (status === undefined) {
        skipped.push({ id, reason: 'not_found' });
        continue;
      }
      if (action === 'retry') {
        if (status !== 'failed') {
          skipped.push({ id, reason: `not_failed: the run is ${status}` });
          continue;
        }
        const { retried, status: now } = await this.dataSource.transaction((tx) => retryFailedRun(tx, id, this.clock.now()));
        if (retried) done.push(id);
        else skipped.push({ id, reason: `not_failed: the run is ${now}` });
      } else {
        if (!['queued', 'running', 'waiting'].includes(status)) {
          skipped.push({ id, reason: `ended: the run already ended as ${status}` });
          continue;
        }
        const result = await this.cancelOne(id);
        if (result?.cancelled) done.push(id);
        else skipped.push({ id, reason: result ? `ended: the run already ended as ${result.status}` : 'not_found' });
      }
    }
    return { done, skipped };
  }
}
