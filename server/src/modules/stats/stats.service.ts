import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FlowGraph } from '@flowbridge/nodes/sdk';
import { RUN_STATUSES, runFilterSql, type RunFilter } from '../runs/run-filter';
import { RunsService, waitKind, type WaitKind } from '../runs/runs.service';

export type Bucket = 'hour' | 'day';
export const BUCKET_MS: Record<Bucket, number> = { hour: 3_600_000, day: 86_400_000 };
export const MAX_BUCKETS = 1000;

/** Start of the UTC hour or day holding `at`. */
export function bucketStart(at: Date, bucket: Bucket): number {
  const ms = BUCKET_MS[bucket];
  return Math.floor(at.getTime() / ms) * ms;
}

export interface StatsFilter {
  flowId?: string;
  connector?: string;
  test?: boolean;
}

type NodeInfo = { type: string; name: string | null };
type CountRow = { at: Date; status: string; count: number };

/** The dashboard's numbers. Each is one query over an index range of runs (see migration 1765500000000). */
@Injectable()
export class StatsService {
  constructor(private readonly dataSource: DataSource, private readonly runService: RunsService) {}

  /** Live runs only unless `test` asks otherwise: an analyst's test runs are not the flow's traffic or failures. */
  private async where(filter: RunFilter, args: unknown[]): Promise<string> {
    const where = runFilterSql({ ...filter, test: filter.test ?? false }, args, await this.runService.connectorFlows(filter.connector));
    return where.length ? `where ${where.join(' and ')}` : '';
  }

  /** Nodes of the given versions by id: their type and the name shown on the canvas. */
  private async nodesOf(versionIds: string[]): Promise<Map<string, Map<string, NodeInfo>>> {
    const rows: { id: string; nodes: FlowGraph['nodes'] }[] = versionIds.length
      ? await this.dataSource.query(`select id, graph->'nodes' as nodes from flow_versions where id = any($1::uuid[])`, [versionIds])
      : [];
    return new Map(rows.map((r) => [r.id, new Map((Array.isArray(r.nodes) ? r.nodes : []).map((n) => [n.id, { type: n.type, name: typeof n.name === 'string' ? n.name : null }]))]));
  }

  async runs(q: StatsFilter & { from: Date; to: Date; bucket: Bucket }) {
    const args: unknown[] = [`1 ${q.bucket}`];
    const where = await this.where({ ...q }, args);
    // date_bin from a UTC midnight is plain arithmetic: half the cost of date_trunc in a time zone.
    const rows: CountRow[] = await this.dataSource.query(
      `select date_bin($1::interval, r.created_at, timestamptz '2000-01-01T00:00:00Z') as at, r.status, count(*)::int as count from runs r ${where} group by 1, 2`, args,
    );
    const ms = BUCKET_MS[q.bucket];
    const buckets = new Map<number, Record<string, number | string>>();
    for (let at = bucketStart(q.from, q.bucket); at < q.to.getTime(); at += ms) {
      buckets.set(at, { at: new Date(at).toISOString(), ...Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])), total: 0 });
    }
    for (const row of rows) {
      const bucket = buckets.get(new Date(row.at).getTime());
      if (!bucket) continue;
      bucket[row.status] = (bucket[row.status] as number) + row.count;
      bucket.total = (bucket.total as number) + row.count;
    }
    return { bucket: q.bucket, from: q.from.toISOString(), to: q.to.toISOString(), buckets: [...buckets.values()] };
  }

  async flows(q: StatsFilter & { from: Date; to: Date }) {
    const args: unknown[] = [];
    const where = await this.where(q, args);
    const rows: { flowId: string; flowName: string; runs: number; succeeded: number; failed: number; ended: number; p95: number | null }[] = await this.dataSource.query(
      `select s.*, f.name as "flowName" from (
         select r.flow_id as "flowId", count(*)::int as runs,
                count(*) filter (where r.status = 'succeeded')::int as succeeded,
                count(*) filter (where r.status = 'failed')::int as failed,
                count(*) filter (where r.status in ('succeeded', 'failed', 'cancelled'))::int as ended,
                percentile_cont(0.95) within group (order by extract(epoch from r.finished_at - r.started_at) * 1000)
                  filter (where r.finished_at is not null and r.started_at is not null) as p95
         from runs r ${where} group by r.flow_id
       ) s join flows f on f.id = s."flowId"
       order by s.runs desc, f.name`,
      args,
    );
    return {
      items: rows.map(({ ended, p95, ...row }) => ({
        ...row,
        // Of the runs that ended in the period: a run still going has not failed (yet).
        failureRate: ended ? row.failed / ended : 0,
        p95DurationMs: p95 === null ? null : Math.round(Number(p95)),
      })),
    };
  }

  async waiting(q: StatsFilter) {
    const args: unknown[] = [];
    const filterWhere = await this.where(q, args);
    const extra = filterWhere ? `and ${filterWhere.slice('where '.length)}` : '';
    // Waits (newest row of a node waiting) and pending retries (newest row failed, retry due later).
    // Per live run, its open waits come from steps_open_waits (see the migration), never from a scan of steps.
    const rows: { flowId: string; flowName: string; versionId: string; nodeId: string; eventType: string | null; retry: boolean; count: number; nextUntil: Date | null }[] = await this.dataSource.query(
      `select r.flow_id as "flowId", f.name as "flowName", r.flow_version_id as "versionId", s.node_id as "nodeId", s.event_type as "eventType",
              s.status = 'failed' as retry, count(distinct r.id)::int as count, min(coalesce(s.retry_at, s.wake_at)) as "nextUntil"
       from runs r join flows f on f.id = r.flow_id
       cross join lateral (
         select s.node_id, s.status, s.event_type, s.wake_at, s.retry_at from steps s
         where s.run_id = r.id and (s.status = 'waiting' or (s.status = 'failed' and s.retry_at is not null))
           and not exists (select 1 from steps later where later.run_id = s.run_id and later.node_id = s.node_id and later.iteration_path = s.iteration_path and later.id > s.id)
       ) s
       where r.status in ('waiting', 'running') and (r.status = 'waiting' or r.wake_at is not null) ${extra}
       group by 1, 2, 3, 4, 5, 6`,
      args,
    );
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `select count(*)::int as total from runs r where r.status = 'waiting' ${extra}`, args,
    );
    const nodes = await this.nodesOf([...new Set(rows.map((r) => r.versionId))]);
    const items = new Map<string, { flowId: string; flowName: string; nodeId: string; nodeName: string | null; kind: WaitKind; eventType: string | null; count: number; nextUntil: Date | null }>();
    for (const row of rows) {
      const node = nodes.get(row.versionId)?.get(row.nodeId);
      const kind: WaitKind = row.retry ? 'retry' : waitKind(node?.type, row.eventType);
      const key = JSON.stringify([row.flowId, row.nodeId, kind, row.eventType]);
      const item = items.get(key);
      const until = row.nextUntil ? new Date(row.nextUntil) : null;
      if (!item) {
        items.set(key, { flowId: row.flowId, flowName: row.flowName, nodeId: row.nodeId, nodeName: node?.name ?? null, kind, eventType: row.eventType, count: row.count, nextUntil: until });
        continue;
      }
      item.count += row.count;
      if (until && (!item.nextUntil || until < item.nextUntil)) item.nextUntil = until;
    }
    return { total, items: [...items.values()].sort((a, b) => b.count - a.count || a.flowName.localeCompare(b.flowName)) };
  }

  async errors(q: StatsFilter & { from: Date; to: Date; limit: number }) {
    const args: unknown[] = [];
    const where = await this.where({ ...q, status: ['failed'] }, args);
    args.push(q.limit);
    const rows: { flowId: string; flowName: string; nodeId: string | null; message: string | null; count: number; lastAt: Date; lastRunId: string; lastVersionId: string }[] = await this.dataSource.query(
      `select e.*, f.name as "flowName" from (
         select r.flow_id as "flowId", r.error->>'nodeId' as "nodeId", r.error->>'message' as message, count(*)::int as count, max(r.created_at) as "lastAt",
                (array_agg(r.id order by r.created_at desc))[1] as "lastRunId", (array_agg(r.flow_version_id order by r.created_at desc))[1] as "lastVersionId"
         from runs r ${where} group by 1, 2, 3
         order by count desc, "lastAt" desc limit $${args.length}
       ) e join flows f on f.id = e."flowId"
       order by e.count desc, e."lastAt" desc`,
      args,
    );
    const nodes = await this.nodesOf([...new Set(rows.map((r) => r.lastVersionId))]);
    return {
      items: rows.map(({ lastVersionId, ...row }) => ({ ...row, nodeName: row.nodeId ? nodes.get(lastVersionId)?.get(row.nodeId)?.name ?? null : null })),
    };
  }
}
