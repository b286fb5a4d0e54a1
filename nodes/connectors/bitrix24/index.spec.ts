import { AuthError, createHttpClient, describeNode, type AnyNode, type FieldMap, type ParamTexts } from '../../sdk';
import { allConnectors } from '../../registry';
import { bitrix24Connector, bitrix24OptionSources } from './index';
import type { Bitrix24Simulator } from './simulator';
import { connectionTo, startBitrix24 } from './spec-support';

const TOKENS = /\{\{[^}]*\}\}/g;

describe('bitrix24Connector', () => {
  let sim: Bitrix24Simulator;
  const ctx = (params: Record<string, unknown> = {}) => ({ http: createHttpClient(), now: () => new Date(), params });
  const credentials = () => connectionTo(sim) as Record<string, string>;

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => (sim.calls.length = 0));

  it('is registered, declares its nodes under the bitrix24 key and keeps the webhook URL and token secret', () => {
    expect(allConnectors).toContain(bitrix24Connector);
    expect(bitrix24Connector.nodes.map((n) => n.type)).toEqual([
      'bitrix24.dealCreated', 'bitrix24.dealUpdated', 'bitrix24.dealStageChanged', 'bitrix24.invoiceCreated', 'bitrix24.invoiceStageChanged', 'bitrix24.invoicePaid',
      'bitrix24.taskUpdated', 'bitrix24.taskCompleted', 'bitrix24.getDeal', 'bitrix24.createDeal', 'bitrix24.updateDeal', 'bitrix24.attachFile', 'bitrix24.getContact', 'bitrix24.createInvoice', 'bitrix24.getInvoice',
      'bitrix24.updateInvoice', 'bitrix24.listInvoices', 'bitrix24.listInvoiceProducts', 'bitrix24.invoicePdf', 'bitrix24.createTask', 'bitrix24.listTasks', 'bitrix24.addTodo',
      'bitrix24.notifyUser', 'bitrix24.findDepartmentHead', 'bitrix24.listElements',
    ]);
    expect(bitrix24Connector.secretFields).toEqual(['webhookUrl', 'applicationToken']);
  });

  it('describes every node for the catalogue with a sample output and a required connection', () => {
    for (const node of bitrix24Connector.nodes) {
      const description = describeNode(node);
      expect(description.sampleOutput).toBeDefined();
      expect(description.inputSchema.required).toEqual(expect.arrayContaining(['connection']));
    }
  });

  it('tests a connection with `profile` and reports a wrong webhook code as an auth error', async () => {
    await expect(bitrix24Connector.testConnection!(credentials(), ctx())).resolves.toBeUndefined();
    await expect(bitrix24Connector.testConnection!({ ...credentials(), webhookUrl: `${sim.url}/rest/1/stale/` }, ctx())).rejects.toBeInstanceOf(AuthError);
  });

  it('lists the portal\'s active users', async () => {
    expect(await bitrix24OptionSources['bitrix24.users'](credentials(), ctx())).toEqual([
      { value: '1', label: 'Irina Volkova (volkova@example.ru)' },
      { value: '5', label: 'Pavel Smirnov (smirnov@example.ru)' },
      { value: '7', label: 'Olga Petrova (petrova@example.ru)' },
      { value: '9', label: 'Anna Kuznetsova (kuznetsova@example.ru)' },
    ]);
  });

  it('lists the deal stages of every pipeline, reading the pipelines\' stages in one batch', async () => {
    const options = await bitrix24OptionSources['bitrix24.dealStages'](credentials(), ctx());

    expect(options).toEqual([
      { value: 'NEW', label: 'General: New' },
      { value: 'PREPARATION', label: 'General: Preparing documents' },
      { value: 'EXECUTING', label: 'General: To invoice' },
      { value: 'WON', label: 'General: Deal won' },
      { value: 'LOSE', label: 'General: Deal lost' },
      { value: 'C2:NEW', label: 'Projects: Brief' },
      { value: 'C2:WON', label: 'Projects: Delivered' },
    ]);
    expect(sim.calls.filter((c) => !c.inBatch).map((c) => c.method)).toEqual(['crm.category.list', 'batch']);
  });

  it('lists smart invoice stages, writable deal fields by their labels, and lists', async () => {
    sim.addList(41, 'Objects', 1);
    const stages = await bitrix24OptionSources['bitrix24.invoiceStages'](credentials(), ctx());
    const fields = await bitrix24OptionSources['bitrix24.dealFields'](credentials(), ctx());
    const lists = await bitrix24OptionSources['bitrix24.lists'](credentials(), ctx());

    expect(stages.map((s) => s.label)).toEqual(['Draft', 'Sent to client', 'Paid', 'Not paid']);
    expect(fields).toContainEqual({ value: 'UF_CRM_1725365197310', label: 'Payment link' });
    expect(fields.map((f) => f.value)).not.toContain('ID');
    expect(lists).toEqual([{ value: '41', label: 'Objects' }]);
  });

  describe.each(['ru', 'es'] as const)('texts in %s', (language) => {
    const texts = bitrix24Connector.texts![language];
    const nodeTexts = (node: AnyNode) => texts.nodes![node.type];
    const tokens = (text: string | undefined) => (text ?? '').match(TOKENS) ?? [];

    it('translate the connector and its connection fields', () => {
      const connector = texts.connectors!.bitrix24;
      expect(connector.title).toBeTruthy();
      expect(connector.description).not.toBe(bitrix24Connector.description);
      for (const [name, field] of Object.entries(bitrix24Connector.credentials.fields)) {
        expect(connector.fields?.[name]?.label).toBeTruthy();
        expect(connector.fields?.[name]?.label).not.toBe(field.label);
        if (field.description) expect(connector.fields?.[name]?.description).not.toBe(field.description);
      }
    });

    it.each(bitrix24Connector.nodes.map((n) => [n.type, n] as const))('translate %s: title, description and every param, keeping {{ }} tokens', (_type, node) => {
      const translated = nodeTexts(node);
      expect(translated.title).not.toBe(node.definition.title);
      expect(translated.description).not.toBe(node.definition.description);
      expect(tokens(translated.description)).toEqual(tokens(node.definition.description));
      for (const [name, field] of Object.entries(node.definition.params as FieldMap)) {
        const param: ParamTexts | undefined = translated.params?.[name];
        expect([name, param?.label]).toEqual([name, expect.any(String)]);
        expect([name, param!.label]).not.toEqual([name, field.ui.label]);
        if (field.ui.description) {
          expect([name, param!.description]).not.toEqual([name, field.ui.description]);
          expect(tokens(param!.description)).toEqual(tokens(field.ui.description));
        }
        for (const option of field.ui.options ?? []) {
          const label = param!.options?.[option.value];
          expect([name, option.value, typeof label]).toEqual([name, option.value, 'string']);
          expect(label).not.toBe(option.label);
        }
      }
    });
  });
});
