export * from './sdk';
export { allNodes, nodesByType } from './registry';
