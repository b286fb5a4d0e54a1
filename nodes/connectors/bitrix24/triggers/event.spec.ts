import { AuthError, ConfigError, InputError, receiveTrigger } from '../../../sdk';
import type { Bitrix24Simulator } from '../simulator';
import { hookRequest, startBitrix24, triggerContext } from '../spec-support';
import { decodeForm } from '../form';
import { bitrix24DealUpdated } from './deal-updated';
import { bitrix24InvoiceCreated } from './invoice-created';
import { bitrix24TaskUpdated } from './task-updated';

const params = { connection: 'b24', path: '/bitrix24/7c1e9a40b2d35f68/' };

describe('Bitrix24 outbound events at intake', () => {
  let sim: Bitrix24Simulator;
  const intake = (node = bitrix24DealUpdated, request = hookRequest(sim.dealEvent('ONCRMDEALUPDATE', 410)), ctx = triggerContext(sim)) =>
    receiveTrigger(node, request, params, ctx, { load: false });

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => (sim.requests.length = 0));

  it('listens on its path without surrounding slashes', () => {
    expect(bitrix24DealUpdated.definition.kind === 'trigger' && bitrix24DealUpdated.definition.hookPath?.(params)).toBe('bitrix24/7c1e9a40b2d35f68');
  });

  it('stores the event name, id, time and portal without calling Bitrix24', async () => {
    const [stored] = await intake();

    expect(sim.requests).toHaveLength(0);
    expect(stored).toMatchObject({
      output: { event: { name: 'ONCRMDEALUPDATE', id: 410, entityTypeId: null, ts: expect.stringMatching(/^\d{4}-/), domain: 'example.bitrix24.ru' }, delivery: expect.any(String) },
      businessKey: '410',
    });
  });

  it.each([
    ['raw form bytes', (raw: string) => hookRequest(raw)],
    ['flat bracket keys', (raw: string) => hookRequest('', Object.fromEntries(new URLSearchParams(raw)))],
    ['a body our parser nested', (raw: string) => hookRequest('', JSON.parse(JSON.stringify(decodeForm(new URLSearchParams(raw)))))],
  ])('reads an event delivered as %s', async (_form, request) => {
    const [stored] = await intake(bitrix24DealUpdated, request(sim.dealEvent('ONCRMDEALUPDATE', 410)));

    expect(stored.output).toMatchObject({ event: { id: 410 } });
  });

  it('refuses a forged application token with an auth error (401) and starts nothing', async () => {
    await expect(intake(bitrix24DealUpdated, hookRequest(sim.dealEvent('ONCRMDEALUPDATE', 410, { token: 'forged-token' })))).rejects.toBeInstanceOf(AuthError);
    await expect(intake(bitrix24DealUpdated, hookRequest(sim.dealEvent('ONCRMDEALUPDATE', 410, { token: sim.applicationToken.slice(0, -1) })))).rejects.toBeInstanceOf(AuthError);
  });

  it('refuses an event without a token, even one this trigger would ignore', async () => {
    const body = new URLSearchParams(sim.dealEvent('ONCRMDEALADD', 410));
    body.delete('auth[application_token]');

    await expect(intake(bitrix24DealUpdated, hookRequest(body.toString()))).rejects.toBeInstanceOf(AuthError);
  });

  it('cannot check events while the connection has no application token', async () => {
    const ctx = triggerContext(sim, { connection: { applicationToken: undefined } });

    await expect(intake(bitrix24DealUpdated, hookRequest(sim.dealEvent('ONCRMDEALUPDATE', 410)), ctx)).rejects.toBeInstanceOf(ConfigError);
  });

  it('acknowledges other events and other CRM types without starting a run', async () => {
    expect(await intake(bitrix24DealUpdated, hookRequest(sim.dealEvent('ONCRMDEALADD', 410)))).toEqual([]);
    expect(await intake(bitrix24InvoiceCreated, hookRequest(sim.invoiceEvent('ONCRMDYNAMICITEMADD', 12, { entityTypeId: 1038 })))).toEqual([]);
  });

  it('gives a created invoice a dedupe key, so a repeated delivery starts one run', async () => {
    const body = sim.invoiceEvent('ONCRMDYNAMICITEMADD', 1201);
    const [first] = await intake(bitrix24InvoiceCreated, hookRequest(body));
    const [again] = await intake(bitrix24InvoiceCreated, hookRequest(body));

    expect(first.dedupeKey).toBe('bitrix24:example.bitrix24.ru:invoice:1201:created');
    expect(again.dedupeKey).toBe(first.dedupeKey);
  });

  it('reads the task id of ONTASKUPDATE from FIELDS_AFTER', async () => {
    const [stored] = await intake(bitrix24TaskUpdated, hookRequest(sim.taskEvent(3711)));

    expect(stored.output).toMatchObject({ event: { name: 'ONTASKUPDATE', id: 3711 } });
  });

  it('refuses an event that names no id', async () => {
    await expect(intake(bitrix24DealUpdated, hookRequest(sim.eventBody('ONCRMDEALUPDATE', { FIELDS: {} })))).rejects.toBeInstanceOf(InputError);
  });

  it('ignores bracket keys that would reach Object.prototype', async () => {
    const raw = `${sim.dealEvent('ONCRMDEALUPDATE', 410)}&data[__proto__][polluted]=1&constructor[prototype][x]=1`;
    const [stored] = await intake(bitrix24DealUpdated, hookRequest(raw));

    expect(stored.output).toMatchObject({ event: { id: 410 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
