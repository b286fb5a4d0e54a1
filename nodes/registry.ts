import type { AnyNode } from './sdk';
import { webhookTrigger } from './core/webhook';
import { manualTrigger } from './core/manual';
import { ifNode } from './core/if';
import { switchNode } from './core/switch';
import { mapNode } from './core/map';
import { codeNode } from './core/code';
import { httpNode } from './core/http';
import { delayNode } from './core/delay';
import { failNode } from './core/fail';

/** Every node Flowbridge knows. Adding a node means adding it here. */
export const allNodes: readonly AnyNode[] = [
  webhookTrigger,
  manualTrigger,
  ifNode,
  switchNode,
  mapNode,
  codeNode,
  httpNode,
  delayNode,
  failNode,
];

export const nodesByType: ReadonlyMap<string, AnyNode> = new Map(allNodes.map((n) => [n.type, n]));
