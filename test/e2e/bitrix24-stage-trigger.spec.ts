import { Bitrix24Simulator } from '../../nodes/connectors/bitrix24/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Step = { nodeId: string; status: string; output?: any };
type Run = { id: string; status: string; businessKey: string | null; steps: Step[] };

/**
 * Bitrix24 events carry only the deal id: the stage trigger re-reads the deal inside the run and
 * compares its stage with the last one the flow saw, kept in Postgres between runs.
 */
describe('a flow started by a Bitrix24 deal stage change', () => {
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const bitrix = new Bitrix24Simulator({ applicationToken: 'b24-app-token-e2e-1', now: () => clock.now() });
  let app: TestApp;
  let flowId: string;

  beforeAll(async () => {
    await bitrix.start();
    app = await startTestApp({ clock });
    await app.http().post('/api/connectors/bitrix24/enable').expect(200);
    const connection = await app.http().post('/api/connections')
      .send({ connector: 'bitrix24', name: 'Bitrix24', credentials: { webhookUrl: bitrix.webhookUrl, applicationToken: 'b24-app-token-e2e-1' } }).expect(201);
    flowId = await publishFlow(app, 'Deal stage to notification', {
      nodes: [
        { id: 'deal', type: 'bitrix24.dealStageChanged', params: { connection: connection.body.id, path: 'bitrix24/stage-e2e' } },
        { id: 'shape', type: 'core.map', params: { fields: { stage: '{{ $trigger.stage.id }}', previous: '{{ $trigger.stage.previousId }}', title: '{{ $trigger.deal.title }}' } } },
      ],
      edges: [{ from: 'deal', to: 'shape' }],
    });
  });
  afterAll(async () => {
    await app.close();
    await bitrix.stop();
  });

  const deliver = (body: string) => app.http().post('/hooks/bitrix24/stage-e2e').set('content-type', 'application/x-www-form-urlencoded').send(body);
  const finished = async (runId: string): Promise<Run> => waitForRun(app, runId) as Promise<Run>;
  const step = (run: Run, nodeId: string) => run.steps.filter((s) => s.nodeId === nodeId).at(-1);
  const runsOfFlow = async (): Promise<{ id: string }[]> => (await app.http().get(`/api/runs?flowId=${flowId}&limit=200`).expect(200)).body.items;
  const shapedRuns = async (): Promise<Run[]> => {
    const runs = await Promise.all((await runsOfFlow()).map((r) => finished(r.id)));
    return runs.filter((r) => step(r, 'shape')?.status === 'succeeded');
  };

  it('refuses an event with a forged application token with 401 and stores no run', async () => {
    bitrix.addDeal({ ID: '410', STAGE_ID: 'NEW' });
    const res = await deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 410, { token: 'forged-token' })).expect(401);

    expect(JSON.stringify(res.body)).not.toContain('b24-app-token-e2e-1');
    expect(await runsOfFlow()).toEqual([]);
  });

  it('runs the flow on the first event of a deal, an edit that keeps the stage runs no node, a stage move runs it exactly once', async () => {
    const first = await finished((await deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 410)).expect(202)).body.runId);
    expect(first).toMatchObject({ status: 'succeeded', businessKey: '410' });
    expect(step(first, 'shape')).toMatchObject({ status: 'succeeded', output: { stage: 'NEW', previous: null, title: 'Office fit-out, Kazan' } });

    bitrix.deals.get(410)!.TITLE = 'Office fit-out, Kazan (2 floors)';
    const edit = await finished((await deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 410)).expect(202)).body.runId);
    expect(edit.status).toBe('succeeded');
    expect(step(edit, 'deal')).toMatchObject({ status: 'skipped', output: { ignored: 'Deal 410 is still at stage NEW' } });
    expect(step(edit, 'shape')).toMatchObject({ status: 'skipped' });

    bitrix.moveDeal(410, 'PREPARATION');
    const move = await finished((await deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 410)).expect(202)).body.runId);
    expect(step(move, 'shape')).toMatchObject({ status: 'succeeded', output: { stage: 'PREPARATION', previous: 'NEW' } });

    expect((await shapedRuns()).map((r) => r.id).sort()).toEqual([first.id, move.id].sort());
  });

  it('of several events racing for one stage move, exactly one runs the flow', async () => {
    const before = (await shapedRuns()).length;
    bitrix.moveDeal(410, 'WON');
    const responses = await Promise.all([1, 2, 3].map(() => deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 410)).expect(202)));
    const runs = await Promise.all(responses.map((r) => finished(r.body.runId)));

    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const shaped = runs.filter((r) => step(r, 'shape')?.status === 'succeeded');
    expect(shaped).toHaveLength(1);
    expect(step(shaped[0], 'shape')?.output).toMatchObject({ stage: 'WON', previous: 'PREPARATION' });
    expect((await shapedRuns()).length).toBe(before + 1);
  });
});
