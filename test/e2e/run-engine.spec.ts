import { FakeClock } from '../../server/src/engine/clock';
import { RecordingServer } from '../support/recording-server';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

/** Every attempt of a node, oldest first: the run read folds earlier ones into the step's history. */
const stepOf = (run: { steps: any[] }, nodeId: string): any[] => run.steps.filter((s) => s.nodeId === nodeId).flatMap((s) => [...s.history, s]);

describe('run engine', () => {
  // Engine time ahead of real time: the queue's real clock never fires a wait by itself; wakeDue() does.
  const clock = new FakeClock('2031-03-03T09:00:00Z');
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
  beforeEach(() => {
    remote.requests.length = 0;
    remote.setReply(() => ({ status: 200, body: { ok: true } }));
  });

  it('takes one branch of an if, skips the other, and joins them', async () => {
    const flowId = await publishFlow(app, 'Tiered orders', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'tiered', businessKey: '{{ $trigger.body.dealId }}' } },
        { id: 'check', type: 'core.if', params: { condition: '{{ $trigger.body.amount > 100 }}' } },
        { id: 'big', type: 'core.map', params: { fields: { tier: 'big' } } },
        { id: 'small', type: 'core.map', params: { fields: { tier: 'small' } } },
        { id: 'summary', type: 'core.map', params: { fields: { tier: '{{ ($steps.big ?? $steps.small).tier }}', amount: '{{ $trigger.body.amount }}', note: 'Deal {{ $trigger.body.dealId }} is {{ $prev.tier }}' } } },
      ],
      edges: [
        { from: 'hook', to: 'check' },
        { from: 'check', port: 'true', to: 'big' },
        { from: 'check', port: 'false', to: 'small' },
        { from: 'big', to: 'summary' },
        { from: 'small', to: 'summary' },
      ],
    });

    const accepted = await app.http().post('/hooks/tiered').send({ dealId: 4711, amount: 250 }).expect(202);
    const run = await waitForRun(app, accepted.body.runId);
    expect(run).toMatchObject({ status: 'succeeded', flowId, businessKey: '4711' });
    expect(stepOf(run, 'check')[0]).toMatchObject({ status: 'succeeded', port: 'true', output: { result: true } });
    expect(stepOf(run, 'big')[0].status).toBe('succeeded');
    expect(stepOf(run, 'small')[0].status).toBe('skipped');
    expect(stepOf(run, 'summary')).toHaveLength(1);
    expect(stepOf(run, 'summary')[0].output).toEqual({ tier: 'big', amount: 250, note: 'Deal 4711 is big' });

    const other = await app.http().post('/hooks/tiered').send({ dealId: 4712, amount: 5 }).expect(202);
    const small = await waitForRun(app, other.body.runId);
    expect(stepOf(small, 'big')[0].status).toBe('skipped');
    expect(stepOf(small, 'summary')[0].output).toMatchObject({ tier: 'small', amount: 5 });

    const found = await app.http().get('/api/runs?businessKey=4711').expect(200);
    expect(found.body.items.map((r: { id: string }) => r.id)).toEqual([accepted.body.runId]);
  });

  it('accepts a burst of deliveries together and still starts one run per dedupe key, every duplicate answered with the first run', async () => {
    const flowId = await publishFlow(app, 'Burst', {
      nodes: [{ id: 'hook', type: 'core.webhook', params: { path: 'burst', dedupeKey: '{{ $trigger.body.eventId }}', businessKey: '{{ $trigger.body.deal }}' } }],
      edges: [],
    });
    // Sent at once, so they arrive in the same turns of the event loop and share statements.
    const answers = await Promise.all(Array.from({ length: 60 }, (_, n) => app.as('anonymous').post('/hooks/burst').send({ eventId: `evt-${n % 20}`, deal: n % 20 })));
    expect(answers.every((r) => r.status === 202 || r.status === 200)).toBe(true);
    const byEvent = new Map<number, Set<string>>();
    answers.forEach((r, n) => byEvent.set(n % 20, (byEvent.get(n % 20) ?? new Set()).add(r.body.runId)));
    expect([...byEvent.values()].map((ids) => ids.size)).toEqual(Array(20).fill(1));
    expect(answers.filter((r) => r.status === 202)).toHaveLength(20);
    const runs = await app.http().get(`/api/runs?flowId=${flowId}&limit=100`).expect(200);
    expect(runs.body.items).toHaveLength(20);
    expect(new Set(runs.body.items.map((r: { businessKey: string }) => r.businessKey)).size).toBe(20);
  });

  it('has a side effect on record before the next one starts; the pure steps between them are stored with it', async () => {
    remote.setReply((req) => (req.path === '/crm' ? 'hang' : { status: 200, body: { id: 'inv-1' } }));
    const flowId = await publishFlow(app, 'Invoice then CRM', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'fields', type: 'core.map', params: { fields: { deal: '{{ $trigger.deal }}' } } },
        { id: 'billing', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/billing` } },
        { id: 'paid', type: 'core.if', params: { condition: '{{ $steps.billing.body.id === "inv-1" }}' } },
        { id: 'crm', type: 'core.http', params: { method: 'PATCH', url: `${baseUrl}/crm` } },
      ],
      edges: [{ from: 'start', to: 'fields' }, { from: 'fields', to: 'billing' }, { from: 'billing', to: 'paid' }, { from: 'paid', port: 'true', to: 'crm' }],
    });
    const { runId } = (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { deal: 7 } }).expect(202)).body;
    await eventually(async () => remote.requests.filter((r) => r.path === '/crm').length, (n) => n === 1);
    // While the CRM call is in flight, the billing call before it is stored, with the steps around it.
    const during = (await app.http().get(`/api/runs/${runId}`).expect(200)).body;
    expect(during.steps.map((s: { nodeId: string; status: string }) => `${s.nodeId}:${s.status}`)).toEqual(['start:succeeded', 'fields:succeeded', 'billing:succeeded', 'paid:succeeded']);
    remote.release({ status: 200, body: { ok: true } });
    const done = await waitForRun(app, runId);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['start', 'fields', 'billing', 'paid', 'crm']);
  });

  it('retries a 503 durably and records every attempt, calling the remote once successfully', async () => {
    remote.setReply((_req, i) => (i < 2 ? { status: 503, body: { error: 'busy' } } : { status: 201, body: { invoiceId: 'INV-1' } }));
    await publishFlow(app, 'Flaky billing', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'flaky' } },
        { id: 'invoice', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/invoices`, body: { amount: '{{ $trigger.body.amount }}' } }, retry: { attempts: 3, backoff: 'exponential', delayMs: 60_000 } },
      ],
      edges: [{ from: 'hook', to: 'invoice' }],
    });
    const { body } = await app.http().post('/hooks/flaky').send({ amount: 99 }).expect(202);

    // The retry waits a minute of engine time, durably, without holding a worker.
    for (let attempt = 1; attempt <= 2; attempt++) {
      const waiting = await eventually(() => app.http().get(`/api/runs/${body.runId}`), (r) => stepOf(r.body, 'invoice').length === attempt);
      expect(waiting.body.status).toBe('running');
      expect(stepOf(waiting.body, 'invoice')[attempt - 1]).toMatchObject({ status: 'failed', attempt, error: { kind: 'remote', status: 503, retryable: true } });
      clock.advance(5 * 60_000);
      await app.wakeDue();
    }
    const run = await waitForRun(app, body.runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'invoice').map((s: { attempt: number; status: string }) => [s.attempt, s.status])).toEqual([[1, 'failed'], [2, 'failed'], [3, 'succeeded']]);
    expect(stepOf(run, 'invoice')[2].output).toMatchObject({ status: 201, body: { invoiceId: 'INV-1' } });
    expect(remote.requests.filter((r) => r.path === '/invoices')).toHaveLength(3);
    // Every attempt carried the same idempotency key, so the billing system can deduplicate.
    expect(new Set(remote.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([`${body.runId}:invoice:0`]));
  });

  it('starts one run for a webhook delivered three times with the same dedupe key', async () => {
    const flowId = await publishFlow(app, 'Dedupe', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'dedupe', dedupeKey: '{{ $trigger.body.eventId }}' } },
        { id: 'shape', type: 'core.map', params: { fields: { id: '{{ $trigger.body.eventId }}' } } },
      ],
      edges: [{ from: 'hook', to: 'shape' }],
    });
    const first = await app.http().post('/hooks/dedupe').send({ eventId: 'evt-1' }).expect(202);
    const again = await Promise.all([1, 2].map(() => app.http().post('/hooks/dedupe').send({ eventId: 'evt-1' })));
    for (const res of again) expect(res.status === 200 ? res.body : null).toEqual({ runId: first.body.runId, duplicate: true });
    await app.http().post('/hooks/dedupe').send({ eventId: 'evt-2' }).expect(202);
    const runs = await app.http().get(`/api/runs?flowId=${flowId}`).expect(200);
    expect(runs.body.items).toHaveLength(2);
  });

  it('finishes a delayed run on the version it started on, even after the flow is edited and republished', async () => {
    const graph = (label: string) => ({
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'wait', type: 'core.delay', params: { amount: 2, unit: 'days' } },
        { id: 'label', type: 'core.map', params: { fields: { version: label } } },
      ],
      edges: [{ from: 'start', to: 'wait' }, { from: 'wait', to: 'label' }],
    });
    const flowId = await publishFlow(app, 'Slow', graph('v1'));
    const { body } = await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { dealId: 1 } }).expect(202);
    const waiting = await waitForRun(app, body.runId, ['waiting']);
    expect(stepOf(waiting, 'wait')[0].status).toBe('waiting');
    expect(Date.parse(stepOf(waiting, 'wait')[0].wakeAt) - clock.now().getTime()).toBe(2 * 86_400_000);

    await app.http().put(`/api/flows/${flowId}`).send({ graph: graph('v2') }).expect(200);
    await app.http().post(`/api/flows/${flowId}/publish`).expect(200);

    clock.advance(24 * 3_600_000);
    await app.wakeDue();
    expect((await app.http().get(`/api/runs/${body.runId}`).expect(200)).body.status).toBe('waiting');

    clock.advance(24 * 3_600_000);
    await app.wakeDue();
    const run = await waitForRun(app, body.runId);
    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'label')[0].output).toEqual({ version: 'v1' });
    const fresh = await app.http().post(`/api/flows/${flowId}/run`).send({}).expect(202);
    expect((await waitForRun(app, fresh.body.runId, ['waiting'])).status).toBe('waiting');
    await app.http().post(`/api/runs/${fresh.body.runId}/cancel`).expect(200);
  });

  it('routes a failure to the error port when it is wired, and fails the run when it is not', async () => {
    remote.setReply(() => ({ status: 422, body: { message: 'amount must be positive' } }));
    await publishFlow(app, 'Error port', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'error-port' } },
        { id: 'call', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/x` } },
        { id: 'onError', type: 'core.map', params: { fields: { reason: '{{ $steps.call.error.message }}' } } },
      ],
      edges: [{ from: 'hook', to: 'call' }, { from: 'call', port: 'error', to: 'onError' }],
    });
    const routed = await app.http().post('/hooks/error-port').send({}).expect(202);
    const run = await waitForRun(app, routed.body.runId);
    expect(run.status).toBe('succeeded');
    // A 422 is the caller's mistake: no retry.
    expect(stepOf(run, 'call')).toHaveLength(1);
    expect(stepOf(run, 'onError')[0].output.reason).toMatch(/answered 422/);

    await publishFlow(app, 'Stops', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'stops' } },
        { id: 'stop', type: 'core.fail', params: { message: 'Deal {{ $trigger.body.id }} has no amount' } },
      ],
      edges: [{ from: 'hook', to: 'stop' }],
    });
    const failed = await waitForRun(app, (await app.http().post('/hooks/stops').send({ id: 7 }).expect(202)).body.runId);
    expect(failed).toMatchObject({ status: 'failed', error: { kind: 'fail', message: 'Deal 7 has no amount', nodeId: 'stop' } });
  });

  it('retries a failed run from its failed step without re-running the steps that succeeded', async () => {
    remote.setReply((req) => (req.path === '/crm' ? { status: 400, body: { error: 'bad stage' } } : { status: 200, body: { id: 'INV-9' } }));
    await publishFlow(app, 'Retry from failure', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'retry-me' } },
        { id: 'billing', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/billing` } },
        { id: 'crm', type: 'core.http', params: { method: 'PATCH', url: `${baseUrl}/crm`, body: { invoice: '{{ $steps.billing.body.id }}' } } },
      ],
      edges: [{ from: 'hook', to: 'billing' }, { from: 'billing', to: 'crm' }],
    });
    const { body } = await app.http().post('/hooks/retry-me').send({}).expect(202);
    const failed = await waitForRun(app, body.runId);
    expect(failed).toMatchObject({ status: 'failed', error: { nodeId: 'crm', status: 400 } });

    remote.setReply(() => ({ status: 200, body: { ok: true } }));
    await app.http().post(`/api/runs/${body.runId}/retry`).expect(200);
    const run = await waitForRun(app, body.runId);
    expect(run.status).toBe('succeeded');
    expect(remote.requests.filter((r) => r.path === '/billing')).toHaveLength(1);
    expect(remote.requests.filter((r) => r.path === '/crm').map((r) => JSON.parse(r.body))).toEqual([{ invoice: 'INV-9' }, { invoice: 'INV-9' }]);
    expect(stepOf(run, 'crm').map((s: { attempt: number }) => s.attempt)).toEqual([1, 2]);
    await app.http().post(`/api/runs/${body.runId}/retry`).expect(409);
  });

  it('cancels a waiting run so it never resumes', async () => {
    const flowId = await publishFlow(app, 'Cancel me', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'wait', type: 'core.delay', params: { amount: 1, unit: 'hours' } },
        { id: 'after', type: 'core.http', params: { url: `${baseUrl}/after` } },
      ],
      edges: [{ from: 'start', to: 'wait' }, { from: 'wait', to: 'after' }],
    });
    const { body } = await app.http().post(`/api/flows/${flowId}/run`).send({ payload: {} }).expect(202);
    await waitForRun(app, body.runId, ['waiting']);
    const cancelled = await app.http().post(`/api/runs/${body.runId}/cancel`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    clock.advance(2 * 3_600_000);
    expect(await app.wakeDue()).toBe(0);
    expect(remote.requests.filter((r) => r.path === '/after')).toHaveLength(0);
    await app.http().post(`/api/runs/${body.runId}/cancel`).expect(409);
  });

  it('pages through runs with a cursor', async () => {
    const flowId = await publishFlow(app, 'Many', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }],
      edges: [],
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      ids.push((await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { i } }).expect(202)).body.runId);
    }
    const first = await app.http().get(`/api/runs?flowId=${flowId}&limit=2`).expect(200);
    const second = await app.http().get(`/api/runs?flowId=${flowId}&limit=2&cursor=${first.body.nextCursor}`).expect(200);
    const third = await app.http().get(`/api/runs?flowId=${flowId}&limit=2&cursor=${second.body.nextCursor}`).expect(200);
    expect([...first.body.items, ...second.body.items, ...third.body.items].map((r: { id: string }) => r.id)).toEqual(ids.reverse());
    expect(third.body.nextCursor).toBeNull();
  });
});
