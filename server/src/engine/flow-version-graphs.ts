import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { FlowGraph } from '@flowbridge/nodes/sdk';

/** Graphs of flow versions. Versions never change once written, so only memory bounds the cache. */
@Injectable()
export class FlowVersionGraphs {
  private readonly graphs = new Map<string, FlowGraph>();

  constructor(private readonly dataSource: DataSource) {}

  async get(versionId: string, manager: EntityManager = this.dataSource.manager): Promise<FlowGraph> {
    const cached = this.graphs.get(versionId);
    if (cached) return cached;
    const [row] = await manager.query(`select graph from flow_versions where id = $1`, [versionId]);
    if (!row) throw new Error(`Flow version ${versionId} is missing`);
    if (this.graphs.size > 1000) this.graphs.clear();
    this.graphs.set(versionId, row.graph);
    return row.graph;
  }
}
