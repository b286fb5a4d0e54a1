import { nodesByType } from '../registry';
import { connectorsInUse, defineNode, defineTrigger, describeNode, isTrigger, type AnyNode } from './define';
import { f } from './fields';

const core = (type: string): AnyNode => {
  const node = nodesByType.get(type);
  if (!node) throw new Error(`${type} is not registered`);
  return node;
};

type Props = Record<string, Record<string, unknown>>;
const propertiesOf = (type: string) => describeNode(core(type)).inputSchema.properties as Props;

describe('defineNode / defineTrigger', () => {
  const action = defineNode({
    type: 'test.action',
    kind: 'action',
    title: 'Action',
    category: 'Test',
    params: { name: f.text({ label: 'Name', required: true }), count: f.number({ label: 'Count', default: 2 }), note: f.text({ label: 'Note' }) },
    run: () => ({}),
  });

  it('defaults ports to out and gives actions an error port', () => {
    expect(action.ports({})).toEqual(['out']);
    expect(action.errorPort).toBe(true);
    expect(action.kind).toBe('action');
  });

  it('lets an action opt out of the error port', () => {
    expect(defineNode({ type: 't', kind: 'action', title: 't', category: 't', params: {}, errorPort: false, run: () => ({}) }).errorPort).toBe(false);
  });

  it('validates resolved params: required present, defaults filled, optional may be absent, extra keys kept', () => {
    expect(action.paramsSchema.parse({ name: 'x', extra: 1 })).toEqual({ name: 'x', count: 2, extra: 1 });
    expect(action.paramsSchema.safeParse({ count: 1 }).success).toBe(false);
    expect(action.paramsSchema.parse({ name: 'x', count: '5' })).toEqual({ name: 'x', count: 5 });
  });

  it('marks triggers with kind trigger and no error port', () => {
    const trigger = defineTrigger({ type: 'test.trigger', title: 'T', category: 'T', source: 'manual', params: {}, receive: () => ({ output: {} }) });
    expect(trigger.kind).toBe('trigger');
    expect(trigger.errorPort).toBe(false);
    expect(isTrigger(trigger)).toBe(true);
    expect(isTrigger(action)).toBe(false);
  });
});

describe('describeNode', () => {
  it('describes the catalogue entry of a node', () => {
    const description = describeNode(core('core.http'));
    expect(description).toMatchObject({ type: 'core.http', kind: 'action', title: 'HTTP request', category: 'Actions', ports: ['out'], errorPort: true });
    expect(description.sampleOutput).toEqual({ status: 200, headers: {}, body: {} });
  });

  it('gives a JSON Schema object with a title and x-ui per param', () => {
    const { inputSchema } = describeNode(core('core.http'));
    expect(inputSchema.type).toBe('object');
    const props = inputSchema.properties as Props;
    expect(Object.keys(props)).toEqual(['method', 'url', 'headers', 'body', 'timeoutMs', 'failOnStatus']);
    expect(props.url).toMatchObject({ type: 'string', title: 'URL', 'x-ui': { widget: 'text', label: 'URL', placeholder: 'https://api.example.com/items', expressions: true } });
    expect(props.method).toMatchObject({ enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], 'x-ui': { widget: 'select' } });
    expect(props.timeoutMs).toMatchObject({ type: 'integer', minimum: 1, maximum: 300_000, title: 'Timeout (ms)' });
    expect(props.failOnStatus).toMatchObject({ type: 'boolean', 'x-ui': { widget: 'boolean' } });
  });

  it('lists exactly the params marked required', () => {
    expect(describeNode(core('core.http')).inputSchema.required).toEqual(['url']);
    expect(describeNode(core('core.switch')).inputSchema.required).toEqual(['value', 'cases']);
    expect(describeNode(core('core.manual')).inputSchema.required).toEqual([]);
  });

  it('tells the editor which params are literal', () => {
    expect(propertiesOf('core.code').code['x-ui']).toMatchObject({ widget: 'code', expressions: false });
    expect(propertiesOf('core.webhook').path['x-ui']).toMatchObject({ expressions: false });
  });

  it('describes list items for the editor', () => {
    const cases = propertiesOf('core.switch').cases;
    expect(cases).toMatchObject({ type: 'array', items: { type: 'object', required: ['port', 'equals'] } });
    expect(cases['x-ui']).toMatchObject({ widget: 'list', itemFields: { port: { expressions: false }, equals: { widget: 'json' } } });
  });

  it('carries the default of every param that has one, so the form can prefill it', () => {
    expect(propertiesOf('core.delay').unit.default).toBe('hours');
    expect(propertiesOf('core.code').code.default).toBe('return { ...$prev };');
    expect(propertiesOf('core.delay').amount.default).toBe(1);
    expect(propertiesOf('core.http').timeoutMs.default).toBe(30_000);
    expect(propertiesOf('core.http').failOnStatus.default).toBe(true);
  });

  it("says 'dynamic' for ports that depend on the params (core.switch)", () => {
    expect(describeNode(core('core.switch')).ports).toBe('dynamic');
    expect(describeNode(core('core.switch')).dynamicPorts).toEqual({ fromList: 'cases', nameField: 'port', then: ['default'] });
    expect(core('core.switch').ports({ cases: [{ port: 'won', equals: 142 }, { equals: 1 }, null] })).toEqual(['won', 'default']);
  });

  it('lists fixed ports, including none for core.fail', () => {
    expect(describeNode(core('core.if')).ports).toEqual(['true', 'false']);
    expect(describeNode(core('core.fail')).ports).toEqual([]);
  });

  it('gives actions an error port, but not core.fail, conditions, expressions, waits or triggers', () => {
    expect(describeNode(core('core.http')).errorPort).toBe(true);
    for (const type of ['core.fail', 'core.if', 'core.switch', 'core.map', 'core.code', 'core.delay', 'core.waitForEvent', 'core.webhook', 'core.manual']) {
      expect([type, describeNode(core(type)).errorPort]).toEqual([type, false]);
    }
  });

  it('describes every registered node without throwing and as plain JSON', () => {
    for (const node of nodesByType.values()) {
      const description = describeNode(node);
      expect(JSON.parse(JSON.stringify(description.inputSchema))).toEqual(description.inputSchema);
    }
  });
});

describe('connectorsInUse', () => {
  it('names a connector node’s own connector', () => {
    expect(connectorsInUse(core('kommo.createTask'), {})).toEqual([{ connector: 'kommo' }]);
  });

  it('counts a connection field only while the param it depends on wants it', () => {
    const notify = core('core.notify');
    expect(connectorsInUse(notify, { channel: 'bitrix24', bitrix24Connection: 'c1', kommoConnection: 'c2' })).toEqual([{ connector: 'bitrix24', field: 'bitrix24Connection' }]);
    expect(connectorsInUse(notify, { channel: 'kommo', bitrix24Connection: 'c1', kommoConnection: 'c2' })).toEqual([{ connector: 'kommo', field: 'kommoConnection' }]);
    expect(connectorsInUse(notify, { channel: 'bitrix24', bitrix24Connection: '' })).toEqual([]);
    expect(connectorsInUse(notify, JSON.parse('{"channel": "bitrix24", "__proto__": {"bitrix24Connection": "c1"}}'))).toEqual([]);
    expect(connectorsInUse(core('core.map'), null)).toEqual([]);
  });
});
