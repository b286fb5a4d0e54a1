import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isTrigger, triggerResultList, type FlowGraph } from '@flowbridge/nodes/sdk';
import { BadRequestError, NotFoundError } from '../../common/errors';
import { CLOCK, type Clock } from '../../engine/clock';
import { CREDENTIALS_RESOLVER, type CredentialsResolver } from '../../engine/credentials';
import { NodeCatalog } from '../../engine/node-catalog';
import { RunStarter } from '../../engine/run-starter';
import { Sandbox } from '../../engine/sandbox/sandbox';
import { FlowsService } from '../flows/flows.service';
import { triggerContext } from '../../engine/trigger-context';
import { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { triggerKeys } from '../../engine/trigger-keys';
import { copyFinishedSteps, VISIBLE_RUN } from '../../engine/run-store';
import { shapeOf } from '../../engine/executor/plan-next-step';
import { isUuid } from '../../common/ids';

/**
 * Runs started by a person. The payload becomes the trigger's output: for a manual trigger that
 * is its nature, for any other trigger it stands in for a sample event during a test run.
 */
@Injectable()
export class ManualRunService {
  constructor(
    private readonly flows: FlowsService,
    private readonly catalog: NodeCatalog,
    private readonly starter: RunStarter,
    private readonly sandbox: Sandbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CREDENTIALS_RESOLVER) private readonly credentials: CredentialsResolver,
    private readonly outbound: OutboundPolicy,
    private readonly dataSource: DataSource,
  ) {}

  async start(flowId: string, payload: unknown, useDraft: boolean, from?: { runId: string; nodeId: string }) {
    if (from) return this.startFrom(flowId, from);
    const { flow, versionId, graph } = await this.flows.versionForRun(flowId, useDraft);
    const triggers = graph.nodes.filter((n) => this.catalog.get(n.type)?.kind === 'trigger');
    const node = triggers.find((n) => n.type === 'core.manual') ?? triggers[0];
    if (!node) throw new BadRequestError(`Flow '${flow.name}' has no trigger to start from`);
    const def = this.catalog.forNode(node)!;
    let output: unknown = payload;
    if (node.type === 'core.manual' && isTrigger(def)) {
      const result = await def.definition.receive!(
        { method: 'POST', path: '', headers: {}, query: {}, body: payload, rawBody: Buffer.from(JSON.stringify(payload ?? {})), ip: '' },
        {}, triggerContext(flow.id, this.clock, this.credentials, this.outbound),
      );
      output = triggerResultList(result)[0]?.output ?? payload;
    }
    const keys = await triggerKeys(node, { output }, this.sandbox, this.clock.now());
    return this.starter.start({ flowId: flow.id, flowVersionId: versionId, triggerNodeId: node.id, triggerOutput: output, ...keys });
  }

  /**
   * A test run of the draft that starts at `from.nodeId`: what ran before it is taken from an
   * earlier run of this flow (its trigger data too), so fixing one node is tried without
   * calling the systems upstream again.
   */
  private async startFrom(flowId: string, from: { runId: string; nodeId: string }) {
    const { flow, versionId, graph } = await this.flows.versionForRun(flowId, true);
    const [earlier]: { trigger_node_id: string; output: unknown; business_key: string | null }[] = isUuid(from.runId)
      ? await this.dataSource.query(
        `select r.trigger_node_id, r.business_key, (select s.output from steps s where s.run_id = r.id and s.node_id = r.trigger_node_id and s.status = 'succeeded' order by s.id desc limit 1) as output
         from runs r where r.id = $1 and r.flow_id = $2 and ${VISIBLE_RUN()}`,
        [from.runId, flow.id],
      )
      : [];
    if (!earlier) throw new NotFoundError(`Run of flow '${flow.name}'`, from.runId);
    const node = graph.nodes.find((n) => n.id === from.nodeId);
    const def = node && this.catalog.forNode(node);
    if (!node || !def) throw new BadRequestError(`'from.nodeId': the draft has no node '${from.nodeId}'`, { field: 'from.nodeId' });
    if (isTrigger(def)) throw new BadRequestError(`'from.nodeId': start from the node after the trigger, or run the flow from its trigger`, { field: 'from.nodeId' });
    if (shapeOf(graph, (t) => this.catalog.get(t)).loopOf.has(node.id)) {
      throw new BadRequestError(`'from.nodeId': '${node.id}' runs per item of a loop; start from the loop instead`, { field: 'from.nodeId' });
    }
    if (!graph.nodes.some((n) => n.id === earlier.trigger_node_id)) {
      throw new BadRequestError(`'from.runId': that run started from '${earlier.trigger_node_id}', which the draft no longer has`, { field: 'from.runId' });
    }
    const rerun = downstreamOf(graph, node.id);
    return this.dataSource.transaction(async (tx) => {
      const started = await this.starter.start({
        flowId: flow.id, flowVersionId: versionId, triggerNodeId: earlier.trigger_node_id, triggerOutput: earlier.output ?? {}, businessKey: earlier.business_key,
      }, tx);
      await copyFinishedSteps(tx, from.runId, started.runId, rerun, earlier.trigger_node_id);
      return started;
    });
  }
}

/** A node and everything after it. */
function downstreamOf(graph: FlowGraph, nodeId: string): string[] {
  const seen = new Set([nodeId]);
  const queue = [nodeId];
  while (queue.length) {
    const id = queue.pop()!;
    for (const edge of graph.edges) {
      if (edge.from !== id || seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return [...seen];
}
