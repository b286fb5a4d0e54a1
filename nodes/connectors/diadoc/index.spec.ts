import { AuthError, createHttpClient, describeNode } from '../../sdk';
import { allConnectors } from '../../registry';
import { diadocConnector } from './index';
import type { DiadocSimulator } from './simulator';
import { connectionTo, resetTokens, startDiadoc } from './spec-support';

describe('diadocConnector', () => {
  let sim: DiadocSimulator;
  const ctx = () => ({ http: createHttpClient(), now: () => new Date() });

  beforeAll(async () => (sim = await startDiadoc()));
  afterAll(() => sim.stop());
  beforeEach(() => resetTokens());

  it('is registered under the diadoc key, declares its nodes and keeps the key, password and token secret', () => {
    expect(allConnectors).toContain(diadocConnector);
    expect(diadocConnector.key).toBe('diadoc');
    expect(diadocConnector.nodes.map((n) => n.type)).toEqual([
      'diadoc.documentChanged', 'diadoc.sendDocument', 'diadoc.getMessage', 'diadoc.getDocument', 'diadoc.findCounterparty', 'diadoc.getMyOrganizations',
    ]);
    expect(diadocConnector.secretFields).toEqual(['apiClientId', 'password', 'token']);
  });

  it('describes every node for the catalogue with a sample output and a required connection; only sending changes anything', () => {
    for (const node of diadocConnector.nodes) {
      const description = describeNode(node);
      expect(description.connector).toBe('diadoc');
      expect(description.sampleOutput).toBeDefined();
      expect(description.inputSchema.required).toEqual(expect.arrayContaining(['connection']));
    }
    expect(diadocConnector.nodes.filter((n) => describeNode(n).sideEffects).map((n) => n.type)).toEqual(['diadoc.sendDocument']);
  });

  it('tests a connection by authenticating and listing the organisations', async () => {
    await expect(diadocConnector.testConnection!(connectionTo(sim) as Record<string, string>, ctx())).resolves.toBeUndefined();
    expect(sim.requests.map((r) => r.path)).toEqual(expect.arrayContaining(['/V3/Authenticate', '/GetMyOrganizations']));
    await expect(diadocConnector.testConnection!(connectionTo(sim, { password: 'nope-nope' }) as Record<string, string>, ctx())).rejects.toBeInstanceOf(AuthError);
  });
});
