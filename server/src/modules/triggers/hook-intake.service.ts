import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InputError, isTrigger, type FlowGraph, type IncomingRequest } from '@flowbridge/nodes/sdk';
import { ApiError, NotFoundError } from '../../common/errors';
import { CLOCK, type Clock } from '../../engine/clock';
import { CREDENTIALS_RESOLVER, type CredentialsResolver } from '../../engine/credentials';
import { NodeCatalog } from '../../engine/node-catalog';
import { RunStarter, type StartedRun } from '../../engine/run-starter';
import { Sandbox } from '../../engine/sandbox/sandbox';
import { triggerContext } from './trigger-context';
import { triggerKeys } from './trigger-keys';
import { redactSecrets } from '../../engine/secrets/redact';

export type HookOutcome = (StartedRun & { ignored?: false }) | { ignored: true };

/** Turns a request on /hooks/<path> into a durably stored run, or an explicit refusal. */
@Injectable()
export class HookIntakeService {
  private readonly graphs = new Map<string, FlowGraph>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: NodeCatalog,
    private readonly starter: RunStarter,
    private readonly sandbox: Sandbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CREDENTIALS_RESOLVER) private readonly credentials: CredentialsResolver,
  ) {}

  async receive(path: string, request: IncomingRequest): Promise<HookOutcome> {
    const [route]: { flow_id: string; flow_version_id: string; node_id: string }[] = await this.dataSource.query(
      `select flow_id, flow_version_id, node_id from hook_routes where path = $1`,
      [path],
    );
    if (!route) throw new NotFoundError('Hook', path);
    const graph = await this.graph(route.flow_version_id);
    const node = graph.nodes.find((n) => n.id === route.node_id);
    const def = node && this.catalog.get(node.type);
    if (!node || !def || !isTrigger(def)) throw new NotFoundError('Hook', path);
    const unavailable = this.catalog.unavailableReason(def);
    if (unavailable) throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'connector_disabled', unavailable);

    const params = def.paramsSchema.safeParse(node.params);
    if (!params.success) throw new InputError(`Trigger '${node.id}' is misconfigured: ${params.error.issues[0]?.message}`);
    const ctx = triggerContext(route.flow_id, this.clock, this.credentials);
    const received = await def.definition.receive(request, params.data, ctx);
    if (!received) return { ignored: true };
    const result = redactSecrets(received, ctx.secrets);
    const keys = triggerKeys(node, result, this.sandbox);
    return this.starter.start({
      flowId: route.flow_id,
      flowVersionId: route.flow_version_id,
      triggerNodeId: node.id,
      triggerOutput: result.output,
      event: result.event,
      ...keys,
    });
  }

  private async graph(versionId: string): Promise<FlowGraph> {
    const cached = this.graphs.get(versionId);
    if (cached) return cached;
    const [row] = await this.dataSource.query(`select graph from flow_versions where id = $1`, [versionId]);
    if (this.graphs.size > 1000) this.graphs.clear();
    this.graphs.set(versionId, row.graph);
    return row.graph;
  }
}
