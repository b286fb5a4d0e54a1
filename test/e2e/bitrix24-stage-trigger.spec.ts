import { Bitrix24Simulator } from '../../nodes/connectors/bitrix24/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Step = { nodeId: string; status: string; output?: any };
type Run = { id: string; status: string; businessKey: string | null; steps: Step[] };

/**
 * Bitrix24 events carry only the deal id: the stage trigger re-reads the deal inside the run and
 * compares its stage with the last one the flow saw, kept in Postgres between runs. An event that
 * turns out to change nothing leaves no run behind.
 */
describe('a flow started by a Bitrix24 deal stage change', () => {
  // Today's date: the flows list counts "runs today" by the database's day.
  const clock = new FakeClock(new Date());
  const bitrix = new Bitrix24Simulator({ applicationToken: 'b24-app-token-e2e-1', now: () => clock.now() });
  let app: TestApp;
  let flowId: string;
  let dedupedFlowId: string;

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
    dedupedFlowId = await publishFlow(app, 'Deal stage, each event once', {
      nodes: [
        {
          id: 'deal', type: 'bitrix24.dealStageChanged',
          params: { connection: connection.body.id, path: 'bitrix24/stage-e2e-dedupe', dedupeKey: '{{ $trigger.event.name }}:{{ $trigger.event.id }}:{{ $trigger.event.ts }}' },
        },
        { id: 'shape', type: 'core.map', params: { fields: { stage: '{{ $trigger.stage.id }}' } } },
      ],
      edges: [{ from: 'deal', to: 'shape' }],
    });
  });
  afterAll(async () => {
    await app.close();
    await bitrix.stop();
  });

  const deliver = (body: string, path = 'bitrix24/stage-e2e') => app.http().post(`/hooks/${path}`).set('content-type', 'application/x-www-form-urlencoded').send(body);
  const finished = async (runId: string): Promise<Run> => waitForRun(app, runId) as Promise<Run>;
  /** A delivery the trigger found to change nothing: accepted at once, then no run by its id once its job looked. */
  const vanished = async (runId: string) => eventually(() => app.http().get(`/api/runs/${runId}`), (r) => r.status === 404);
  /** The run a delivery started once its job decided: the run, or null when it left none. */
  const outcome = async (runId: string): Promise<Run | null> => {
    const read = await eventually(() => app.http().get(`/api/runs/${runId}`), (r) => r.status === 404 || ['succeeded', 'failed', 'cancelled'].includes(r.body.status));
    return read.status === 404 ? null : read.body;
  };
  const step = (run: Run, nodeId: string) => run.steps.filter((s) => s.nodeId === nodeId).at(-1);
  const runsOfFlow = async (flow = flowId): Promise<{ id: string }[]> => (await app.http().get(`/api/runs?flowId=${flow}&limit=200`).expect(200)).body.items;
  const period = () => `from=${new Date(clock.now().getTime() - 3_600_000).toISOString()}&to=${new Date(clock.now().getTime() + 3_600_000).toISOString()}`;
  /** What the dashboard and the flows list count for the flow. */
  const counted = async (flow = flowId) => {
    const perHour = (await app.http().get(`/api/stats/runs?flowId=${flow}&${period()}`).expect(200)).body.buckets as { total: number }[];
    const perFlow = (await app.http().get(`/api/stats/flows?flowId=${flow}&${period()}`).expect(200)).body.items as { flowId: string; runs: number }[];
    const listed = (await app.http().get('/api/flows').expect(200)).body.find((f: { id: string }) => f.id === flow);
    return { dashboard: perHour.reduce((sum, b) => sum + b.total, 0), perFlow: perFlow.find((f) => f.flowId === flow)?.runs ?? 0, runsToday: listed.stats.runsToday as number };
  };

  it('refuses an event with a forged application token with 401 and stores no run', async () => {
    bitrix.addDeal({ ID: '410', STAGE_ID: 'NEW' });
    const res = await deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 410, { token: 'forged-token' })).expect(401);

    expect(JSON.stringify(res.body)).not.toContain('b24-app-token-e2e-1');
    expect(await runsOfFlow()).toEqual([]);
  });

  it('runs the flow on the first event of a deal, leaves no run for an edit that keeps the stage, and runs it once for a move', async () => {
    const first = await finished((await deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 410)).expect(202)).body.runId);
    expect(first).toMatchObject({ status: 'succeeded', businessKey: '410' });
    expect(step(first, 'shape')).toMatchObject({ status: 'succeeded', output: { stage: 'NEW', previous: null, title: 'Office fit-out, Kazan' } });

    bitrix.deals.get(410)!.TITLE = 'Office fit-out, Kazan (2 floors)';
    const edit = (await deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 410)).expect(202)).body.runId as string;
    await vanished(edit);
    // The deal was re-read: the edit was looked at, and found to be no stage change.
    expect(bitrix.calls.filter((c) => c.method === 'crm.deal.get')).toHaveLength(2);
    expect((await runsOfFlow()).map((r) => r.id)).toEqual([first.id]);
    expect(await counted()).toEqual({ dashboard: 1, perFlow: 1, runsToday: 1 });

    bitrix.moveDeal(410, 'PREPARATION');
    const move = await finished((await deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 410)).expect(202)).body.runId);
    expect(step(move, 'shape')).toMatchObject({ status: 'succeeded', output: { stage: 'PREPARATION', previous: 'NEW' } });

    expect((await runsOfFlow()).map((r) => r.id).sort()).toEqual([move.id, first.id].sort());
    expect(await counted()).toEqual({ dashboard: 2, perFlow: 2, runsToday: 2 });
  });

  it('of several events racing for one stage move, exactly one leaves a run, and it runs the flow', async () => {
    const before = (await runsOfFlow()).length;
    bitrix.moveDeal(410, 'WON');
    const responses = await Promise.all([1, 2, 3].map(() => deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 410)).expect(202)));
    const runs = (await Promise.all(responses.map((r) => outcome(r.body.runId)))).filter((r) => r !== null);

    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'succeeded' });
    expect(step(runs[0], 'shape')?.output).toMatchObject({ stage: 'WON', previous: 'PREPARATION' });
    expect((await runsOfFlow()).length).toBe(before + 1);
  });

  it('a repeat of an event that changed nothing still starts no run, even after the deal moved', async () => {
    bitrix.addDeal({ ID: '420', STAGE_ID: 'NEW' });
    const path = 'bitrix24/stage-e2e-dedupe';
    const first = await finished((await deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 420), path).expect(202)).body.runId);
    expect(first.status).toBe('succeeded');

    clock.advance(1000);
    const edit = bitrix.dealEvent('ONCRMDEALUPDATE', 420);
    const editRun = (await deliver(edit, path).expect(202)).body.runId as string;
    await vanished(editRun);

    // Were the repeat taken for a new delivery, its re-read would see this move and start a run.
    bitrix.moveDeal(420, 'PREPARATION');
    const repeat = await deliver(edit, path).expect(200);
    expect(repeat.body).toEqual({ runId: editRun, duplicate: true });
    await app.http().get(`/api/runs/${editRun}`).expect(404);
    expect((await runsOfFlow(dedupedFlowId)).map((r) => r.id)).toEqual([first.id]);
    expect(await counted(dedupedFlowId)).toEqual({ dashboard: 1, perFlow: 1, runsToday: 1 });

    clock.advance(1000);
    const move = await finished((await deliver(bitrix.dealEvent('ONCRMDEALUPDATE', 420), path).expect(202)).body.runId);
    expect(step(move, 'shape')).toMatchObject({ status: 'succeeded', output: { stage: 'PREPARATION' } });
    expect((await runsOfFlow(dedupedFlowId)).map((r) => r.id)).toEqual([move.id, first.id]);
  });
});
