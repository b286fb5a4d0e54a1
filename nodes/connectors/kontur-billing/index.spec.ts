import { AuthError, ConfigError, createHttpClient, describeNode } from '../../sdk';
import { allConnectors, connectorsByKey, nodesByType } from '../../registry';
import { renamedMapping, renamedPortalSale, portalSale } from './fixtures/sales';
import { konturBillingConnector } from './index';
import { readMapping, toPortal } from './mapping';
import { normaliseSale, saleDefaults } from './normalise';
import type { KonturBillingSimulator } from './simulator';
import { connectionTo, startKonturBilling } from './spec-support';

describe('konturBillingConnector', () => {
  let sim: KonturBillingSimulator;
  const ctx = () => ({ http: createHttpClient(), now: () => new Date() });

  beforeAll(async () => (sim = await startKonturBilling()));
  afterAll(() => sim.stop());
  beforeEach(() => sim.reset());

  it('is registered under the key kontur-billing, its node types carry the hyphenated prefix, and only the key is secret', () => {
    expect(allConnectors).toContain(konturBillingConnector);
    expect(connectorsByKey.get('kontur-billing')).toBe(konturBillingConnector);
    expect(konturBillingConnector.nodes.map((n) => n.type)).toEqual([
      'kontur-billing.potentialSaleChanged', 'kontur-billing.invoicePaid',
      'kontur-billing.createPotentialSale', 'kontur-billing.updatePotentialSale', 'kontur-billing.getPotentialSale', 'kontur-billing.findPotentialSale', 'kontur-billing.getInvoice',
    ]);
    for (const node of konturBillingConnector.nodes) expect(nodesByType.get(node.type)).toBe(node);
    expect(konturBillingConnector.secretFields).toEqual(['apiKey']);
  });

  it('describes every node for the catalogue with a sample output, a required connection and a field mapping', () => {
    for (const node of konturBillingConnector.nodes) {
      const description = describeNode(node);
      expect(description.connector).toBe('kontur-billing');
      expect(description.sampleOutput).toBeDefined();
      expect(description.inputSchema.required).toEqual(expect.arrayContaining(['connection']));
      expect(Object.keys(description.inputSchema.properties ?? {})).toContain('fieldMapping');
    }
    expect(konturBillingConnector.nodes.filter((n) => n.kind !== 'trigger' && describeNode(n).sideEffects).map((n) => n.type))
      .toEqual(['kontur-billing.createPotentialSale', 'kontur-billing.updatePotentialSale']);
    expect(konturBillingConnector.description).toMatch(/ASSUMED/);
  });

  it('tests a connection with one look-up; a wrong key is an auth error and a bad URL a config error', async () => {
    await expect(konturBillingConnector.testConnection!(connectionTo(sim) as Record<string, string>, ctx())).resolves.toBeUndefined();
    expect(sim.calls('GET', '/potential-sales')).toHaveLength(1);
    await expect(konturBillingConnector.testConnection!(connectionTo(sim, { apiKey: 'kb-nope-0000' }) as Record<string, string>, ctx())).rejects.toBeInstanceOf(AuthError);
    await expect(konturBillingConnector.testConnection!(connectionTo(sim, { baseUrl: 'ftp://portal' }) as Record<string, string>, ctx())).rejects.toBeInstanceOf(ConfigError);
  });

  it('the field mapping reads and writes a portal that names its fields otherwise', () => {
    const defaults = readMapping(saleDefaults, {});
    const renamed = readMapping(saleDefaults, renamedMapping);
    const ours = normaliseSale(portalSale, defaults);
    expect(normaliseSale(renamedPortalSale, renamed)).toEqual(ours);
    expect(ours).toMatchObject({ id: '48213', externalId: '10452', createdAt: '2026-03-02T09:00:00.000Z' });
    expect(toPortal({ externalId: '10452', clientInn: '7707083893', clientKpp: '773601001' }, renamed))
      .toEqual({ crmDealId: '10452', organization: { requisites: { inn: '7707083893', kpp: '773601001' } } });
  });
});
