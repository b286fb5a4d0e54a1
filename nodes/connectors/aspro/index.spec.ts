import { describeNode } from '../../sdk';
import { allConnectors } from '../../registry';
import { asproConnector } from './index';

describe('asproConnector', () => {
  it('is registered, declares its nodes under the aspro key and keeps the API key secret', () => {
    expect(allConnectors).toContain(asproConnector);
    expect(asproConnector.nodes.map((n) => n.type)).toEqual([
      'aspro.invoicePaid', 'aspro.createInvoice', 'aspro.getInvoice', 'aspro.setInvoiceStatus', 'aspro.listInvoices', 'aspro.getCustomer',
    ]);
    expect(asproConnector.secretFields).toEqual(['apiKey']);
  });

  it('describes every node for the catalogue with a sample output and a required connection', () => {
    for (const node of asproConnector.nodes) {
      const description = describeNode(node);
      expect(description.connector).toBe('aspro');
      expect(description.sampleOutput).toBeDefined();
      expect(description.inputSchema.required).toEqual(expect.arrayContaining(['connection']));
    }
    expect(asproConnector.nodes.filter((n) => describeNode(n).sideEffects).map((n) => n.type)).toEqual(['aspro.createInvoice', 'aspro.setInvoiceStatus']);
  });
});
