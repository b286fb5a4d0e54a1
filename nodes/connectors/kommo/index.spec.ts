import { AuthError, createHttpClient, describeNode, type HttpClient, type HttpRequest } from '../../sdk';
import { kommoConnector, kommoOptionSources } from './index';
import type { KommoSimulator } from './simulator';
import { connectionTo, startKommo } from './spec-support';

describe('kommoConnector', () => {
  let sim: KommoSimulator;
  const ctx = () => ({ http: createHttpClient(), now: () => new Date(), params: {} });

  beforeAll(async () => (sim = await startKommo()));
  afterAll(() => sim.stop());

  it('declares its nodes under the kommo key and keeps tokens secret', () => {
    expect(kommoConnector.nodes.map((n) => n.type)).toEqual([
      'kommo.leadStatusChanged', 'kommo.button', 'kommo.getLead', 'kommo.updateLead', 'kommo.addNote', 'kommo.createTask', 'kommo.continueSalesbot',
    ]);
    expect(kommoConnector.secretFields).toEqual(['accessToken', 'integrationSecret']);
  });

  it('describes every node for the catalogue with a sample output', () => {
    for (const node of kommoConnector.nodes) {
      const description = describeNode(node);
      expect(description.connector).toBe('kommo');
      expect(description.sampleOutput).toBeDefined();
      expect(description.inputSchema.required).toEqual(expect.arrayContaining(['connection']));
    }
  });

  it('tests a connection against GET /api/v4/account', async () => {
    await expect(kommoConnector.testConnection!(connectionTo(sim) as Record<string, string>, ctx())).resolves.toBeUndefined();
    await expect(kommoConnector.testConnection!(connectionTo(sim, { accessToken: 'stale' }) as Record<string, string>, ctx())).rejects.toBeInstanceOf(AuthError);
  });

  it('accepts an account URL pasted without its scheme', async () => {
    const urls: string[] = [];
    const http: HttpClient = {
      request: async <T>(req: HttpRequest) => {
        urls.push(req.url);
        return { status: 200, headers: {}, body: { id: 1 } as T };
      },
    };
    await kommoConnector.testConnection!({ baseUrl: 'example.kommo.com/', accessToken: 't' }, { http, now: () => new Date() });

    expect(urls).toEqual(['https://example.kommo.com/api/v4/account']);
  });

  it('lists pipelines and the stages of the chosen pipeline for the editor', async () => {
    const credentials = connectionTo(sim) as Record<string, string>;

    expect(await kommoOptionSources['kommo.pipelines'](credentials, ctx())).toEqual([{ value: '7001', label: 'Travel sales' }]);
    expect(await kommoOptionSources['kommo.statuses'](credentials, { ...ctx(), params: { pipelineId: '7001' } })).toEqual([
      { value: '70010000', label: 'Incoming leads' },
      { value: '70010001', label: 'To invoice' },
      { value: '70010002', label: 'Invoice sent' },
      { value: '70010003', label: 'Paid' },
      { value: '142', label: 'Closed - won' },
      { value: '143', label: 'Closed - lost' },
    ]);
  });
});
