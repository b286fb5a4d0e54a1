import { AuthError, describeNode, createHttpClient } from '../../sdk';
import { easycountConnector } from './index';
import { EasyCountSimulator } from './simulator';

const sim = new EasyCountSimulator({ apiKey: 'key-1' });
const ctx = { http: createHttpClient(), now: () => new Date() };

beforeAll(() => sim.start());
afterAll(() => sim.stop());

describe('easycount connector', () => {
  it('describes every node for the catalogue', () => {
    for (const node of easycountConnector.nodes) {
      const description = describeNode(node);
      expect(description).toMatchObject({ connector: easycountConnector.key, category: expect.any(String), sampleOutput: expect.anything() });
      expect(description.inputSchema.required).toContain('connection');
    }
  });

  it('declares its nodes and keeps the key secret', () => {
    expect(easycountConnector.nodes.map((n) => n.type)).toEqual(['easycount.createInvoice', 'easycount.createPaymentPage', 'easycount.validatePayment']);
    expect(easycountConnector.secretFields).toEqual(['apiKey']);
    expect(easycountConnector.credentials.fields.baseUrl.default).toBe('https://api.ezcount.co.il');
  });

  it('tests a connection against the API', async () => {
    await expect(easycountConnector.testConnection!({ baseUrl: sim.url, apiKey: 'key-1', developerEmail: 'dev@x' }, ctx)).resolves.toBeUndefined();
    await expect(easycountConnector.testConnection!({ baseUrl: sim.url, apiKey: 'nope', developerEmail: 'dev@x' }, ctx)).rejects.toBeInstanceOf(AuthError);
  });
});
