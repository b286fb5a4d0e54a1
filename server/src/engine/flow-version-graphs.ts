import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { withoutPins, type FlowGraph } from '@flowbridge/nodes/sdk';
import { SecretParams } from './secrets/secret-params';

/**
 * Graphs of flow versions as runs use them, secret params opened. Versions never change once
 * written, so only memory bounds the cache.
 */
@Injectable()
export class FlowVersionGraphs {
  private readonly graphs = new Map<string, FlowGraph>();
  /** Versions without a number: test runs' snapshots of the draft. */
  private readonly drafts = new Set<string>();

  constructor(private readonly dataSource: DataSource, private readonly secrets: SecretParams) {}

  async get(versionId: string, manager: EntityManager = this.dataSource.manager): Promise<FlowGraph> {
    const cached = this.graphs.get(versionId);
    if (cached) return cached;
    const [row]: { graph: FlowGraph; version: number | null }[] = await manager.query(`select graph, version from flow_versions where id = $1`, [versionId]);
    if (!row) throw new Error(`Flow version ${versionId} is missing`);
    if (this.graphs.size > 1000) {
      this.graphs.clear();
      this.drafts.clear();
    }
    if (row.version === null) this.drafts.add(versionId);
    // Only a test run's snapshot of the draft (no version number) may use pinned outputs.
    const graph = this.secrets.reveal(row.version === null ? row.graph : withoutPins(row.graph));
    this.graphs.set(versionId, graph);
    return graph;
  }

  /** The graph, and whether the version is a draft snapshot (its runs are test runs). */
  async describe(versionId: string, manager?: EntityManager): Promise<{ graph: FlowGraph; isTest: boolean }> {
    const graph = await this.get(versionId, manager);
    return { graph, isTest: this.drafts.has(versionId) };
  }
}
