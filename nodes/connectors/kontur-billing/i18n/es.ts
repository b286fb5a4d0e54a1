export const es = { nodes: {}, connectors: {} };
