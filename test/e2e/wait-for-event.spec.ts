import { FakeClock } from '../../server/src/engine/clock';
import { startTestApp, waitForRun, type TestApp } from '../support/test-app';

describe('waiting for a business event by correlation key', () => {
  // Engine time ahead of real time: the queue's real clock never fires a wait by itself; wakeDue() does.
  const clock = new FakeClock('2031-04-07T08:00:00Z');
  let app: TestApp;
  let flowId: string;

  beforeAll(async () => {
    app = await startTestApp({ clock });
    const flow = await app.http().post('/api/flows').send({
      name: 'Wait for signature',
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', params: { businessKey: '{{ $trigger.actId }}' } },
          { id: 'signed', type: 'core.waitForEvent', params: { eventType: 'act.signed', correlationKey: '{{ $trigger.actId }}', timeoutAmount: 5, timeoutUnit: 'days' } },
          { id: 'thanks', type: 'core.map', params: { fields: { signedBy: '{{ $steps.signed.event.signer }}' } } },
          { id: 'escalate', type: 'core.map', params: { fields: { notify: 'head of department' } } },
        ],
        edges: [
          { from: 'start', to: 'signed' },
          { from: 'signed', port: 'event', to: 'thanks' },
          { from: 'signed', port: 'timeout', to: 'escalate' },
        ],
      },
    }).expect(201);
    flowId = flow.body.id;
    await app.http().post(`/api/flows/${flowId}/publish`).expect(200);
  });
  afterAll(async () => {
    await app.close();
  });

  const start = async (actId: string) => (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { actId } }).expect(202)).body.runId as string;
  const step = (run: { steps: { nodeId: string; status: string; output: unknown }[] }, id: string) => run.steps.filter((s) => s.nodeId === id).at(-1);

  it('resumes on the event with the matching key only', async () => {
    const mine = await start('ACT-1');
    const other = await start('ACT-2');
    await waitForRun(app, mine, ['waiting']);
    await waitForRun(app, other, ['waiting']);

    const posted = await app.http().post('/api/events').send({ type: 'act.signed', key: 'ACT-1', data: { signer: 'Ivanova' } }).expect(202);
    expect(posted.body.resumedRuns).toEqual([mine]);
    const run = await waitForRun(app, mine);
    expect(run.status).toBe('succeeded');
    expect(step(run, 'thanks')?.output).toEqual({ signedBy: 'Ivanova' });
    expect(step(run, 'escalate')?.status).toBe('skipped');
    expect((await app.http().get(`/api/runs/${other}`).expect(200)).body.status).toBe('waiting');
  });

  it('takes the timeout branch when the event does not come in time', async () => {
    const runId = await start('ACT-3');
    await waitForRun(app, runId, ['waiting']);
    clock.advance(4 * 86_400_000);
    await app.wakeDue();
    expect((await app.http().get(`/api/runs/${runId}`).expect(200)).body.status).toBe('waiting');
    clock.advance(86_400_000);
    await app.wakeDue();
    const run = await waitForRun(app, runId);
    expect(step(run, 'escalate')?.output).toEqual({ notify: 'head of department' });
    expect(step(run, 'thanks')?.status).toBe('skipped');
    // A late event finds nobody waiting.
    const late = await app.http().post('/api/events').send({ type: 'act.signed', key: 'ACT-3' }).expect(202);
    expect(late.body.resumedRuns).toEqual([]);
  });

  it('counts an event that arrived before the run started waiting', async () => {
    await app.http().post('/api/events').send({ type: 'act.signed', key: 'ACT-4', data: { signer: 'Early' } }).expect(202);
    const run = await waitForRun(app, await start('ACT-4'));
    expect(step(run, 'thanks')?.output).toEqual({ signedBy: 'Early' });
  });

  it('names the missing field of a malformed event', async () => {
    const res = await app.http().post('/api/events').send({ type: 'act.signed' }).expect(400);
    expect(res.body.message).toMatch(/'key'/);
  });
});
