import { ConfigError, memoryTriggerState, RateLimitError, receiveTrigger, type TriggerContext, type TriggerLoadResult } from '../../../sdk';
import type { Bitrix24Simulator } from '../simulator';
import { hookRequest, startBitrix24, triggerContext } from '../spec-support';
import { bitrix24DealStageChanged } from './deal-stage-changed';

const params = { connection: 'b24', path: 'bitrix24/7c1e9a40b2d35f68' };

describe('bitrix24.dealStageChanged', () => {
  let sim: Bitrix24Simulator;
  let ctx: ReturnType<typeof triggerContext>;
  const definition = bitrix24DealStageChanged.definition as { load(ctx: TriggerContext, output: unknown, params: unknown): Promise<TriggerLoadResult> };
  const store = async (event: 'ONCRMDEALUPDATE' | 'ONCRMDEALADD' = 'ONCRMDEALUPDATE') =>
    (await receiveTrigger(bitrix24DealStageChanged, hookRequest(sim.dealEvent(event, 410)), params, ctx, { load: false }))[0].output;
  const load = (stored: unknown, overrides: Record<string, unknown> = {}, context: TriggerContext = ctx) =>
    definition.load(context, stored, bitrix24DealStageChanged.paramsSchema.parse({ ...params, ...overrides }));
  const deliver = async (overrides: Record<string, unknown> = {}) => load(await store(), overrides);

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.deals.clear();
    sim.requests.length = 0;
    sim.clearFaults();
    sim.addDeal({ ID: '410', STAGE_ID: 'NEW' });
    ctx = triggerContext(sim);
  });

  it('counts the first event of a deal the flow has never seen as a change, and re-reads the deal', async () => {
    const result = await deliver();

    expect(sim.requests.map((r) => r.path.split('/').pop())).toEqual(['crm.deal.get.json']);
    expect(result).toEqual({
      output: {
        deal: expect.objectContaining({ id: 410, stageId: 'NEW', stageSemantic: 'P', fields: expect.objectContaining({ UF_CRM_1725365197310: '' }) }),
        stage: { id: 'NEW', previousId: null },
        event: expect.objectContaining({ name: 'ONCRMDEALUPDATE', id: 410 }),
      },
      businessKey: '410',
    });
  });

  it('discards an update that leaves the stage as it was: no run to show', async () => {
    await deliver();
    sim.deals.get(410)!.TITLE = 'Renamed';

    expect(await deliver()).toEqual({ discard: 'Deal 410 is still at stage NEW' });
  });

  it('starts on a move and tells the stage it came from', async () => {
    await deliver();
    sim.moveDeal(410, 'PREPARATION');

    expect(await deliver()).toMatchObject({ output: { stage: { id: 'PREPARATION', previousId: 'NEW' } } });
    expect(await deliver()).toEqual({ discard: 'Deal 410 is still at stage PREPARATION' });
  });

  it('with a stage chosen, still records other moves so that reaching it later counts', async () => {
    sim.moveDeal(410, 'PREPARATION');
    expect(await deliver({ stageId: 'EXECUTING' })).toEqual({ discard: 'Deal 410 moved to PREPARATION, not EXECUTING' });
    sim.moveDeal(410, 'EXECUTING');

    expect(await deliver({ stageId: 'EXECUTING' })).toMatchObject({ output: { stage: { id: 'EXECUTING', previousId: 'PREPARATION' } } });
  });

  it('a retried load of the delivery that saw the change still starts its run', async () => {
    await deliver();
    sim.moveDeal(410, 'WON');
    const stored = await store();

    const first = await load(stored);
    const retry = await load(stored);

    expect(first).toMatchObject({ output: { stage: { id: 'WON', previousId: 'NEW' } } });
    expect(retry).toEqual(first);
  });

  it('of two deliveries racing on one move, only one starts a run', async () => {
    await deliver();
    sim.moveDeal(410, 'WON');
    const [a, b] = [await store(), await store()];
    const results = await Promise.all([load(a), load(b)]);

    expect(results.filter((r) => 'output' in r)).toHaveLength(1);
  });

  it('keeps what it saw per flow and trigger: another trigger state starts afresh', async () => {
    await deliver();
    const other = triggerContext(sim, { state: memoryTriggerState() });

    expect(await load(await store(), {}, other)).toMatchObject({ output: { stage: { id: 'NEW', previousId: null } } });
  });

  it('accepts a deal created straight into a stage', async () => {
    expect(await load(await store('ONCRMDEALADD'))).toMatchObject({ output: { stage: { id: 'NEW' }, event: { name: 'ONCRMDEALADD' } } });
  });

  it('ignores a deal deleted before its event was loaded, with a warning', async () => {
    const stored = await store();
    sim.deals.clear();

    expect(await load(stored)).toEqual({ ignore: 'Deal 410 no longer exists' });
    expect(ctx.warnings).toHaveLength(1);
  });

  it('lets a rate-limited re-read fail retryably and records nothing', async () => {
    const stored = await store();
    sim.injectFault({ status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } });

    await expect(load(stored)).rejects.toBeInstanceOf(RateLimitError);
    expect(await load(stored)).toMatchObject({ output: { stage: { id: 'NEW', previousId: null } } });
  });

  it('needs the engine\'s trigger state', async () => {
    const stored = await store();

    await expect(load(stored, {}, { ...ctx, state: undefined })).rejects.toBeInstanceOf(ConfigError);
  });
});
