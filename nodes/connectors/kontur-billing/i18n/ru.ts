export const ru = { nodes: {}, connectors: {} };
