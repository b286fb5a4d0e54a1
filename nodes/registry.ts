import type { AnyNode, Connector } from './sdk';
import { webhookTrigger } from './core/webhook';
import { manualTrigger } from './core/manual';
import { scheduleTrigger } from './core/schedule';
import { ifNode } from './core/if';
import { switchNode } from './core/switch';
import { mapNode } from './core/map';
import { codeNode } from './core/code';
import { httpNode } from './core/http';
import { notifyNode } from './core/notify';
import { delayNode } from './core/delay';
import { failNode } from './core/fail';
import { syncCheckNode } from './core/sync-check';
import { syncLinkNode } from './core/sync-link';
import { respondNode } from './core/respond';
import { waitForEventNode } from './core/wait-for-event';
import { waitForFormNode } from './core/wait-for-form';
import { approvalNode } from './core/approval';
import { subflowNode } from './core/subflow';
import { forEachNode } from './core/for-each';
import { commissionNode } from './core/commission';
import { documentNode } from './core/document';
import { waitUntilNode } from './core/wait-until';
import { shiftToWorkdayNode } from './core/shift-to-workday';
import { tableQueryNode, tableUpsertNode } from './core/tables';
import { kommoConnector } from './connectors/kommo';
import { easycountConnector } from './connectors/easycount';
import { stripeConnector } from './connectors/stripe';
import { yookassaConnector } from './connectors/yookassa';
import { bitrix24Connector } from './connectors/bitrix24';
import { emailConnector } from './connectors/email';
import { telegramConnector } from './connectors/telegram';
import { sbisConnector } from './connectors/sbis';
import { asproConnector } from './connectors/aspro';
import { diadocConnector } from './connectors/diadoc';
import { konturBillingConnector } from './connectors/kontur-billing';

/** Every connector Flowbridge ships; each is disabled until an admin enables it. */
export const allConnectors: readonly Connector[] = [kommoConnector, easycountConnector, stripeConnector, yookassaConnector, bitrix24Connector, emailConnector, telegramConnector, sbisConnector, asproConnector, diadocConnector, konturBillingConnector];

const coreNodes: readonly AnyNode[] = [
  webhookTrigger,
  manualTrigger,
  scheduleTrigger,
  ifNode,
  switchNode,
  mapNode,
  codeNode,
  httpNode,
  notifyNode,
  delayNode,
  waitForEventNode,
  waitForFormNode,
  approvalNode,
  subflowNode,
  forEachNode,
  commissionNode,
  documentNode,
  waitUntilNode,
  shiftToWorkdayNode,
  syncCheckNode,
  syncLinkNode,
  tableUpsertNode,
  tableQueryNode,
  failNode,
  respondNode,
];

/** Every node Flowbridge knows. Adding a node means adding it to a list here. */
export const allNodes: readonly AnyNode[] = [...coreNodes, ...allConnectors.flatMap((c) => c.nodes)];

/**
 * Definitions replaced by a newer version, kept so flows published with them run unchanged.
 * Empty until a node first changes behaviour (then: move the old definition here, bump `version`).
 */
export const previousNodeVersions: readonly AnyNode[] = [];

/** Every definition by `type@version`, old versions included. */
export const nodeVersions: ReadonlyMap<string, AnyNode> = new Map([...previousNodeVersions, ...allNodes].map((n) => [`${n.type}@${n.version}`, n]));

export const connectorsByKey: ReadonlyMap<string, Connector> = new Map(allConnectors.map((c) => [c.key, c]));

export const nodesByType: ReadonlyMap<string, AnyNode> = new Map(allNodes.map((n) => [n.type, n]));
