import { InputError, runNode } from '../../../sdk';
import type { Bitrix24Simulator } from '../simulator';
import { nodeContext, startBitrix24 } from '../spec-support';
import { bitrix24GetDeal } from './get-deal';
import { bitrix24UpdateDeal } from './update-deal';
import { bitrix24CreateDeal } from './create-deal';

describe('bitrix24.getDeal and bitrix24.updateDeal', () => {
  let sim: Bitrix24Simulator;
  const get = (dealId: unknown) => runNode(bitrix24GetDeal, { connection: 'b24', dealId }, nodeContext(sim));
  const update = (params: Record<string, unknown>) => runNode(bitrix24UpdateDeal, { connection: 'b24', dealId: 410, ...params }, nodeContext(sim));

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.deals.clear();
    sim.calls.length = 0;
    sim.addDeal({ ID: '410', STAGE_ID: 'PREPARATION' });
  });

  it('reads a deal, numbers as numbers and every raw field kept', async () => {
    const { output } = await get('410');

    expect(sim.calls).toEqual([{ method: 'crm.deal.get', params: { id: 410 }, inBatch: false }]);
    expect(output).toEqual({
      deal: {
        id: 410, title: 'Office fit-out, Kazan', stageId: 'PREPARATION', categoryId: 0, stageSemantic: 'P', opportunity: 1000000, currency: 'RUB',
        assignedById: 5, companyId: 12, contactId: 31, closed: false, fields: expect.objectContaining({ ID: '410', UF_CRM_1725365197310: '' }),
      },
    });
  });

  it('reports a deal that does not exist as a bad deal id', async () => {
    const error = await get(999).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'dealId', message: 'Deal 999 does not exist in Bitrix24' });
  });

  it('moves the deal and writes the chosen field and the other fields in one update', async () => {
    const { output } = await update({ stageId: 'WON', opportunity: 9999.99, field: 'UF_CRM_1725365197310', value: 'https://pay.example.ru/1201', fields: { COMMENTS: 'Paid' } });

    expect(sim.calls[0]).toEqual({
      method: 'crm.deal.update',
      params: { id: 410, fields: { COMMENTS: 'Paid', STAGE_ID: 'WON', OPPORTUNITY: 9999.99, UF_CRM_1725365197310: 'https://pay.example.ru/1201' }, params: { REGISTER_SONET_EVENT: 'N' } },
      inBatch: false,
    });
    expect(sim.deals.get(410)).toMatchObject({ STAGE_ID: 'WON', STAGE_SEMANTIC_ID: 'S', CLOSED: 'Y', UF_CRM_1725365197310: 'https://pay.example.ru/1201' });
    expect(output).toEqual({ dealId: 410, updated: ['COMMENTS', 'STAGE_ID', 'OPPORTUNITY', 'UF_CRM_1725365197310'] });
  });

  it.each([
    ['a camelCase name', { fields: { ufCrm1725: 'x' } }, 'fields'],
    ['a prototype key', { fields: JSON.parse('{"__proto__": "x"}') }, 'fields'],
    ['an empty update', {}, 'fields'],
    ['a responsible that is not an id', { assignedById: 'Olga' }, 'assignedById'],
  ])('refuses %s before calling Bitrix24', async (_case, params, field) => {
    const error = await update(params).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field });
    expect(sim.calls).toHaveLength(0);
  });

  it('reports an update of a missing deal as a bad deal id', async () => {
    await expect(update({ dealId: 999, stageId: 'WON' })).rejects.toMatchObject({ field: 'dealId' });
  });
});

describe('bitrix24.createDeal', () => {
  let sim: Bitrix24Simulator;
  const create = (params: Record<string, unknown>, ctx: Partial<ReturnType<typeof nodeContext>> = {}) =>
    runNode(bitrix24CreateDeal, { connection: 'b24', title: 'Контур.Экстерн для ООО «Вектор»', ...params }, { ...nodeContext(sim), ...ctx });

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.deals.clear();
    sim.calls.length = 0;
  });

  it('creates a deal marked with the outside record it stands for, and finds it instead of creating it again', async () => {
    const first = await create({ originId: 'PS-1001', stageId: 'NEW', opportunity: 12000, fields: { UF_CRM_INN: '7707083893' } });
    expect(first.output).toMatchObject({ created: true, originId: 'PS-1001' });
    const deal = sim.deals.get((first.output as { dealId: number }).dealId);
    expect(deal).toMatchObject({ TITLE: 'Контур.Экстерн для ООО «Вектор»', STAGE_ID: 'NEW', OPPORTUNITY: '12000', UF_CRM_INN: '7707083893', ORIGINATOR_ID: 'flowbridge', ORIGIN_ID: 'PS-1001' });

    const again = await create({ originId: 'PS-1001', title: 'Changed' });
    expect(again.output).toEqual({ dealId: deal && Number(deal.ID), created: false, originId: 'PS-1001' });
    expect(sim.deals.size).toBe(1);
    expect(sim.calls.filter((c) => c.method === 'crm.deal.add')).toHaveLength(1);
  });

  it('without a record id uses the step\'s own key, so a retried step makes one deal', async () => {
    const ctx = { idempotencyKey: 'run-1:deal:0' };
    await create({}, ctx);
    await create({}, ctx);
    expect([...sim.deals.values()].map((d) => d.ORIGIN_ID)).toEqual(['run-1:deal:0']);
  });
});
