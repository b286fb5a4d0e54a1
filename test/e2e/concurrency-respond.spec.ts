import { DataSource } from 'typeorm';
import { RecordingServer } from '../support/recording-server';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Step = { nodeId: string; status: string; startedAt: string; finishedAt: string | null; output: unknown };
type Run = { id: string; status: string; startedAt: string; finishedAt: string; steps: Step[] };

const ms = (at: string) => Date.parse(at);
/** When the run's work began: its first step after the trigger (the trigger step is stored at intake). */
const firstWork = (run: Run) => ms(run.steps.find((s) => s.nodeId !== 'hook')!.startedAt);

describe('per-key concurrency, a cap per flow, and answers from core.respond', () => {
  const remote = new RecordingServer();
  let baseUrl: string;
  let app: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    baseUrl = await remote.start();
    // Real time here: the figures are the gaps between runs as they happen.
    app = await startTestApp({ config: { respondTimeoutMs: 4000 } });
    db = app.app.get(DataSource);
  });
  afterAll(async () => {
    await app.close();
    await remote.stop();
  });
  beforeEach(() => {
    remote.requests.length = 0;
  });

  const publish = (name: string, graph: object) => publishFlow(app, name, graph);

  it('runs two deliveries for one deal one after the other, in arrival order, while another deal goes in parallel', async () => {
    remote.setReply(() => ({ status: 200, body: { ok: true }, delayMs: 400 }));
    await publish('Deal sync', {
      settings: { concurrency: { perBusinessKey: true } },
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'deal-sync', businessKey: '{{ $trigger.body.dealId }}' } },
        { id: 'crm', type: 'core.http', params: { method: 'PATCH', url: `${baseUrl}/deals/{{ $trigger.body.dealId }}`, body: { stage: '{{ $trigger.body.stage }}' } } },
      ],
      edges: [{ from: 'hook', to: 'crm' }],
    });
    const first = await app.http().post('/hooks/deal-sync').send({ dealId: 7, stage: 'won' }).expect(202);
    const [second, other] = await Promise.all([
      app.http().post('/hooks/deal-sync').send({ dealId: 7, stage: 'invoiced' }).expect(202),
      app.http().post('/hooks/deal-sync').send({ dealId: 8, stage: 'won' }).expect(202),
    ]);
    // While the first is in progress, the second is accepted and queued, holding no worker.
    const held = await eventually(() => app.http().get(`/api/runs/${second.body.runId}`), (r) => r.body.status === 'queued' && r.body.steps.length === 1);
    expect(held.body.startedAt).toBeNull();

    const a: Run = await waitForRun(app, first.body.runId);
    const b: Run = await waitForRun(app, second.body.runId);
    const c: Run = await waitForRun(app, other.body.runId);
    expect([a.status, b.status, c.status]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    console.log(`per deal: run A ${ms(a.finishedAt) - firstWork(a)} ms; run B's first step started ${firstWork(b) - ms(a.finishedAt)} ms after A finished; ` +
      `deal 8 started ${firstWork(c) - firstWork(a)} ms after A started (in parallel)`);
    expect(firstWork(b)).toBeGreaterThanOrEqual(ms(a.finishedAt));
    // Another deal does not wait for deal 7.
    expect(firstWork(c)).toBeLessThan(ms(a.finishedAt));
    const deal7 = remote.requests.filter((r) => r.path === '/deals/7').map((r) => JSON.parse(r.body).stage);
    expect(deal7).toEqual(['won', 'invoiced']);
  });

  it('counts a run waiting for an event as in progress for its deal', async () => {
    await publish('One deal at a time', {
      settings: { concurrency: { perBusinessKey: true } },
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'deal-wait', businessKey: '{{ $trigger.body.dealId }}' } },
        { id: 'paid', type: 'core.waitForEvent', params: { eventType: 'invoice.paid', correlationKey: '{{ $trigger.body.dealId }}', timeoutAmount: 1, timeoutUnit: 'days' } },
      ],
      edges: [{ from: 'hook', to: 'paid' }],
    });
    const first = await app.http().post('/hooks/deal-wait').send({ dealId: 'D-1' }).expect(202);
    await waitForRun(app, first.body.runId, ['waiting']);
    const second = await app.http().post('/hooks/deal-wait').send({ dealId: 'D-1' }).expect(202);
    // Its job has come and gone, and it did not start: the first still holds the deal.
    await eventually(async () => (await db.query(`select count(*)::int as n from graphile_worker.jobs where key = $1`, [`run:${second.body.runId}`]))[0].n, (n) => n === 0);
    expect((await app.http().get(`/api/runs/${second.body.runId}`)).body).toMatchObject({ status: 'queued', startedAt: null });

    await app.http().post('/api/events').send({ type: 'invoice.paid', key: 'D-1' }).expect(202);
    expect((await waitForRun(app, first.body.runId)).status).toBe('succeeded');
    // Its own wait begins only now, and the event it waits for has already happened: it goes straight on.
    expect((await waitForRun(app, second.body.runId)).status).toBe('succeeded');
  });

  it('serialises five deliveries for one deal accepted at the same moment, in the order they were stored', async () => {
    remote.setReply(() => ({ status: 200, body: { ok: true }, delayMs: 50 }));
    const flowId = await publish('Deal burst', {
      settings: { concurrency: { perBusinessKey: true } },
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'deal-burst', businessKey: '{{ $trigger.body.dealId }}' } },
        { id: 'crm', type: 'core.http', params: { method: 'PATCH', url: `${baseUrl}/burst/{{ $trigger.body.dealId }}`, body: { n: '{{ $trigger.body.n }}' } } },
      ],
      edges: [{ from: 'hook', to: 'crm' }],
    });
    const accepted = await Promise.all([1, 2, 3, 4, 5].map((n) => app.http().post('/hooks/deal-burst').send({ dealId: 'B-1', n }).expect(202)));
    for (const res of accepted) await waitForRun(app, res.body.runId);
    // Arrival order is the order intake stored them in.
    const stored: { id: string }[] = await db.query(`select id from runs where flow_id = $1 order by seq`, [flowId]);
    const runs: Run[] = [];
    for (const { id } of stored) runs.push(await waitForRun(app, id));
    const order = runs.map((r) => (r.steps.find((s) => s.nodeId === 'hook')!.output as { body: { n: number } }).body.n);
    expect(remote.requests.map((r) => JSON.parse(r.body).n)).toEqual(order);
    const gaps = runs.slice(1).map((r, i) => firstWork(r) - ms(runs[i].finishedAt));
    console.log(`5 deliveries for one deal at once: stored order ${order.join(',')}; gaps between a run's end and the next one's first step: ${gaps.join(', ')} ms`);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(0);
  });

  it('keeps the flow settings when a save carries only nodes and edges, as the editor sends it', async () => {
    const flow = await app.http().post('/api/flows').send({
      name: 'Settings kept',
      graph: { settings: { timezone: 'Asia/Jerusalem', concurrency: { maxRuns: 2 } }, nodes: [{ id: 'hook', type: 'core.webhook', params: { path: 'kept' } }], edges: [] },
    }).expect(201);
    await app.http().put(`/api/flows/${flow.body.id}`).send({ graph: { schema: 1, nodes: [{ id: 'hook', type: 'core.webhook', params: { path: 'kept-2' } }], edges: [] } }).expect(200);
    expect((await app.http().get(`/api/flows/${flow.body.id}`)).body.graph.settings).toEqual({ timezone: 'Asia/Jerusalem', concurrency: { maxRuns: 2 } });
    await app.http().put(`/api/flows/${flow.body.id}`).send({ graph: { settings: {}, nodes: [], edges: [] } }).expect(200);
    expect((await app.http().get(`/api/flows/${flow.body.id}`)).body.graph.settings).toEqual({});
  });

  it('lets the next run of a deal start when the run holding it is cancelled', async () => {
    await publish('Cancel frees the deal', {
      settings: { concurrency: { perBusinessKey: true } },
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'deal-cancel', businessKey: '{{ $trigger.body.dealId }}' } },
        { id: 'wait', type: 'core.delay', params: { amount: 1, unit: 'days' } },
      ],
      edges: [{ from: 'hook', to: 'wait' }],
    });
    const first = await app.http().post('/hooks/deal-cancel').send({ dealId: 'C-1' }).expect(202);
    await waitForRun(app, first.body.runId, ['waiting']);
    const second = await app.http().post('/hooks/deal-cancel').send({ dealId: 'C-1' }).expect(202);
    await eventually(async () => (await db.query(`select count(*)::int as n from graphile_worker.jobs where key = $1`, [`run:${second.body.runId}`]))[0].n, (n) => n === 0);
    expect((await app.http().get(`/api/runs/${second.body.runId}`)).body.status).toBe('queued');
    await app.http().post(`/api/runs/${first.body.runId}/cancel`).expect(200);
    expect((await waitForRun(app, second.body.runId, ['waiting'])).status).toBe('waiting');
  });

  it('keeps at most one run of a capped flow in progress, starting the others in arrival order', async () => {
    remote.setReply(() => ({ status: 200, body: { ok: true }, delayMs: 200 }));
    const flowId = await publish('Capped', {
      settings: { concurrency: { maxRuns: 1 } },
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'capped' } },
        { id: 'billing', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/billing`, body: { n: '{{ $trigger.body.n }}' } } },
      ],
      edges: [{ from: 'hook', to: 'billing' }],
    });
    const started = Date.now();
    const accepted: string[] = [];
    for (let n = 1; n <= 4; n++) accepted.push((await app.http().post('/hooks/capped').send({ n }).expect(202)).body.runId);
    const accepting = Date.now() - started;
    const runs: Run[] = [];
    for (const id of accepted) runs.push(await waitForRun(app, id));
    const total = Date.now() - started;
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const gaps = runs.slice(1).map((r, i) => firstWork(r) - ms(runs[i].finishedAt));
    console.log(`cap 1: 4 runs accepted in ${accepting} ms, all done after ${total} ms (each ~200 ms at the remote); gaps between one run's end and the next one's first step: ${gaps.join(', ')} ms`);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(0);
    expect(remote.requests.filter((r) => r.path === '/billing').map((r) => JSON.parse(r.body).n)).toEqual([1, 2, 3, 4]);
    const [{ overlapping }] = await db.query(
      `select count(*)::int as overlapping from runs a join runs b on a.flow_id = b.flow_id and a.id < b.id
       where a.flow_id = $1 and tstzrange(a.started_at, a.finished_at) && tstzrange(b.started_at, b.finished_at)`,
      [flowId],
    );
    expect(overlapping).toBe(0);
  });

  it('answers a webhook with the status, body and headers of core.respond, computed by the flow', async () => {
    await publish('Quote', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'quote' } },
        { id: 'calc', type: 'core.map', params: { fields: { total: '{{ $trigger.body.qty * $trigger.body.price }}' } } },
        { id: 'answer', type: 'core.respond', params: { status: 201, body: { orderId: '{{ $trigger.body.id }}', total: '{{ $steps.calc.total }}' }, headers: { 'x-order-id': '{{ $trigger.body.id }}' } } },
      ],
      edges: [{ from: 'hook', to: 'calc' }, { from: 'calc', to: 'answer' }],
    });
    const sent = Date.now();
    const res = await app.http().post('/hooks/quote').send({ id: 'Q-17', qty: 3, price: 12.5 }).expect(201);
    console.log(`core.respond answered the webhook in ${Date.now() - sent} ms`);
    expect(res.body).toEqual({ orderId: 'Q-17', total: 37.5 });
    expect(res.headers['x-order-id']).toBe('Q-17');
    const run: Run = await waitForRun(app, res.headers['x-flowbridge-run-id']);
    expect(run.steps.find((s) => s.nodeId === 'answer')).toMatchObject({ status: 'succeeded', output: { status: 201, body: { orderId: 'Q-17', total: 37.5 } } });
  });

  it('answers 202 with the run id when the run does not reach core.respond in time', async () => {
    await publish('Slow quote', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'slow-quote' } },
        { id: 'wait', type: 'core.delay', params: { amount: 1, unit: 'hours' } },
        { id: 'answer', type: 'core.respond', params: { body: { late: true } } },
      ],
      edges: [{ from: 'hook', to: 'wait' }, { from: 'wait', to: 'answer' }],
    });
    const sent = Date.now();
    const res = await app.http().post('/hooks/slow-quote').send({}).expect(202);
    const waited = Date.now() - sent;
    console.log(`no answer in time: 202 after ${waited} ms (timeout 4000 ms)`);
    expect(res.body).toEqual({ runId: expect.any(String) });
    expect(waited).toBeGreaterThanOrEqual(3900);
    expect((await app.http().get(`/api/runs/${res.body.runId}`)).body.status).toBe('waiting');
  });

  it('answers 202 at once when the run fails, or ends on another branch, before it reaches core.respond', async () => {
    await publish('Refusing quote', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'refusing-quote' } },
        { id: 'priced', type: 'core.if', params: { condition: '{{ $trigger.body.price > 0 }}' } },
        { id: 'stop', type: 'core.fail', params: { message: 'no price for {{ $trigger.body.sku }}' } },
        { id: 'answer', type: 'core.respond', params: { body: { ok: true } } },
      ],
      edges: [{ from: 'hook', to: 'priced' }, { from: 'priced', port: 'false', to: 'stop' }, { from: 'priced', port: 'true', to: 'answer' }],
    });
    const sent = Date.now();
    const res = await app.http().post('/hooks/refusing-quote').send({ sku: 'X-1', price: 0 }).expect(202);
    const waited = Date.now() - sent;
    console.log(`run failed before core.respond: 202 after ${waited} ms (timeout 4000 ms)`);
    expect(waited).toBeLessThan(3000);
    expect((await waitForRun(app, res.body.runId)).status).toBe('failed');

    // Succeeding on a branch without core.respond ends the wait just as soon.
    await publish('Quote or note', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'quote-or-note' } },
        { id: 'priced', type: 'core.if', params: { condition: '{{ $trigger.body.price > 0 }}' } },
        { id: 'note', type: 'core.map', params: { fields: { unpriced: '{{ $trigger.body.sku }}' } } },
        { id: 'answer', type: 'core.respond', params: { body: { ok: true } } },
      ],
      edges: [{ from: 'hook', to: 'priced' }, { from: 'priced', port: 'false', to: 'note' }, { from: 'priced', port: 'true', to: 'answer' }],
    });
    const noted = Date.now();
    const unanswered = await app.http().post('/hooks/quote-or-note').send({ sku: 'X-2', price: 0 }).expect(202);
    expect(Date.now() - noted).toBeLessThan(3000);
    expect((await waitForRun(app, unanswered.body.runId)).status).toBe('succeeded');
  });
});
