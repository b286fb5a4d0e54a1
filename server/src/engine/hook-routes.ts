import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FlowGraph } from '@flowbridge/nodes/sdk';
import { FlowVersionGraphs } from './flow-version-graphs';

export interface HookRoute {
  flowId: string;
  flowVersionId: string;
  nodeId: string;
  graph: FlowGraph;
}

/** Another API process may publish; its change reaches this one within this long. */
const TTL_MS = 3000;

/**
 * Which published version answers a hook path, cached because webhook intake is the hottest
 * path there is. Publishing or deleting in this process invalidates at once.
 */
@Injectable()
export class HookRoutes {
  private readonly routes = new Map<string, { route: HookRoute | null; at: number }>();

  constructor(private readonly dataSource: DataSource, private readonly graphs: FlowVersionGraphs) {}

  async find(path: string): Promise<HookRoute | null> {
    const cached = this.routes.get(path);
    if (cached && Date.now() - cached.at < TTL_MS) return cached.route;
    const [row]: { flow_id: string; flow_version_id: string; node_id: string }[] = await this.dataSource.query(
      `select flow_id, flow_version_id, node_id from hook_routes where path = $1`,
      [path],
    );
    const route = row ? { flowId: row.flow_id, flowVersionId: row.flow_version_id, nodeId: row.node_id, graph: await this.graphs.get(row.flow_version_id) } : null;
    if (this.routes.size > 10_000) this.routes.clear();
    this.routes.set(path, { route, at: Date.now() });
    return route;
  }

  invalidate(): void {
    this.routes.clear();
  }
}
