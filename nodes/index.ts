export * from './sdk';
export { allConnectors, allNodes, connectorsByKey, nodesByType, nodeVersions, previousNodeVersions } from './registry';
export { catalogTexts, isTranslatedLanguage } from './texts';
