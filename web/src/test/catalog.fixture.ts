import type { CatalogEntry } from '../api/types';

const entry = (type: string, kind: CatalogEntry['kind'], ports: CatalogEntry['ports'], errorPort = false, extra: Partial<CatalogEntry> = {}): CatalogEntry => ({
  type, kind, title: type, category: 'Test', inputSchema: { properties: {}, required: [] }, ports, errorPort, ...extra,
});

export const CATALOG: CatalogEntry[] = [
  entry('core.webhook', 'trigger', ['out'], false, { sampleOutput: { body: { amount: 10, customer: { name: 'Dana' } } } }),
  entry('core.manual', 'trigger', ['out']),
  entry('core.if', 'condition', ['true', 'false']),
  entry('core.switch', 'condition', 'dynamic', false, { dynamicPorts: { fromList: 'cases', nameField: 'port', then: ['default'] } }),
  entry('core.map', 'expression', ['out'], false, { sampleOutput: { total: 12 } }),
  entry('core.http', 'action', ['out'], true, {
    inputSchema: { properties: { method: { default: 'POST' }, url: {} }, required: ['url'] },
    sampleOutput: { status: 200, body: { id: 'inv-1' } },
  }),
  entry('core.waitForEvent', 'wait', ['event', 'timeout']),
  entry('core.forEach', 'loop', ['item', 'done'], true, { sampleOutput: { results: [{}], count: 1, errors: [] } }),
];

export const lookup = (type: string) => CATALOG.find((e) => e.type === type);
