import { FakeClock } from '../../server/src/engine/clock';
import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

const MINUTE = 60_000;

describe('dashboard statistics', () => {
  const clock = new FakeClock('2031-08-10T08:30:00Z');
  let app: TestApp;
  let billing: string;
  let signing: string;
  let reminders: string;
  const failed: string[] = [];
  let testRun: { id: string; status: string; isTest: boolean };

  const get = async (path: string) => (await app.as('manager').get(path).expect(200)).body;
  const refused = async (path: string) => (await app.as('manager').get(path).expect(400)).body.field as string;
  const setClock = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());

  beforeAll(async () => {
    app = await startTestApp({ clock });
    billing = await publishFlow(app, 'Billing', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'stats-billing' } },
        { id: 'check', type: 'core.if', params: { condition: '{{ $trigger.body.reason != null }}' } },
        { id: 'stop', name: 'Refuse the invoice', type: 'core.fail', params: { message: '{{ $trigger.body.reason }}' } },
        { id: 'ok', type: 'core.map', params: { fields: { ok: true } } },
      ],
      edges: [{ from: 'hook', to: 'check' }, { from: 'check', port: 'true', to: 'stop' }, { from: 'check', port: 'false', to: 'ok' }],
    });
    signing = await publishFlow(app, 'Signing', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'signed', name: 'Wait for the signature', type: 'core.waitForEvent', params: { eventType: 'act.signed', correlationKey: '{{ $trigger.act }}', timeoutAmount: 3, timeoutUnit: 'days' } },
      ],
      edges: [{ from: 'start', to: 'signed' }],
    });
    reminders = await publishFlow(app, 'Reminders', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'pause', type: 'core.delay', params: { amount: 2, unit: 'hours' } }],
      edges: [{ from: 'start', to: 'pause' }],
    });
    const bill = async (at: string, reason?: string) => {
      setClock(at);
      const run = await waitForRun(app, (await app.http().post('/hooks/stats-billing').send(reason ? { reason } : {}).expect(202)).body.runId);
      if (reason) failed.push(run.id);
    };
    await bill('2031-08-10T08:30:00Z');
    await bill('2031-08-10T08:45:00Z', 'No amount');
    await bill('2031-08-10T10:10:00Z', 'No amount');
    await bill('2031-08-10T10:20:00Z');
    await bill('2031-08-10T10:25:00Z', 'Bad stage');
    // An analyst's failing test run of the draft: not the flow's traffic, so no count below holds it.
    setClock('2031-08-10T10:40:00Z');
    testRun = await waitForRun(app, (await app.http().post(`/api/flows/${billing}/run`).send({ draft: true, payload: { body: { reason: 'Tried in the editor' } } }).expect(202)).body.runId);

    // Signing runs that waited 1…5 minutes for their signature, then one still waiting.
    setClock('2031-08-12T09:00:00Z');
    for (let minutes = 1; minutes <= 5; minutes++) {
      const { runId } = (await app.http().post(`/api/flows/${signing}/run`).send({ payload: { act: `A-${minutes}` } }).expect(202)).body;
      await waitForRun(app, runId, ['waiting']);
      clock.advance(minutes * MINUTE);
      await app.http().post('/api/events').send({ type: 'act.signed', key: `A-${minutes}`, data: {} }).expect(202);
      await waitForRun(app, runId);
    }
    await waitForRun(app, (await app.http().post(`/api/flows/${signing}/run`).send({ payload: { act: 'A-open' } }).expect(202)).body.runId, ['waiting']);
    await waitForRun(app, (await app.http().post(`/api/flows/${reminders}/run`).send({ payload: {} }).expect(202)).body.runId, ['waiting']);
  });
  afterAll(async () => {
    await app.close();
  });

  it('counts runs per UTC hour and status, with empty hours present', async () => {
    const stats = await get('/api/stats/runs?from=2031-08-10T08:00:00Z&to=2031-08-10T11:00:00Z&bucket=hour');
    expect(stats).toEqual({
      bucket: 'hour', from: '2031-08-10T08:00:00.000Z', to: '2031-08-10T11:00:00.000Z',
      buckets: [
        { at: '2031-08-10T08:00:00.000Z', queued: 0, running: 0, waiting: 0, succeeded: 1, failed: 1, cancelled: 0, total: 2 },
        { at: '2031-08-10T09:00:00.000Z', queued: 0, running: 0, waiting: 0, succeeded: 0, failed: 0, cancelled: 0, total: 0 },
        { at: '2031-08-10T10:00:00.000Z', queued: 0, running: 0, waiting: 0, succeeded: 1, failed: 2, cancelled: 0, total: 3 },
      ],
    });
    // A period starting inside an hour: the hour is its first bucket, holding only the runs from `from` on.
    const inside = await get('/api/stats/runs?from=2031-08-10T08:40:00Z&to=2031-08-10T10:15:00Z');
    expect(inside.buckets.map((b: { at: string; total: number }) => [b.at.slice(11, 16), b.total])).toEqual([['08:00', 1], ['09:00', 0], ['10:00', 1]]);
  });

  it('counts per UTC day, and narrows to a flow or a connector', async () => {
    const days = await get('/api/stats/runs?from=2031-08-09T00:00:00Z&to=2031-08-13T00:00:00Z&bucket=day');
    expect(days.buckets.map((b: { at: string; total: number; waiting: number; succeeded: number }) => [b.at.slice(0, 10), b.total, b.succeeded, b.waiting])).toEqual([
      ['2031-08-09', 0, 0, 0], ['2031-08-10', 5, 2, 0], ['2031-08-11', 0, 0, 0], ['2031-08-12', 7, 5, 2],
    ]);
    const signingOnly = await get(`/api/stats/runs?from=2031-08-12T00:00:00Z&to=2031-08-13T00:00:00Z&bucket=day&flowId=${signing}`);
    expect(signingOnly.buckets).toEqual([expect.objectContaining({ total: 6, succeeded: 5, waiting: 1 })]);
    const core = await get('/api/stats/runs?from=2031-08-10T00:00:00Z&to=2031-08-11T00:00:00Z&bucket=day&connector=core');
    expect(core.buckets[0].total).toBe(5);
    const stripe = await get('/api/stats/runs?from=2031-08-10T00:00:00Z&to=2031-08-11T00:00:00Z&bucket=day&connector=stripe');
    expect(stripe.buckets[0].total).toBe(0);
  });

  it('gives each flow its runs, failure rate and p95 duration', async () => {
    const { items } = await get('/api/stats/flows?from=2031-08-01T00:00:00Z&to=2031-09-01T00:00:00Z');
    expect(items).toEqual([
      { flowId: signing, flowName: 'Signing', runs: 6, succeeded: 5, failed: 0, failureRate: 0, p95DurationMs: 288_000 },
      { flowId: billing, flowName: 'Billing', runs: 5, succeeded: 2, failed: 3, failureRate: 0.6, p95DurationMs: 0 },
      { flowId: reminders, flowName: 'Reminders', runs: 1, succeeded: 0, failed: 0, failureRate: 0, p95DurationMs: null },
    ]);
    expect((await get(`/api/stats/flows?from=2031-08-10T00:00:00Z&to=2031-08-11T00:00:00Z&flowId=${billing}`)).items).toHaveLength(1);
  });

  it('lists what runs wait for now', async () => {
    const waiting = await get('/api/stats/waiting');
    expect(waiting).toEqual({
      total: 2,
      items: expect.arrayContaining([
        { flowId: signing, flowName: 'Signing', nodeId: 'signed', nodeName: 'Wait for the signature', kind: 'event', eventType: 'act.signed', count: 1, nextUntil: expect.stringMatching(/^2031-08-15T09:15:00/) },
        { flowId: reminders, flowName: 'Reminders', nodeId: 'pause', nodeName: null, kind: 'timer', eventType: null, count: 1, nextUntil: expect.stringMatching(/^2031-08-12T11:15:00/) },
      ]),
    });
    expect(waiting.items).toHaveLength(2);
    expect((await get(`/api/stats/waiting?flowId=${reminders}`)).total).toBe(1);
  });

  it('groups the errors of failed runs by flow, node and message, most frequent first', async () => {
    const { items } = await get('/api/stats/errors?from=2031-08-10T00:00:00Z&to=2031-08-11T00:00:00Z');
    expect(items).toEqual([
      { flowId: billing, flowName: 'Billing', nodeId: 'stop', nodeName: 'Refuse the invoice', message: 'No amount', count: 2, lastAt: '2031-08-10T10:10:00.000Z', lastRunId: failed[1] },
      { flowId: billing, flowName: 'Billing', nodeId: 'stop', nodeName: 'Refuse the invoice', message: 'Bad stage', count: 1, lastAt: '2031-08-10T10:25:00.000Z', lastRunId: failed[2] },
    ]);
    expect((await get('/api/stats/errors?from=2031-08-10T00:00:00Z&to=2031-08-11T00:00:00Z&limit=1')).items).toHaveLength(1);
    // Each error links to exactly its runs in the run list.
    const linked = await get(`/api/runs?flowId=${billing}&status=failed&errorNode=stop&errorMessage=No%20amount&from=2031-08-10T00:00:00Z&to=2031-08-11T00:00:00Z`);
    expect(linked.items.map((r: { id: string }) => r.id)).toEqual([failed[1], failed[0]]);
  });

  it('leaves test runs out unless asked for them', async () => {
    expect(testRun).toMatchObject({ status: 'failed', isTest: true });
    const period = 'from=2031-08-10T10:00:00Z&to=2031-08-10T11:00:00Z';
    expect((await get(`/api/stats/runs?${period}`)).buckets[0]).toMatchObject({ total: 3, failed: 2 });
    expect((await get(`/api/stats/errors?${period}`)).items.map((e: { message: string }) => e.message)).not.toContain('Tried in the editor');
    const tests = `${period}&test=true`;
    expect((await get(`/api/stats/runs?${tests}`)).buckets[0]).toMatchObject({ total: 1, failed: 1 });
    expect((await get(`/api/stats/flows?${tests}`)).items).toEqual([expect.objectContaining({ flowId: billing, runs: 1, failed: 1, failureRate: 1 })]);
    expect((await get(`/api/stats/errors?${tests}`)).items).toEqual([expect.objectContaining({ message: 'Tried in the editor', count: 1, lastRunId: testRun.id })]);
  });

  it('answers 400 naming the field for bad ranges and too many buckets', async () => {
    expect(await refused('/api/stats/runs?to=2031-08-10T00:00:00Z')).toBe('from');
    expect(await refused('/api/stats/runs?from=2031-08-10T00:00:00Z&to=2031-08-09T00:00:00Z')).toBe('from');
    expect(await refused('/api/stats/runs?from=2031-08-10T00:00:00Z&to=2031-08-11T00:00:00Z&bucket=week')).toBe('bucket');
    expect(await refused('/api/stats/runs?from=2031-01-01T00:00:00Z&to=2031-03-01T00:00:00Z&bucket=hour')).toBe('to');
    expect(await refused('/api/stats/runs?from=2031-08-10T00:00:00Z&to=2031-08-11T00:00:00Z&flowId=1')).toBe('flowId');
    expect(await refused('/api/stats/flows?from=soon&to=2031-08-11T00:00:00Z')).toBe('from');
    expect(await refused('/api/stats/errors?from=2031-08-10T00:00:00Z&to=2031-08-11T00:00:00Z&limit=51')).toBe('limit');
    expect(await refused('/api/stats/waiting?connector=a%20b')).toBe('connector');
    // 1000 hours is the most one chart shows.
    await app.as('manager').get('/api/stats/runs?from=2031-01-01T00:00:00Z&to=2031-02-11T16:00:00Z').expect(200);
  });
});
