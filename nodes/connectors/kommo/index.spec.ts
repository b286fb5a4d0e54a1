import { nodesByType } from '../../registry';
import { validateGraph } from '../../sdk';
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

  it('lists the users and the lead custom fields the pickers offer', async () => {
    const credentials = connectionTo(sim) as Record<string, string>;
    expect(await kommoOptionSources['kommo.users'](credentials, ctx())).toEqual([
      { value: '2079676', label: 'Dana Levi' },
      { value: '2079718', label: 'Ivan Petrov' },
    ]);
    const fields = await kommoOptionSources['kommo.leadFields'](credentials, ctx());
    expect(fields.length).toBe(sim.customFields.length);
    expect(fields[0]).toEqual({ value: String(sim.customFields[0].id), label: `${sim.customFields[0].name} (${sim.customFields[0].type})` });
  });

  it('refuses a custom field written by its name instead of its id, naming the field', () => {
    const graph = (customFields: Record<string, string>) => ({
      schema: 1 as const, nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'x' } },
        { id: 'write', type: 'kommo.updateLead', params: { connection: 'c', leadId: '1', customFields } },
      ], edges: [{ from: 'hook', to: 'write' }],
    });
    const options = { lookup: (type: string) => nodesByType.get(type), checkExpression: () => null };
    expect(validateGraph(graph({ 'Payment link': 'https://pay' }), options)).toEqual([
      expect.objectContaining({ nodeId: 'write', field: 'customFields', code: 'invalidValue', message: expect.stringContaining(`'Payment link' is not a Kommo field id or field code`) }),
    ]);
    expect(validateGraph(graph({ 900003: 'https://pay', PHONE: '+972' }), options)).toEqual([]);
  });
});
