import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { allConnectors, allNodes, connectorsByKey, nodesByType, type AnyNode, type Connector } from '@flowbridge/nodes';

const REFRESH_MS = 5000;

/**
 * The nodes this server can run. Connector nodes exist only while an admin has their connector
 * enabled; the switch lives in Postgres and every process re-reads it, so API and workers agree
 * within a few seconds (and at once in the process that flipped it).
 */
@Injectable()
export class NodeCatalog implements OnModuleInit, OnModuleDestroy {
  private enabled = new Set<string>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    const rows: { key: string }[] = await this.dataSource.query(`select key from connector_settings where enabled`);
    this.enabled = new Set(rows.map((r) => r.key));
  }

  get(type: string): AnyNode | undefined {
    return nodesByType.get(type);
  }

  /** Nodes a user may place and run now: core nodes plus those of enabled connectors. */
  available(): AnyNode[] {
    return allNodes.filter((n) => this.unavailableReason(n) === null);
  }

  unavailableReason(node: AnyNode): string | null {
    const connector = node.definition.connector;
    if (connector && !this.enabled.has(connector)) {
      return `Connector '${connectorsByKey.get(connector)?.title ?? connector}' is disabled: an admin must enable it before ${node.type} can be used`;
    }
    return null;
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
    if (enabled) this.enabled.add(key);
    else this.enabled.delete(key);
  }
}
