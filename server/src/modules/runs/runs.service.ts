import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConflictError, NotFoundError, BadRequestError } from '../../common/errors';
import { CLOCK, type Clock } from '../../engine/clock';
import type { RunStatus } from '../../database/entities/run.entity';
import { isUuid } from '../../common/ids';
import { releaseNext } from '../../engine/concurrency';
import { notifyParent } from '../../engine/subflows';
import { cancelRun, retryFailedRun, wakeStepNow } from '../../engine/run-store';
import { storable } from '../../engine/executor/storable';

export interface RunQuery {
  flowId?: string;
  status?: RunStatus;
  businessKey?: string;
  cursor?: string;
  limit: number;
}

const RUN_COLUMNS = `id, flow_id as "flowId", flow_version_id as "flowVersionId", status, trigger_node_id as "triggerNodeId",
  business_key as "businessKey", dedupe_key as "dedupeKey", error, wake_at as "wakeAt",
  created_at as "createdAt", started_at as "startedAt", finished_at as "finishedAt", parent_run_id as "parentRunId", parent_node_id as "parentNodeId",
  (select v.version is null from flow_versions v where v.id = runs.flow_version_id) as "isTest"`;

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

@Injectable()
export class RunsService {
  constructor(private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  async list(q: RunQuery) {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      args.push(value);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (q.flowId) add('flow_id = ?', q.flowId);
    if (q.status) add('status = ?', q.status);
    if (q.businessKey) add('business_key = ?', q.businessKey);
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      args.push(at, id);
      where.push(`(created_at, id) < ($${args.length - 1}::timestamptz, $${args.length}::uuid)`);
    }
    args.push(q.limit + 1);
    const rows: { id: string; createdAt: Date }[] = await this.dataSource.query(
      `select ${RUN_COLUMNS} from runs ${where.length ? `where ${where.join(' and ')}` : ''}
       order by created_at desc, id desc limit $${args.length}`,
      args,
    );
    const items = rows.slice(0, q.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async get(id: string) {
    const [run] = isUuid(id) ? await this.dataSource.query(`select ${RUN_COLUMNS} from runs where id = $1`, [id]) : [];
    if (!run) throw new NotFoundError('Run', id);
    // Each value is cut to a preview past READ_VALUE_BYTES and the list to READ_STEPS rows, so one read
    // of a run stays small however large its steps are; the full value is one request away.
    const steps: { total: number }[] = await this.dataSource.query(
      `select id::text, node_id as "nodeId", iteration_path as "iterationPath", status, port, attempt, ${bounded('input')}, ${bounded('output')}, ${bounded('error')},
              wake_at as "wakeAt", retry_at as "retryAt", started_at as "startedAt", finished_at as "finishedAt", count(*) over () as total
       from steps where run_id = $1 order by steps.id limit $2`,
      [id, READ_STEPS, READ_VALUE_BYTES, READ_PREVIEW_CHARS],
    );
    const total = Number(steps[0]?.total ?? 0);
    // Sub-flow runs this run started, so the run log links parent and children both ways.
    const children = await this.dataSource.query(
      `select id, flow_id as "flowId", status, parent_node_id as "parentNodeId", created_at as "createdAt" from runs where parent_run_id = $1 order by created_at limit 100`, [id],
    );
    return { ...run, steps: steps.map(({ total: _total, ...step }) => step), stepsTotal: total, stepsTruncated: total > steps.length, children };
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
    await this.get(id);
    await this.dataSource.transaction(async (tx) => {
      const { retried, status } = await retryFailedRun(tx, id, this.clock.now());
      if (!retried) throw new ConflictError(`Only failed runs can be retried; this run is ${status}`);
    });
    return this.get(id);
  }

  /**
   * Ends a test run's wait now, as if its event came (with `event` as its data) or its time ran
   * out. Only for test runs of the draft: a live run waits for the real world.
   */
  async wake(id: string, stepId: string, event: { data: unknown } | undefined) {
    const run = await this.get(id);
    if (!run.isTest) throw new ConflictError('Only test runs can be woken by hand; this run belongs to a published version');
    if (!/^\d{1,18}$/.test(stepId)) throw new NotFoundError('Step', stepId);
    const eventJson = event ? storable(event.data ?? {}, 256 * 1024).json : null;
    const woken = await this.dataSource.transaction((tx) => wakeStepNow(tx, id, stepId, eventJson, this.clock.now()));
    if (!woken) throw new ConflictError(`Step ${stepId} is not waiting`);
    return this.get(id);
  }

  async cancel(id: string) {
    await this.get(id);
    await this.dataSource.transaction(async (tx) => {
      const { cancelled, status } = await cancelRun(tx, id, this.clock.now());
      if (!cancelled) throw new ConflictError(`The run already ended as ${status}`);
      await releaseNext(tx, id);
      await notifyParent(tx, id, 'cancelled', this.clock.now());
    });
    return this.get(id);
  }
}
