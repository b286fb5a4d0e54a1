import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { allConnectors, allNodes, connectorsByKey, nodesByType, nodeVersions, type AnyNode, type Connector } from '@flowbridge/nodes';
import { connectorsInUse } from '@flowbridge/nodes/sdk/define';

/** Definitions beyond the registry's (tests use it to hold two versions of a node type). */
export const EXTRA_NODES = Symbol('ExtraNodes');

const REFRESH_MS = 5000;

/**
 * The nodes this server can run. Connector nodes exist only while an admin has their connector
 * enabled; the switch lives in Postgres and every process re-reads it, so API and workers agree
 * within a few seconds (and at once in the process that flipped it).
 */
@Injectable()
export class NodeCatalog implements OnModuleInit, OnModuleDestroy {
  private enabled = new Set<string>();
  /** Switches this process flipped: a refresh that overlapped one is stale. */
  private writes = 0;
  private timer?: NodeJS.Timeout;
  private readonly newest: ReadonlyMap<string, AnyNode>;
  private readonly versions: ReadonlyMap<string, AnyNode>;

  constructor(private readonly dataSource: DataSource, @Optional() @Inject(EXTRA_NODES) extra: readonly AnyNode[] = []) {
    const newest = new Map(nodesByType);
    const versions = new Map(nodeVersions);
    for (const node of extra ?? []) {
      versions.set(`${node.type}@${node.version}`, node);
      if ((newest.get(node.type)?.version ?? 0) < node.version) newest.set(node.type, node);
    }
    this.newest = newest;
    this.versions = versions;
  }

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    const writes = this.writes;
    const rows: { key: string }[] = await this.dataSource.query(`select key from connector_settings where enabled`);
    // A read that began before this process flipped a switch may answer after it, with the old
    // value: applying it would undo the flip here (the demo start then failed to publish with
    // Kommo "disabled"). Such a read is dropped; the next tick reads the switch as written.
    if (writes !== this.writes) return;
    this.enabled = new Set(rows.map((r) => r.key));
  }

  /** A node type's definition at `version` (a flow node's), or its newest without one. */
  get(type: string, version?: number): AnyNode | undefined {
    return version === undefined ? this.newest.get(type) : this.versions.get(`${type}@${version}`);
  }

  /** The definition a flow node runs with: the version it was placed with, 1 for flows older than versions. */
  forNode(node: { type: string; version?: number }): AnyNode | undefined {
    return this.get(node.type, node.version ?? 1);
  }

  /** Nodes a user may place and run now: core nodes plus those of enabled connectors. */
  available(): AnyNode[] {
    return allNodes.filter((n) => this.unavailableReason(n) === null);
  }

  /** Why a node cannot run now (with `params`, a flow node's: also through the connections it sends through), or null. */
  unavailableReason(node: AnyNode, params?: unknown): string | null {
    return this.unavailableUse(node, params)?.message ?? null;
  }

  /** The first disabled connector the node uses, and the field that makes it use it. */
  unavailableUse(node: AnyNode, params?: unknown): { connector: string; field?: string; message: string } | null {
    // A connector without nodes of its own (e-mail, Telegram) has no switch: its connections always send.
    const switched = (key: string) => (connectorsByKey.get(key)?.nodes.length ?? 1) > 0;
    const disabled = connectorsInUse(node, params).find((use) => switched(use.connector) && !this.enabled.has(use.connector));
    if (!disabled) return null;
    const title = connectorsByKey.get(disabled.connector)?.title ?? disabled.connector;
    const message = disabled.field
      ? `Connector '${title}' is disabled: an admin must enable it before ${node.type} can send through it ('${disabled.field}')`
      : `Connector '${title}' is disabled: an admin must enable it before ${node.type} can be used`;
    return { ...disabled, message };
  }

  isEnabled(connectorKey: string): boolean {
    return this.enabled.has(connectorKey);
  }

  connectors(): readonly Connector[] {
    return allConnectors;
  }

  connector(key: string): Connector | undefined {
    return connectorsByKey.get(key);
  }

  async setConnectorEnabled(key: string, enabled: boolean): Promise<void> {
    await this.dataSource.query(
      `insert into connector_settings (key, enabled, updated_at) values ($1, $2, now())
       on conflict (key) do update set enabled = excluded.enabled, updated_at = now()`,
      [key, enabled],
    );
    this.writes++;
    if (enabled) this.enabled.add(key);
    else this.enabled.delete(key);
  }
}
