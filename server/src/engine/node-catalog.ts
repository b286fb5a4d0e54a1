import { Injectable } from '@nestjs/common';
import { allNodes, nodesByType, type AnyNode } from '@flowbridge/nodes';

/** The nodes this server can run. Connector enablement narrows it (see the connectors module). */
@Injectable()
export class NodeCatalog {
  private readonly disabledConnectors = new Set<string>();

  get(type: string): AnyNode | undefined {
    return nodesByType.get(type);
  }

  all(): readonly AnyNode[] {
    return allNodes;
  }

  /** Nodes a user may place and run now: core nodes plus those of enabled connectors. */
  available(): AnyNode[] {
    return allNodes.filter((n) => this.unavailableReason(n) === null);
  }

  unavailableReason(node: AnyNode): string | null {
    const connector = node.definition.connector;
    if (connector && this.disabledConnectors.has(connector)) {
      return `Connector '${connector}' is disabled: an admin must enable it before ${node.type} can be used`;
    }
    return null;
  }

  setConnectorEnabled(connector: string, enabled: boolean): void {
    if (enabled) this.disabledConnectors.delete(connector);
    else this.disabledConnectors.add(connector);
  }
}
