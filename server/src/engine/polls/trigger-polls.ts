import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isTrigger, serializeError, type FieldMap, type FlowGraph, type TriggerDefinition, type TriggerResult } from '@flowbridge/nodes/sdk';
import { CLOCK, type Clock } from '../clock';
import { CREDENTIALS_RESOLVER, type CredentialsResolver } from '../credentials';
import { NodeCatalog } from '../node-catalog';
import { FlowVersionGraphs } from '../flow-version-graphs';
import { RunStarter } from '../run-starter';
import { Sandbox } from '../sandbox/sandbox';
import { triggerKeys } from '../trigger-keys';
import { redactSecrets } from '../secrets/redact';
import { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { triggerContext } from '../trigger-context';
import { logger } from '../../common/logger';

const DEFAULT_EVERY_MS = 60_000;
const MIN_EVERY_MS = 5_000;
/** A poll that has not come back by then is taken over (its worker died); the dedupe keys make that safe. */
const LEASE_MS = 5 * 60_000;
/** Bounds of one poll: a remote with a backlog is worked off over several polls. */
const MAX_RESULTS_PER_POLL = 500;
const MAX_BACKOFF_MS = 60 * 60_000;

interface PollRow {
  flow_id: string;
  node_id: string;
  flow_version_id: string;
  cursor: unknown;
  every_ms: number;
  failures: number;
  lease: string;
}

/** The polling triggers of a graph (source 'poll') and how often each polls. */
export function pollSpecs(graph: FlowGraph, catalog: NodeCatalog): { nodeId: string; everyMs: number }[] {
  return graph.nodes.flatMap((node) => {
    const def = catalog.forNode(node);
    if (!def || !isTrigger(def) || def.definition.source !== 'poll') return [];
    return [{ nodeId: node.id, everyMs: Math.max(MIN_EVERY_MS, def.definition.pollEveryMs ?? DEFAULT_EVERY_MS) }];
  });
}

/**
 * Polling triggers of published flows. A worker leases a due row, asks the remote what changed
 * since the stored cursor (outside any transaction: remote calls never hold the database), then
 * starts a run per change and stores the new cursor in one transaction, if its lease still
 * holds. A worker that dies mid-poll loses its lease; the next poll asks from the old cursor and
 * the dedupe keys (per change) keep the runs it already started from starting twice.
 */
@Injectable()
export class TriggerPolls {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalog: NodeCatalog,
    private readonly graphs: FlowVersionGraphs,
    private readonly starter: RunStarter,
    private readonly sandbox: Sandbox,
    @Inject(CREDENTIALS_RESOLVER) private readonly credentials: CredentialsResolver,
    private readonly outbound: OutboundPolicy,
  ) {}

  /** Points the flow's polls at a newly published version, in the publish transaction; cursors are kept. */
  async register(tx: EntityManager, flowId: string, flowVersionId: string, graph: FlowGraph): Promise<void> {
    const specs = pollSpecs(graph, this.catalog);
    for (const spec of specs) {
      await tx.query(
        `insert into trigger_polls (flow_id, node_id, flow_version_id, every_ms, next_poll_at) values ($1, $2, $3, $4, $5)
         on conflict (flow_id, node_id) do update set flow_version_id = excluded.flow_version_id, every_ms = excluded.every_ms,
           next_poll_at = least(trigger_polls.next_poll_at, excluded.next_poll_at), failures = 0, last_error = null`,
        [flowId, spec.nodeId, flowVersionId, spec.everyMs, this.clock.now()],
      );
    }
    await tx.query(`delete from trigger_polls where flow_id = $1 and not (node_id = any($2::text[]))`, [flowId, specs.map((s) => s.nodeId)]);
  }

  async remove(tx: EntityManager, flowId: string): Promise<void> {
    await tx.query(`delete from trigger_polls where flow_id = $1`, [flowId]);
  }

  /** Polls every due trigger once; returns how many runs started. */
  async pollDue(limit = 20): Promise<number> {
    const now = this.clock.now();
    const due: PollRow[] = await this.dataSource.query(
      `with due as (
         select flow_id, node_id from trigger_polls where next_poll_at <= $1 order by next_poll_at limit $2 for update skip locked
       )
       update trigger_polls p set lease = gen_random_uuid(), next_poll_at = $3 from due
       where p.flow_id = due.flow_id and p.node_id = due.node_id
       returning p.flow_id, p.node_id, p.flow_version_id, p.cursor, p.every_ms, p.failures, p.lease`,
      [now, limit, new Date(now.getTime() + LEASE_MS)],
    ).then((result: unknown) => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as PollRow[]);
    let started = 0;
    for (const row of due) started += await this.pollOne(row);
    return started;
  }

  private async pollOne(row: PollRow): Promise<number> {
    const graph = await this.graphs.get(row.flow_version_id);
    const node = graph.nodes.find((n) => n.id === row.node_id);
    const def = node && this.catalog.forNode(node);
    const ctx = triggerContext(row.flow_id, this.clock, this.credentials, this.outbound);
    try {
      if (!node || !def || !isTrigger(def) || !def.definition.poll) throw new Error(`'${row.node_id}' is not a polling trigger of this version`);
      const unavailable = this.catalog.unavailableReason(def);
      if (unavailable) throw new Error(unavailable);
      const params = def.paramsSchema.safeParse(node.params);
      if (!params.success) throw new Error(`Trigger '${node.id}' is misconfigured: ${params.error.issues[0]?.message}`);
      const polled = await (def.definition as TriggerDefinition<FieldMap>).poll!(ctx, params.data, row.cursor ?? undefined);
      const results = polled.results.slice(0, MAX_RESULTS_PER_POLL).map((r) => redactSecrets(r, ctx.secrets));
      // Keys are worked out before the transaction: expressions run in the sandbox, not under a lock.
      const starts: { result: TriggerResult; keys: { dedupeKey: string | null; businessKey: string | null } }[] = [];
      for (const result of results) {
        const keys = await triggerKeys(node, result, this.sandbox, this.clock.now());
        starts.push({ result, keys: { ...keys, dedupeKey: keys.dedupeKey === null ? null : `poll:${node.id}:${keys.dedupeKey}` } });
      }
      return await this.dataSource.transaction(async (tx) => {
        const [held] = await tx.query(`select 1 from trigger_polls where flow_id = $1 and node_id = $2 and lease = $3 for update`, [row.flow_id, row.node_id, row.lease]);
        // Taken over (this poll outlived its lease) or unpublished meanwhile: another poll delivers.
        if (!held) return 0;
        let started = 0;
        for (const { result, keys } of starts) {
          const run = await this.starter.start({
            flowId: row.flow_id, flowVersionId: row.flow_version_id, triggerNodeId: node.id, triggerOutput: result.output, event: result.event, ...keys,
          }, tx);
          if (!run.duplicate) started++;
        }
        await tx.query(
          `update trigger_polls set cursor = $3::jsonb, lease = null, failures = 0, last_error = null, last_polled_at = $4, next_poll_at = $5 where flow_id = $1 and node_id = $2`,
          [row.flow_id, row.node_id, JSON.stringify(polled.cursor ?? null), this.clock.now(), new Date(this.clock.now().getTime() + row.every_ms)],
        );
        return started;
      });
    } catch (error) {
      const message = redactSecrets(serializeError(error).message, ctx.secrets);
      // Doubles from the first failure: a remote in trouble is asked less often, up to once an hour.
      const backoff = Math.min(MAX_BACKOFF_MS, row.every_ms * 2 ** Math.min(row.failures + 1, 10));
      logger.warn({ flowId: row.flow_id, nodeId: row.node_id, error: message }, 'polling trigger failed; it polls again later');
      await this.dataSource.query(
        `update trigger_polls set lease = null, failures = failures + 1, last_error = $4, next_poll_at = $5 where flow_id = $1 and node_id = $2 and lease = $3`,
        [row.flow_id, row.node_id, row.lease, String(message).slice(0, 1000), new Date(this.clock.now().getTime() + backoff)],
      );
      return 0;
    }
  }
}
