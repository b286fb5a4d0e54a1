import { Inject, Injectable } from '@nestjs/common';
import { isTrigger, triggerResultList } from '@flowbridge/nodes/sdk';
import { BadRequestError } from '../../common/errors';
import { CLOCK, type Clock } from '../../engine/clock';
import { CREDENTIALS_RESOLVER, type CredentialsResolver } from '../../engine/credentials';
import { NodeCatalog } from '../../engine/node-catalog';
import { RunStarter } from '../../engine/run-starter';
import { Sandbox } from '../../engine/sandbox/sandbox';
import { FlowsService } from '../flows/flows.service';
import { triggerContext } from './trigger-context';
import { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { triggerKeys } from '../../engine/trigger-keys';

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
  ) {}

  async start(flowId: string, payload: unknown, useDraft: boolean) {
    const { flow, versionId, graph } = await this.flows.versionForRun(flowId, useDraft);
    const triggers = graph.nodes.filter((n) => this.catalog.get(n.type)?.kind === 'trigger');
    const node = triggers.find((n) => n.type === 'core.manual') ?? triggers[0];
    if (!node) throw new BadRequestError(`Flow '${flow.name}' has no trigger to start from`);
    const def = this.catalog.forNode(node)!;
    let output: unknown = payload;
    if (node.type === 'core.manual' && isTrigger(def)) {
      const result = await def.definition.receive(
        { method: 'POST', path: '', headers: {}, query: {}, body: payload, rawBody: Buffer.from(JSON.stringify(payload ?? {})), ip: '' },
        {}, triggerContext(flow.id, this.clock, this.credentials, this.outbound),
      );
      output = triggerResultList(result)[0]?.output ?? payload;
    }
    const keys = await triggerKeys(node, { output }, this.sandbox, this.clock.now());
    return this.starter.start({ flowId: flow.id, flowVersionId: versionId, triggerNodeId: node.id, triggerOutput: output, ...keys });
  }
}
