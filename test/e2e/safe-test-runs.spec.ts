import { DataSource } from 'typeorm';
import { RecordingServer } from '../support/recording-server';
import { startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Step = { id: string; nodeId: string; status: string; port: string | null; input: unknown; output: Record<string, unknown> | null };
type Run = { id: string; status: string; isTest: boolean; steps: Step[] };
const last = (run: Run, id: string) => run.steps.filter((s) => s.nodeId === id).at(-1);

describe('safe test runs', () => {
  const remote = new RecordingServer();
  let baseUrl: string;
  let app: TestApp;
  beforeAll(async () => {
    baseUrl = await remote.start();
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
    await remote.stop();
  });
  beforeEach(() => {
    remote.requests.length = 0;
  });

  const calls = (path: string) => remote.requests.filter((r) => r.path === path).length;
  const createFlow = async (name: string, graph: object): Promise<string> => (await app.http().post('/api/flows').send({ name, graph }).expect(201)).body.id;
  const testRun = async (flowId: string, body: object = {}): Promise<string> => (await app.http().post(`/api/flows/${flowId}/run`).send({ draft: true, payload: { deal: 7 }, ...body }).expect(202)).body.runId;

  const invoiceFlow = (pinned?: unknown) => ({
    nodes: [
      { id: 'start', type: 'core.manual', params: {} },
      { id: 'invoice', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/invoice`, body: { deal: '{{ $trigger.deal }}' } }, ...(pinned === undefined ? {} : { pinnedOutput: pinned }) },
      { id: 'link', type: 'core.map', params: { fields: { invoiceId: '{{ $steps.invoice.body.id }}' } } },
    ],
    edges: [{ from: 'start', to: 'invoice' }, { from: 'invoice', to: 'link' }],
  });

  it('a pinned step creates nothing in the remote system in a test run, and is left out of the published version', async () => {
    const flowId = await createFlow('Pinned invoice', invoiceFlow({ status: 200, body: { id: 'INV-PINNED' } }));
    const run: Run = await waitForRun(app, await testRun(flowId));
    expect(run).toMatchObject({ status: 'succeeded', isTest: true });
    expect(calls('/invoice')).toBe(0);
    expect(last(run, 'invoice')).toMatchObject({ status: 'succeeded', input: { $pinned: true }, output: { status: 200, body: { id: 'INV-PINNED' } } });
    expect(last(run, 'link')!.output).toEqual({ invoiceId: 'INV-PINNED' });

    await app.http().post(`/api/flows/${flowId}/publish`).expect(200);
    const [published]: { graph: { nodes: { id: string }[] } }[] = await app.app.get(DataSource).query(`select graph from flow_versions where flow_id = $1 and version = 1`, [flowId]);
    expect(published.graph.nodes.find((n) => n.id === 'invoice')).not.toHaveProperty('pinnedOutput');
    const live: Run = await waitForRun(app, (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { deal: 8 } }).expect(202)).body.runId);
    expect(live.status).toBe('succeeded');
    expect(calls('/invoice')).toBe(1);
  });

  it('refuses a pinned output over the size limit, naming the field', async () => {
    const body = await app.http().post('/api/flows').send({ name: 'Huge pin', graph: invoiceFlow({ blob: 'x'.repeat(70_000) }) }).expect(400);
    expect(JSON.stringify(body.body)).toContain('pinnedOutput');
  });

  describe('a waiting test run', () => {
    const waitFlow = {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'paid', type: 'core.waitForEvent', params: { eventType: 'payment.succeeded', correlationKey: '{{ $trigger.deal }}', timeoutAmount: 3, timeoutUnit: 'days' } },
        { id: 'thanks', type: 'core.map', params: { fields: { amount: '{{ $steps.paid.event.amount }}' } } },
        { id: 'remind', type: 'core.map', params: { fields: { late: true } } },
      ],
      edges: [{ from: 'start', to: 'paid' }, { from: 'paid', port: 'event', to: 'thanks' }, { from: 'paid', port: 'timeout', to: 'remind' }],
    };

    it('goes on at once with the event sent by hand', async () => {
      const flowId = await createFlow('Wait for payment', waitFlow);
      const waiting: Run = await waitForRun(app, await testRun(flowId), ['waiting']);
      const step = last(waiting, 'paid')!;
      await app.http().post(`/api/runs/${waiting.id}/steps/${step.id}/wake`).send({ event: { amount: 590 } }).expect(200);
      const run: Run = await waitForRun(app, waiting.id);
      expect(run.status).toBe('succeeded');
      expect(last(run, 'paid')!.port).toBe('event');
      expect(last(run, 'thanks')!.output).toEqual({ amount: 590 });
      expect(last(run, 'remind')!.status).toBe('skipped');
      // Woken once: the step no longer waits.
      await app.http().post(`/api/runs/${waiting.id}/steps/${step.id}/wake`).send({}).expect(409);
    });

    it('takes the timeout branch when its timeout is fired by hand', async () => {
      const flowId = await createFlow('Wait, then remind', waitFlow);
      const waiting: Run = await waitForRun(app, await testRun(flowId), ['waiting']);
      await app.http().post(`/api/runs/${waiting.id}/steps/${last(waiting, 'paid')!.id}/wake`).send({}).expect(200);
      const run: Run = await waitForRun(app, waiting.id);
      expect(last(run, 'paid')!.port).toBe('timeout');
      expect(last(run, 'remind')!.output).toEqual({ late: true });
    });

    it('is the only kind an analyst wakes by hand: a live run waits for the real event (only an admin fires it now)', async () => {
      const flowId = await createFlow('Live wait', waitFlow);
      await app.http().post(`/api/flows/${flowId}/publish`).expect(200);
      const live: Run = await waitForRun(app, (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { deal: 9 } }).expect(202)).body.runId, ['waiting']);
      await app.as('analyst').post(`/api/runs/${live.id}/steps/${last(live, 'paid')!.id}/wake`).send({}).expect(409);
      await app.as('analyst').post(`/api/runs/${live.id}/steps/${last(live, 'paid')!.id}/wake`).send({ nope: 1 }).expect(400);
    });
  });

  it('runs from a chosen node with what ran before it taken from an earlier run', async () => {
    remote.setReply((req) => ({ status: 200, body: { from: req.path } }));
    const flowId = await createFlow('From a node', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'a', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/a` } },
        { id: 'b', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/b` } },
        { id: 'c', type: 'core.map', params: { fields: { fromA: '{{ $steps.a.body.from }}', deal: '{{ $trigger.deal }}' } } },
      ],
      edges: [{ from: 'start', to: 'a' }, { from: 'a', to: 'b' }, { from: 'b', to: 'c' }],
    });
    const first: Run = await waitForRun(app, await testRun(flowId));
    expect([calls('/a'), calls('/b')]).toEqual([1, 1]);

    const again: Run = await waitForRun(app, await testRun(flowId, { payload: { deal: 'ignored' }, from: { runId: first.id, nodeId: 'b' } }));
    expect(again.status).toBe('succeeded');
    expect([calls('/a'), calls('/b')]).toEqual([1, 2]);
    expect(last(again, 'c')!.output).toEqual({ fromA: '/a', deal: 7 });

    await app.http().post(`/api/flows/${flowId}/run`).send({ from: { runId: first.id, nodeId: 'b' } }).expect(400);
    await app.http().post(`/api/flows/${flowId}/run`).send({ draft: true, from: { runId: first.id, nodeId: 'start' } }).expect(400);
    await app.http().post(`/api/flows/${flowId}/run`).send({ draft: true, from: { runId: '00000000-0000-4000-8000-000000000000', nodeId: 'b' } }).expect(404);
  });
});
