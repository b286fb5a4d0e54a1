export * from './sdk';
export { allConnectors, allNodes, connectorsByKey, nodesByType } from './registry';
