import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ConfigError, ROOT_PATH, type FlowGraph } from '@flowbridge/nodes/sdk';
import { SUBFLOW_FINISHED } from '@flowbridge/nodes/core/subflow';
import { emitEvent } from './events';
import { NodeCatalog } from './node-catalog';
import { RunStarter } from './run-starter';
import { storable } from './executor/storable';
import { topLevelOutputs } from './run-store';

/** Deep enough for "notify the head of department" called from a flow called from a flow; a flow calling itself stops here. */
const MAX_DEPTH = 10;
/** What a finished child hands its parent: each node's output, bounded like a stored step. */
const RESULT_LIMIT_BYTES = 256 * 1024;

/**
 * Sub-flows: a run starts a published flow as a child and waits for the `run.finished` event the
 * child emits when it ends (succeeded, failed or cancelled) — the same durable wait as any event.
 */
@Injectable()
export class Subflows {
  constructor(private readonly dataSource: DataSource, private readonly starter: RunStarter, private readonly catalog: NodeCatalog) {}

  /** Starts the child once per parent step: a parent re-run after a crash finds the same child. */
  async start(parent: { runId: string; nodeId: string; path: string }, flowId: string, input: unknown): Promise<{ runId: string }> {
    const [flow]: { id: string; name: string; version_id: string; graph: FlowGraph }[] = /^[0-9a-f-]{36}$/i.test(flowId)
      ? await this.dataSource.query(
        `select f.id, f.name, v.id as version_id, v.graph from flows f join flow_versions v on v.flow_id = f.id and v.version = f.published_version
         where f.id = $1 and f.deleted_at is null`,
        [flowId],
      )
      : [];
    if (!flow) throw new ConfigError(`Sub-flow '${flowId}' is not a published flow`, { field: 'flowId' });
    const [{ depth }]: { depth: number }[] = await this.dataSource.query(
      `with recursive chain as (
         select id, parent_run_id, 1 as depth from runs where id = $1
         union all select r.id, r.parent_run_id, c.depth + 1 from runs r join chain c on r.id = c.parent_run_id where c.depth <= $2
       ) select max(depth)::int as depth from chain`,
      [parent.runId, MAX_DEPTH],
    );
    if (depth >= MAX_DEPTH) throw new ConfigError(`Sub-flows nest deeper than ${MAX_DEPTH} runs (a flow calling itself?)`, { field: 'flowId' });
    const triggers = flow.graph.nodes.filter((n) => this.catalog.forNode(n)?.kind === 'trigger');
    const trigger = triggers.find((n) => n.type === 'core.manual') ?? triggers[0];
    if (!trigger) throw new ConfigError(`Sub-flow '${flow.name}' has no trigger to start from`, { field: 'flowId' });
    const started = await this.starter.start({
      flowId: flow.id, flowVersionId: flow.version_id, triggerNodeId: trigger.id, triggerOutput: input ?? {},
      // One child per parent step and loop item; the top of the run keeps the key it always had.
      dedupeKey: `subflow:${parent.runId}:${parent.nodeId}${parent.path === ROOT_PATH ? '' : `:${parent.path}`}`, parent: { runId: parent.runId, nodeId: parent.nodeId },
    });
    return { runId: started.runId };
  }
}

/** Called in the transaction that ends a run: a child tells its waiting parent how it ended. */
export async function notifyParent(tx: EntityManager, runId: string, status: 'succeeded' | 'failed' | 'cancelled', now: Date): Promise<void> {
  const [run]: { parent_run_id: string | null; error: unknown }[] = await tx.query(`select parent_run_id, error from runs where id = $1`, [runId]);
  if (!run?.parent_run_id) return;
  const outputs = storable(await topLevelOutputs(tx, runId), RESULT_LIMIT_BYTES).value;
  await emitEvent(tx, { type: SUBFLOW_FINISHED, key: runId, data: { runId, status, outputs, error: run.error ?? null }, source: `run:${runId}` }, now);
}
