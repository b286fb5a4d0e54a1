import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InputError, isTrigger, triggerResultList, type IncomingRequest } from '@flowbridge/nodes/sdk';
import { HookRoutes } from '../../engine/hook-routes';
import { ApiError, NotFoundError } from '../../common/errors';
import { CLOCK, type Clock } from '../../engine/clock';
import { CREDENTIALS_RESOLVER, type CredentialsResolver } from '../../engine/credentials';
import { NodeCatalog } from '../../engine/node-catalog';
import { RunStarter, type StartedRun } from '../../engine/run-starter';
import { Sandbox } from '../../engine/sandbox/sandbox';
import { triggerContext } from '../../engine/trigger-context';
import { OutboundPolicy } from '@flowbridge/nodes/sdk/outbound-policy';
import { triggerKeys } from '../../engine/trigger-keys';
import { redactSecrets } from '../../engine/secrets/redact';
import { RESPOND_NODE_TYPE } from '@flowbridge/nodes/core/respond';

/** One run per result the trigger returned (a batch delivery may carry several); none when filtered out. */
export interface HookOutcome {
  ignored: boolean;
  runs: StartedRun[];
  /** The flow's core.respond nodes: the caller may get its answer from the run. */
  respondNodeIds: string[];
}

/** Turns a request on /hooks/<path> into a durably stored run, or an explicit refusal. */
@Injectable()
export class HookIntakeService {
  constructor(
    private readonly routes: HookRoutes,
    private readonly catalog: NodeCatalog,
    private readonly starter: RunStarter,
    private readonly sandbox: Sandbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CREDENTIALS_RESOLVER) private readonly credentials: CredentialsResolver,
    private readonly outbound: OutboundPolicy,
  ) {}

  async receive(path: string, request: IncomingRequest): Promise<HookOutcome> {
    const route = await this.routes.find(path);
    const node = route?.graph.nodes.find((n) => n.id === route.nodeId);
    const def = node && this.catalog.forNode(node);
    if (!route || !node || !def || !isTrigger(def)) throw new NotFoundError('Hook', path);
    const unavailable = this.catalog.unavailableReason(def);
    if (unavailable) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'connector_disabled', unavailable);

    const params = def.paramsSchema.safeParse(node.params);
    if (!params.success) throw new InputError(`Trigger '${node.id}' is misconfigured: ${params.error.issues[0]?.message}`);
    const ctx = triggerContext(route.flowId, this.clock, this.credentials, this.outbound);
    const results = triggerResultList(await def.definition.receive!(request, params.data, ctx));
    const respondNodeIds = route.graph.nodes.filter((n) => n.type === RESPOND_NODE_TYPE).map((n) => n.id);
    if (!results.length) return { ignored: true, runs: [], respondNodeIds };
    const runs: StartedRun[] = [];
    for (const received of results) {
      const result = redactSecrets(received, ctx.secrets);
      const keys = await triggerKeys(node, result, this.sandbox, this.clock.now());
      runs.push(await this.starter.start({
        flowId: route.flowId,
        flowVersionId: route.flowVersionId,
        triggerNodeId: node.id,
        triggerOutput: result.output,
        event: result.event,
        // A trigger with a second phase is completed by the run's first job, with retries.
        pending: !!def.definition.load,
        ...keys,
      }));
    }
    return { ignored: false, runs, respondNodeIds };
  }
}
