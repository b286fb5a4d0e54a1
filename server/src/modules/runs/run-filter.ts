import { z } from 'zod';
import { BadRequestError } from '../../common/errors';
import { parseInput } from '../../common/parse-input';
import type { RunStatus } from '../../database/entities/run.entity';
import { VISIBLE_RUN } from '../../engine/run-store';

export const RUN_STATUSES = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const satisfies readonly RunStatus[];

/** What the run list, the live stream, bulk actions and the dashboard narrow runs by. */
export interface RunFilter {
  flowId?: string;
  status?: RunStatus[];
  businessKey?: string;
  from?: Date;
  to?: Date;
  test?: boolean;
  trigger?: string;
  errorNode?: string;
  errorMessage?: string;
  connector?: string;
}

/** Postgres keeps microseconds from year 4713 BC on; the API speaks ISO instants of years 0001–9999 only. */
export const isoInstant = z.iso.datetime({ offset: true }).transform((text) => new Date(text))
  .refine((d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, 'must be an ISO date-time between years 0001 and 9999');

const statusList = z.union([z.string().max(200).transform((text) => text.split(',').map((s) => s.trim())), z.array(z.string().max(20)).max(6)])
  .pipe(z.array(z.enum(RUN_STATUSES, { error: `must be one or several (comma-separated) of ${RUN_STATUSES.join(', ')}` })).min(1).max(6))
  .transform((list) => [...new Set(list)]);

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** Node types are `connector.name`: letters, digits, `_` and `-` around a dot. */
const nodeType = z.string().max(200).regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_.-]+$/, 'must be a node type such as core.manual');

export const runFilterShape = {
  flowId: z.uuid().optional(),
  status: statusList.optional(),
  businessKey: z.string().trim().min(1).max(500).optional(),
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  test: flag.optional(),
  trigger: nodeType.optional(),
  errorNode: z.string().min(1).max(200).optional(),
  errorMessage: z.string().min(1).max(4000).optional(),
  connector: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a connector name such as bitrix24').optional(),
};

/** `from` must come before `to`: an empty or reversed range is a mistake, not "no runs". */
export function checkRange<T extends { from?: Date; to?: Date }>(value: T, prefix = ''): T {
  if (value.from && value.to && value.from.getTime() >= value.to.getTime()) {
    throw new BadRequestError(`Invalid query: '${prefix}from' must be before '${prefix}to'`, { field: `${prefix}from`, issues: [{ field: `${prefix}from`, message: 'must be before to' }] });
  }
  return value;
}

export const runFilterSchema = z.object(runFilterShape);

/** A query with a time range: its fields checked, then the range. */
export function parseRangeQuery<T extends { from?: Date; to?: Date }>(schema: z.ZodType<T>, query: unknown): T {
  return checkRange(parseInput(schema, query, 'query'));
}

/** A business key ending in `*` is a prefix; LIKE's own wildcards in it are taken literally. */
function businessKeyCondition(key: string, param: string): string {
  return key.endsWith('*') ? `r.business_key like ${param}` : `r.business_key = ${param}`;
}

export function businessKeyValue(key: string): string {
  if (!key.endsWith('*')) return key;
  const prefix = key.slice(0, -1);
  if (!prefix || prefix.includes('*')) throw new BadRequestError(`Invalid query: 'businessKey' takes one '*' at the end, after at least one character`, { field: 'businessKey' });
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The SQL conditions of a filter on `runs r`, its values appended to `args`. `connectorFlows` are the
 * flows using the filter's connector, looked up first (see connectorFlowIds) so the runs query stays
 * a plain index scan.
 */
export function runFilterSql(filter: RunFilter, args: unknown[], connectorFlows?: string[]): string[] {
  const where: string[] = [];
  const add = (sql: string, value: unknown) => {
    args.push(value);
    where.push(sql.replaceAll('?', `$${args.length}`));
  };
  if (filter.flowId) add('r.flow_id = ?', filter.flowId);
  // A status asked for is never a discarded one; without one, they are left out here.
  if (!filter.status) where.push(VISIBLE_RUN());
  if (filter.status) add(filter.status.length === 1 ? 'r.status = ?' : 'r.status = any(?::text[])', filter.status.length === 1 ? filter.status[0] : filter.status);
  if (filter.businessKey) {
    const value = businessKeyValue(filter.businessKey);
    args.push(value);
    where.push(businessKeyCondition(filter.businessKey, `$${args.length}`));
  }
  if (filter.from) add('r.created_at >= ?', filter.from);
  if (filter.to) add('r.created_at < ?', filter.to);
  if (filter.test !== undefined) where.push(filter.test ? 'r.is_test' : 'not r.is_test');
  if (filter.trigger) add('r.trigger_type = ?', filter.trigger);
  if (filter.errorNode !== undefined || filter.errorMessage !== undefined) where.push(`r.status = 'failed'`);
  if (filter.errorNode !== undefined) add(`r.error->>'nodeId' = ?`, filter.errorNode);
  if (filter.errorMessage !== undefined) add(`r.error->>'message' = ?`, filter.errorMessage);
  if (filter.connector !== undefined) add('r.flow_id = any(?::uuid[])', connectorFlows ?? []);
  return where;
}

/** Flows (deleted ones too: their runs remain) whose published version or draft uses a node of the connector (node types are `connector.name`). */
export const CONNECTOR_FLOWS_SQL = `select f.id from flows f left join flow_versions v on v.flow_id = f.id and v.version = f.published_version
  where (jsonb_path_exists(f.draft, '$.nodes[*].type ? (@ starts with $p)', jsonb_build_object('p', $1::text))
     or jsonb_path_exists(coalesce(v.graph, '{}'), '$.nodes[*].type ? (@ starts with $p)', jsonb_build_object('p', $1::text)))`;
