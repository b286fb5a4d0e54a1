import { AuthError, createHttpClient, describeNode } from '../../sdk';
import { allConnectors } from '../../registry';
import { sbisConnector } from './index';
import type { SbisSimulator } from './simulator';
import { connectionTo, resetSessions, startSbis } from './spec-support';

describe('sbisConnector', () => {
  let sim: SbisSimulator;
  const ctx = () => ({ http: createHttpClient(), now: () => new Date() });

  beforeAll(async () => (sim = await startSbis()));
  afterAll(() => sim.stop());
  beforeEach(() => resetSessions());

  it('is registered, declares its nodes under the sbis key and keeps the password secret', () => {
    expect(allConnectors).toContain(sbisConnector);
    expect(sbisConnector.nodes.map((n) => n.type)).toEqual(['sbis.documentChanged', 'sbis.sendDocument', 'sbis.getDocument', 'sbis.downloadFile', 'sbis.findCounterparty']);
    expect(sbisConnector.secretFields).toEqual(['password']);
  });

  it('describes every node for the catalogue with a sample output and a required connection', () => {
    for (const node of sbisConnector.nodes) {
      const description = describeNode(node);
      expect(description.connector).toBe('sbis');
      expect(description.sampleOutput).toBeDefined();
      expect(description.inputSchema.required).toEqual(expect.arrayContaining(['connection']));
    }
    expect(sbisConnector.nodes.filter((n) => describeNode(n).sideEffects).map((n) => n.type)).toEqual(['sbis.sendDocument']);
  });

  it('tests a connection by logging in and reading the change list', async () => {
    await expect(sbisConnector.testConnection!(connectionTo(sim) as Record<string, string>, ctx())).resolves.toBeUndefined();
    expect(sim.calls('СБИС.СписокИзменений').length).toBeGreaterThan(0);
    resetSessions();
    await expect(sbisConnector.testConnection!(connectionTo(sim, { password: 'nope-nope' }) as Record<string, string>, ctx())).rejects.toBeInstanceOf(AuthError);
  });
});
