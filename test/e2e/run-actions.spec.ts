import { FakeClock } from '../../server/src/engine/clock';
import { RecordingServer } from '../support/recording-server';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Audit = { action: string; actorEmail: string; targetId: string | null; details: Record<string, unknown> | null };

describe('run detail and actions on runs', () => {
  // Engine time ahead of real time: the queue's clock never fires a wait by itself.
  const clock = new FakeClock('2031-06-02T09:00:00Z');
  const remote = new RecordingServer();
  let baseUrl: string;
  let app: TestApp;

  beforeAll(async () => {
    baseUrl = await remote.start();
    app = await startTestApp({ clock });
  });
  afterAll(async () => {
    await app.close();
    await remote.stop();
  });
  beforeEach(() => remote.setReply(() => ({ status: 200, body: { ok: true } })));

  const audit = async () => (await app.http().get('/api/audit?limit=500').expect(200)).body as Audit[];

  it('shows a resumed wait as one step with its history, what a waiting run waits for, and the graph it ran on', async () => {
    const flowId = await publishFlow(app, 'Act signing', {
      nodes: [
        { id: 'start', type: 'core.manual', params: { businessKey: '{{ $trigger.actId }}' } },
        { id: 'signed', type: 'core.waitForEvent', params: { eventType: 'act.signed', correlationKey: '{{ $trigger.actId }}', timeoutAmount: 2, timeoutUnit: 'days' } },
        { id: 'thanks', type: 'core.map', params: { fields: { by: '{{ $steps.signed.event.signer }}' } } },
      ],
      edges: [{ from: 'start', to: 'signed' }, { from: 'signed', port: 'event', to: 'thanks' }],
    });
    const { runId } = (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { actId: 'ACT-9' } }).expect(202)).body;
    const waiting = await waitForRun(app, runId, ['waiting']);
    expect(waiting).toMatchObject({ flowName: 'Act signing', version: 1, isTest: false, businessKey: 'ACT-9' });
    expect(waiting.graph.nodes.map((n: { id: string }) => n.id)).toEqual(['start', 'signed', 'thanks']);
    expect(waiting.graph.edges).toContainEqual(expect.objectContaining({ from: 'signed', port: 'event', to: 'thanks' }));
    const signedStep = waiting.steps.find((s: { nodeId: string }) => s.nodeId === 'signed');
    expect(waiting.waitingFor).toEqual([{ stepId: signedStep.id, nodeId: 'signed', kind: 'event', eventType: 'act.signed', eventKey: 'ACT-9', until: '2031-06-04T09:00:00.000Z' }]);

    await app.http().post('/api/events').send({ type: 'act.signed', key: 'ACT-9', data: { signer: 'Petrova' } }).expect(202);
    const done = await waitForRun(app, runId);
    expect(done.status).toBe('succeeded');
    expect(done.waitingFor).toEqual([]);
    expect(done.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['start', 'signed', 'thanks']);
    const signed = done.steps.find((s: { nodeId: string }) => s.nodeId === 'signed');
    expect(signed).toMatchObject({ status: 'succeeded', port: 'event' });
    expect(signed.history).toEqual([expect.objectContaining({ status: 'waiting', attempt: 1, finishedAt: null })]);
    expect(done.steps.find((s: { nodeId: string }) => s.nodeId === 'thanks')).toMatchObject({ output: { by: 'Petrova' }, history: [] });
  });

  it('retries the failed runs a filter finds, once they can succeed, skipping the others with a reason', async () => {
    remote.setReply(() => ({ status: 400, body: { error: 'bad stage' } }));
    const flowId = await publishFlow(app, 'Deal sync', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'bulk-sync', businessKey: '{{ $trigger.body.dealId }}' } },
        { id: 'crm', type: 'core.http', params: { method: 'PATCH', url: `${baseUrl}/crm`, body: { deal: '{{ $trigger.body.dealId }}' } } },
      ],
      edges: [{ from: 'hook', to: 'crm' }],
    });
    const failed: string[] = [];
    for (const dealId of ['D-1', 'D-2', 'D-3']) failed.push((await waitForRun(app, (await app.http().post('/hooks/bulk-sync').send({ dealId }).expect(202)).body.runId)).id);
    remote.setReply(() => ({ status: 200, body: { ok: true } }));
    const ok = (await waitForRun(app, (await app.http().post('/hooks/bulk-sync').send({ dealId: 'D-4' }).expect(202)).body.runId)).id;

    const filter = { flowId, status: 'failed' };
    await app.as('analyst').post('/api/runs/bulk').send({ action: 'retry', filter }).expect(403);
    const answer = (await app.as('manager').post('/api/runs/bulk').send({ action: 'retry', filter }).expect(200)).body;
    expect(answer).toEqual({ matched: 3, done: expect.arrayContaining(failed), skipped: [], truncated: false });
    for (const id of failed) expect((await waitForRun(app, id)).status).toBe('succeeded');
    expect(remote.requests.filter((r) => r.path === '/crm')).toHaveLength(3 + 1 + 3);

    const missing = '00000000-0000-4000-8000-000000000001';
    const again = (await app.as('manager').post('/api/runs/bulk').send({ action: 'retry', ids: [failed[0], ok, missing] }).expect(200)).body;
    expect(again.done).toEqual([]);
    expect(again.skipped).toEqual([
      { id: failed[0], reason: expect.stringMatching(/^not_failed/) },
      { id: ok, reason: expect.stringMatching(/^not_failed/) },
      { id: missing, reason: 'not_found' },
    ]);
    const entries = (await audit()).filter((a) => a.action === 'runs.bulk_retried');
    expect(entries).toHaveLength(2);
    expect(entries.find((a) => (a.details?.count as number) === 3)).toMatchObject({ actorEmail: app.users.manager.email, details: { ids: expect.arrayContaining(failed) } });
  });

  it('cancels the waiting runs of a filter and refuses unclear bulk requests', async () => {
    const flowId = await publishFlow(app, 'Reminders', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'wait', type: 'core.delay', params: { amount: 3, unit: 'hours' } }],
      edges: [{ from: 'start', to: 'wait' }],
    });
    const waiting: string[] = [];
    for (let i = 0; i < 2; i++) waiting.push((await waitForRun(app, (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: {} }).expect(202)).body.runId, ['waiting'])).id);
    const answer = (await app.as('admin').post('/api/runs/bulk').send({ action: 'cancel', filter: { flowId, status: ['waiting', 'running'] } }).expect(200)).body;
    expect(answer).toMatchObject({ matched: 2, skipped: [], truncated: false });
    expect(answer.done.sort()).toEqual([...waiting].sort());
    for (const id of waiting) expect((await app.http().get(`/api/runs/${id}`).expect(200)).body.status).toBe('cancelled');
    const twice = (await app.as('manager').post('/api/runs/bulk').send({ action: 'cancel', ids: waiting }).expect(200)).body;
    expect(twice.skipped.map((s: { reason: string }) => s.reason)).toEqual(['ended: the run already ended as cancelled', 'ended: the run already ended as cancelled']);
    expect((await audit()).filter((a) => a.action === 'runs.bulk_cancelled')).toHaveLength(2);

    const bad = async (body: object) => (await app.as('manager').post('/api/runs/bulk').send(body).expect(400)).body.field as string;
    expect(await bad({ action: 'retry' })).toBe('ids');
    expect(await bad({ action: 'retry', ids: waiting, filter: { flowId } })).toBe('filter');
    expect(await bad({ action: 'restart', ids: waiting })).toBe('action');
    expect(await bad({ action: 'retry', ids: [] })).toBe('ids');
    expect(await bad({ action: 'retry', ids: ['not-a-uuid'] })).toBe('ids.0');
    expect(await bad({ action: 'retry', ids: Array.from({ length: 501 }, () => waiting[0]) })).toBe('ids');
    expect(await bad({ action: 'retry', filter: { status: 'sleeping' } })).toMatch(/^filter\.status/);
    expect(await bad({ action: 'retry', filter: { from: '2031-06-02T10:00:00Z', to: '2031-06-02T09:00:00Z' } })).toBe('filter.from');
  });

  it('starts a new linked run from an edited trigger payload, audited', async () => {
    const flowId = await publishFlow(app, 'Invoice for deal', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'rerun-me', businessKey: '{{ $trigger.body.dealId }}' } },
        { id: 'bill', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/bill`, body: { deal: '{{ $trigger.body.dealId }}' } } },
      ],
      edges: [{ from: 'hook', to: 'bill' }],
    });
    remote.setReply(() => ({ status: 422, body: { error: 'unknown deal' } }));
    const original = await waitForRun(app, (await app.http().post('/hooks/rerun-me').send({ dealId: 'typo' }).expect(202)).body.runId);
    expect(original.status).toBe('failed');
    const triggerOutput = original.steps.find((s: { nodeId: string }) => s.nodeId === 'hook').output;
    remote.setReply(() => ({ status: 200, body: { ok: true } }));

    await app.as('analyst').post(`/api/runs/${original.id}/rerun`).send({ payload: triggerOutput }).expect(403);
    expect((await app.as('manager').post(`/api/runs/${original.id}/rerun`).send({ payload: [] }).expect(400)).body.field).toBe('payload');
    const { runId } = (await app.as('manager').post(`/api/runs/${original.id}/rerun`).send({ payload: { ...triggerOutput, body: { dealId: 'D-77' } } }).expect(202)).body;
    expect(runId).not.toBe(original.id);
    const rerun = await waitForRun(app, runId);
    expect(rerun).toMatchObject({ status: 'succeeded', retryOf: original.id, flowId, flowVersionId: original.flowVersionId, businessKey: 'D-77' });
    expect(JSON.parse(remote.requests.at(-1)!.body)).toEqual({ deal: 'D-77' });
    expect((await app.http().get(`/api/runs/${original.id}`).expect(200)).body.status).toBe('failed');
    expect((await audit()).find((a) => a.action === 'run.rerun_with_input')).toMatchObject({ actorEmail: app.users.manager.email, targetId: runId, details: { originalRunId: original.id } });
    await app.as('manager').post('/api/runs/00000000-0000-4000-8000-000000000002/rerun').send({ payload: {} }).expect(404);
  });

  it('lets an admin fire a waiting step of a live run now, audited; an analyst only test runs', async () => {
    const flowId = await publishFlow(app, 'Follow-up', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'wait', type: 'core.delay', params: { amount: 1, unit: 'days' } },
        { id: 'call', type: 'core.http', params: { url: `${baseUrl}/follow-up` } },
      ],
      edges: [{ from: 'start', to: 'wait' }, { from: 'wait', to: 'call' }],
    });
    const live = await waitForRun(app, (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: {} }).expect(202)).body.runId, ['waiting']);
    const step = live.waitingFor[0];
    expect(step).toMatchObject({ nodeId: 'wait', kind: 'timer', until: '2031-06-03T09:00:00.000Z' });
    await app.as('analyst').post(`/api/runs/${live.id}/steps/${step.stepId}/wake`).send({}).expect(409);
    await app.as('manager').post(`/api/runs/${live.id}/steps/${step.stepId}/wake`).send({}).expect(403);
    await app.as('admin').post(`/api/runs/${live.id}/steps/${step.stepId}/wake`).send({}).expect(200);
    expect((await waitForRun(app, live.id)).status).toBe('succeeded');
    expect(remote.requests.some((r) => r.path === '/follow-up')).toBe(true);
    expect((await audit()).find((a) => a.action === 'run.fired_now')).toMatchObject({ actorEmail: app.users.admin.email, targetId: live.id, details: { stepId: step.stepId } });

    const test = await waitForRun(app, (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: {}, draft: true }).expect(202)).body.runId, ['waiting']);
    await app.as('analyst').post(`/api/runs/${test.id}/steps/${test.waitingFor[0].stepId}/wake`).send({}).expect(200);
    await eventually(() => app.http().get(`/api/runs/${test.id}`), (r) => r.body.status === 'succeeded');
    expect((await audit()).find((a) => a.action === 'run.woken' && a.targetId === test.id)).toMatchObject({ actorEmail: app.users.analyst.email });
  });
});
