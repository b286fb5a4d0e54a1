import { RecordingServer } from '../support/recording-server';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Step = { nodeId: string; iterationPath: string; status: string; port: string | null; output: Record<string, unknown> | null; error: { message: string } | null };
type Run = { id: string; status: string; error: { message: string; nodeId: string } | null; steps: Step[]; children: { id: string; parentNodeId: string }[] };
const last = (run: Run, id: string, path = '0') => run.steps.filter((s) => s.nodeId === id && s.iterationPath === path).at(-1);

describe('core.forEach', () => {
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
    remote.setReply(() => ({ status: 200, body: { ok: true } }));
  });

  const start = async (flowId: string, payload: unknown): Promise<Run> => {
    const { runId } = (await app.http().post(`/api/flows/${flowId}/run`).send({ payload }).expect(202)).body;
    return waitForRun(app, runId);
  };
  const rowsSent = () => remote.requests.filter((r) => r.path === '/rows').map((r) => ({ body: JSON.parse(r.body), key: r.headers['idempotency-key'] }));

  /** Invoice rows → one POST per row → what the loop collected, after it. */
  const invoiceRows = (loopParams: Record<string, unknown> = {}) => ({
    nodes: [
      { id: 'start', type: 'core.manual', params: {} },
      { id: 'rows', type: 'core.forEach', params: { items: '{{ $trigger.rows }}', ...loopParams } },
      { id: 'post', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/rows`, body: { row: '{{ $item }}', index: '{{ $index }}', deal: '{{ $trigger.deal }}' } } },
      { id: 'shape', type: 'core.map', params: { fields: { sku: '{{ $item.sku }}', sent: '{{ $steps.post.status }}' } } },
      { id: 'after', type: 'core.map', params: { fields: { count: '{{ $steps.rows.count }}', skus: '{{ $steps.rows.results.map((r) => r.sku).join(",") }}' } } },
    ],
    edges: [{ from: 'start', to: 'rows' }, { from: 'rows', port: 'item', to: 'post' }, { from: 'post', to: 'shape' }, { from: 'rows', port: 'done', to: 'after' }],
  });

  it('runs the body once per row, each with its own idempotency key, and hands the results on from done', async () => {
    const flowId = await publishFlow(app, 'Rows', invoiceRows());
    const run = await start(flowId, { deal: 42, rows: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }] });
    expect(run.status).toBe('succeeded');
    const sent = rowsSent();
    expect(sent.map((s) => s.body)).toEqual([0, 1, 2].map((index) => ({ row: { sku: 'ABC'[index] }, index, deal: 42 })));
    expect(sent.map((s) => s.key)).toEqual([`${run.id}:post:0.0`, `${run.id}:post:0.1`, `${run.id}:post:0.2`]);
    expect(last(run, 'after')!.output).toEqual({ count: 3, skus: 'A,B,C' });
    expect(last(run, 'rows')).toMatchObject({ status: 'succeeded', port: 'done' });
    expect(last(run, 'rows')!.output!.results).toEqual([{ sku: 'A', sent: 200 }, { sku: 'B', sent: 200 }, { sku: 'C', sent: 200 }]);
    expect(run.steps.filter((s) => s.nodeId === 'shape').map((s) => s.iterationPath)).toEqual(['0.0', '0.1', '0.2']);
  });

  it('hands batches to the body when asked, and goes straight to done with no rows', async () => {
    const flowId = await publishFlow(app, 'Batches', invoiceRows({ batchSize: 2 }));
    const run = await start(flowId, { deal: 1, rows: [1, 2, 3, 4, 5] });
    expect(run.status).toBe('succeeded');
    expect(rowsSent().map((s) => s.body.row)).toEqual([[1, 2], [3, 4], [5]]);
    const empty = await start(flowId, { deal: 2, rows: [] });
    expect(empty.status).toBe('succeeded');
    expect(last(empty, 'rows')!.output).toEqual({ results: [], count: 0, errors: [] });
    expect(last(empty, 'post', '0.0')).toBeUndefined();
  });

  it('refuses items that are not a list, naming the field', async () => {
    const flowId = await publishFlow(app, 'Not a list', invoiceRows());
    const run = await start(flowId, { deal: 1, rows: { sku: 'A' } });
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ nodeId: 'rows', message: "'items' must be a list, not object" });
  });

  describe('a failed item', () => {
    const withCheck = (onItemError: string) => ({
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'rows', type: 'core.forEach', params: { items: '{{ $trigger.rows }}', onItemError } },
        { id: 'check', type: 'core.if', params: { condition: '{{ $item.qty > 0 }}' } },
        { id: 'post', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/rows`, body: { row: '{{ $item }}' } } },
        { id: 'stop', type: 'core.fail', params: { message: 'Row {{ $index }} has no quantity' } },
        { id: 'after', type: 'core.map', params: { fields: { errors: '{{ $steps.rows.errors }}' } } },
        { id: 'handled', type: 'core.map', params: { fields: { why: '{{ $steps.rows.error.message }}' } } },
      ],
      edges: [
        { from: 'start', to: 'rows' }, { from: 'rows', port: 'item', to: 'check' }, { from: 'check', port: 'true', to: 'post' }, { from: 'check', port: 'false', to: 'stop' },
        { from: 'rows', port: 'done', to: 'after' }, { from: 'rows', port: 'error', to: 'handled' },
      ],
    });
    const rows = [{ qty: 1 }, { qty: 0 }, { qty: 2 }];

    it('stops the loop and follows its error port by default; later items never start', async () => {
      const flowId = await publishFlow(app, 'Stop at a bad row', withCheck('fail'));
      const run = await start(flowId, { rows });
      expect(run.status).toBe('succeeded');
      expect(last(run, 'rows')).toMatchObject({ status: 'failed', port: 'error' });
      expect(last(run, 'handled')!.output).toEqual({ why: "Item 1 failed at 'stop': Row 1 has no quantity" });
      expect(last(run, 'after')!.status).toBe('skipped');
      expect(rowsSent().map((s) => s.body.row)).toEqual([{ qty: 1 }]);
    });

    it('is listed in errors when the loop goes on, and the other items run', async () => {
      const flowId = await publishFlow(app, 'Skip bad rows', withCheck('continue'));
      const run = await start(flowId, { rows });
      expect(run.status).toBe('succeeded');
      expect(last(run, 'after')!.output).toEqual({ errors: [{ index: 1, nodeId: 'stop', message: 'Row 1 has no quantity' }] });
      expect(last(run, 'rows')!.output!.results).toEqual([expect.objectContaining({ post: expect.anything() }), null, expect.objectContaining({ post: expect.anything() })]);
      expect(rowsSent().map((s) => s.body.row)).toEqual([{ qty: 1 }, { qty: 2 }]);
    });
  });

  it('retries a failed run from the item that failed, without sending the items that succeeded again', async () => {
    let refuse = true;
    remote.setReply((req) => (refuse && JSON.parse(req.body).index === 1 ? { status: 422, body: { error: 'bad row' } } : { status: 200, body: { ok: true } }));
    const flowId = await publishFlow(app, 'Retry rows', invoiceRows());
    const failed = await start(flowId, { deal: 7, rows: [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }] });
    expect(failed.status).toBe('failed');
    expect(failed.error!.message).toBe("Item 1 failed at 'post': POST 127.0.0.1:" + new URL(baseUrl).port + ' answered 422');
    refuse = false;
    await app.http().post(`/api/runs/${failed.id}/retry`).expect(200);
    const run = await waitForRun(app, failed.id, ['succeeded', 'failed']);
    expect(run.status).toBe('succeeded');
    expect(rowsSent().map((s) => s.key)).toEqual([`${run.id}:post:0.0`, `${run.id}:post:0.1`, `${run.id}:post:0.1`, `${run.id}:post:0.2`]);
    expect(last(run, 'after')!.output).toEqual({ count: 3, skus: 'A,B,C' });
  });

  it('wakes an item\'s wait when its event comes while another item is being driven, not at the timeout', async () => {
    // The first signed act is archived slowly: the run is driven (running) while the second act is signed.
    remote.setReply((_req, index) => ({ status: 200, body: { ok: true }, delayMs: index === 0 ? 1500 : 0 }));
    const flowId = await publishFlow(app, 'Archive signed acts', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'acts', type: 'core.forEach', params: { items: '{{ $trigger.acts }}', concurrency: 2 } },
        { id: 'signed', type: 'core.waitForEvent', params: { eventType: 'act.signed', correlationKey: '{{ $item }}', timeoutAmount: 5, timeoutUnit: 'days' } },
        { id: 'archive', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/archive`, body: { act: '{{ $item }}' } } },
        { id: 'done', type: 'core.map', params: { fields: { archived: '{{ $steps.acts.count }}' } } },
      ],
      edges: [{ from: 'start', to: 'acts' }, { from: 'acts', port: 'item', to: 'signed' }, { from: 'signed', port: 'event', to: 'archive' }, { from: 'acts', port: 'done', to: 'done' }],
    });
    const { runId } = (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { acts: ['ACT-7', 'ACT-8'] } }).expect(202)).body;
    await eventually(() => app.http().get(`/api/runs/${runId}`).then((r) => r.body.steps.filter((s: { nodeId: string; status: string }) => s.nodeId === 'signed' && s.status === 'waiting').length), (n) => n === 2);

    await app.http().post('/api/events').send({ type: 'act.signed', key: 'ACT-7', data: {} }).expect(202);
    await eventually(async () => remote.requests.length, (n) => n === 1);
    const second = await app.http().post('/api/events').send({ type: 'act.signed', key: 'ACT-8', data: {} }).expect(202);
    expect(second.body.resumedRuns).toEqual([runId]);

    const run = await waitForRun(app, runId, ['succeeded', 'failed'], 15_000);
    expect(run.status).toBe('succeeded');
    expect(remote.requests.map((r) => JSON.parse(r.body).act)).toEqual(['ACT-7', 'ACT-8']);
  });

  it('calls a sub-flow per item: one child run each, linked to the loop node', async () => {
    const childId = await publishFlow(app, 'Commission for one manager', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'calc', type: 'core.map', params: { fields: { commission: '{{ $trigger.amount * 0.05 }}' } } }],
      edges: [{ from: 'start', to: 'calc' }],
    });
    const flowId = await publishFlow(app, 'Commissions', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'managers', type: 'core.forEach', params: { items: '{{ $trigger.managers }}', concurrency: 3 } },
        { id: 'commission', type: 'core.subflow', params: { flowId: childId, input: { amount: '{{ $item.sales }}' } } },
        { id: 'total', type: 'core.map', params: { fields: { sum: '{{ $steps.managers.results.reduce((s, r) => s + r.outputs.calc.commission, 0) }}' } } },
      ],
      edges: [{ from: 'start', to: 'managers' }, { from: 'managers', port: 'item', to: 'commission' }, { from: 'managers', port: 'done', to: 'total' }],
    });
    const run = await start(flowId, { managers: [{ sales: 1000 }, { sales: 3000 }, { sales: 6000 }] });
    expect(run.status).toBe('succeeded');
    expect(last(run, 'total')!.output).toEqual({ sum: 500 });
    expect(run.children).toHaveLength(3);
    expect(new Set(run.children.map((c) => c.parentNodeId))).toEqual(new Set(['commission']));
  });
});
