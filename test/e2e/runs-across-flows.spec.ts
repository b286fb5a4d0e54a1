import { FakeClock } from '../../server/src/engine/clock';
import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Summary = { id: string; flowId: string; flowName: string; version: number | null; isTest: boolean; status: string; triggerType: string; businessKey: string | null; durationMs: number | null; error: { message: string; nodeId: string } | null; createdAt: string };

describe('runs across flows', () => {
  const clock = new FakeClock('2031-05-01T10:00:00Z');
  const t0 = clock.now().getTime();
  const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
  let app: TestApp;
  let invoices: string;
  let acts: string;
  const runs: Record<string, string> = {};

  const list = async (query: string) => (await app.as('manager').get(`/api/runs?${query}`).expect(200)).body as { items: Summary[]; nextCursor: string | null };
  const ids = async (query: string) => (await list(query)).items.map((r) => r.id);
  const refused = async (query: string) => (await app.as('manager').get(`/api/runs?${query}`).expect(400)).body as { field: string; message: string };

  beforeAll(async () => {
    app = await startTestApp({ clock });
    invoices = await publishFlow(app, 'Invoices', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'ops-invoices', businessKey: '{{ $trigger.body.dealId }}' } },
        { id: 'check', type: 'core.if', params: { condition: '{{ $trigger.body.fail == true }}' } },
        { id: 'stop', type: 'core.fail', params: { message: 'Deal {{ $trigger.body.dealId }} has no amount' } },
        { id: 'ok', type: 'core.map', params: { fields: { sent: true } } },
      ],
      edges: [{ from: 'hook', to: 'check' }, { from: 'check', port: 'true', to: 'stop' }, { from: 'check', port: 'false', to: 'ok' }],
    });
    acts = await publishFlow(app, 'Acts', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'act', type: 'core.map', params: { fields: { act: 1 } } }],
      edges: [{ from: 'start', to: 'act' }],
    });
    const hook = async (body: object) => waitForRun(app, (await app.http().post('/hooks/ops-invoices').send(body).expect(202)).body.runId);
    runs.sent = (await hook({ dealId: '4711' })).id;
    clock.advance(60_000);
    runs.noAmount = (await hook({ dealId: '47112', fail: true })).id;
    clock.advance(60_000);
    runs.other = (await hook({ dealId: '5000', fail: true })).id;
    clock.advance(58 * 60_000);
    runs.act = (await waitForRun(app, (await app.http().post(`/api/flows/${acts}/run`).send({ payload: {} }).expect(202)).body.runId)).id;
    clock.advance(60_000);
    runs.test = (await waitForRun(app, (await app.http().post(`/api/flows/${acts}/run`).send({ payload: {}, draft: true }).expect(202)).body.runId)).id;
    // The Acts draft now uses a Bitrix24 node: its runs count as runs of a flow using that connector.
    const draft = (await app.http().get(`/api/flows/${acts}`).expect(200)).body.graph;
    await app.http().put(`/api/flows/${acts}`).send({ graph: { ...draft, nodes: [...draft.nodes, { id: 'deal', type: 'bitrix24.getContact', params: {}, position: { x: 0, y: 0 } }] } }).expect(200);
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists the runs of every flow newest first, with their flow, version, trigger and duration', async () => {
    const { items, nextCursor } = await list('');
    expect(items.map((r) => r.id)).toEqual([runs.test, runs.act, runs.other, runs.noAmount, runs.sent]);
    expect(nextCursor).toBeNull();
    expect(items[0]).toMatchObject({ flowId: acts, flowName: 'Acts', version: null, isTest: true, triggerType: 'core.manual', status: 'succeeded' });
    expect(items[1]).toMatchObject({ flowName: 'Acts', version: 1, isTest: false });
    expect(items[3]).toMatchObject({ flowId: invoices, flowName: 'Invoices', version: 1, triggerType: 'core.webhook', businessKey: '47112', status: 'failed', error: { nodeId: 'stop', message: 'Deal 47112 has no amount' } });
    for (const item of items) expect(item.durationMs).toEqual(expect.any(Number));
  });

  it('filters by flow, status (one or several), test or live, and trigger', async () => {
    expect(await ids(`flowId=${invoices}`)).toEqual([runs.other, runs.noAmount, runs.sent]);
    expect(await ids('status=failed')).toEqual([runs.other, runs.noAmount]);
    expect(await ids('status=failed,succeeded&flowId=' + invoices)).toEqual([runs.other, runs.noAmount, runs.sent]);
    expect(await ids('status=waiting')).toEqual([]);
    expect(await ids('test=true')).toEqual([runs.test]);
    expect(await ids('test=false')).toEqual([runs.act, runs.other, runs.noAmount, runs.sent]);
    expect(await ids('trigger=core.manual')).toEqual([runs.test, runs.act]);
    expect(await ids('trigger=core.webhook&status=succeeded')).toEqual([runs.sent]);
  });

  it('finds runs by business key, exactly or by prefix, taking wildcards literally', async () => {
    expect(await ids('businessKey=4711')).toEqual([runs.sent]);
    expect(await ids('businessKey=%204711%20')).toEqual([runs.sent]);
    expect(await ids('businessKey=4711*')).toEqual([runs.noAmount, runs.sent]);
    expect(await ids('businessKey=47_1*')).toEqual([]);
    expect(await ids('businessKey=4712')).toEqual([]);
    expect((await refused('businessKey=*')).field).toBe('businessKey');
  });

  it('filters by creation time as [from, to)', async () => {
    expect(await ids(`from=${encodeURIComponent(at(30))}`)).toEqual([runs.test, runs.act]);
    expect(await ids(`to=${encodeURIComponent(at(1))}`)).toEqual([runs.sent]);
    expect(await ids(`from=${encodeURIComponent(at(1))}&to=${encodeURIComponent(at(2))}`)).toEqual([runs.noAmount]);
    expect(await ids(`from=2031-05-01T12:00:00%2B02:00&to=2031-05-01T10:01:00Z`)).toEqual([runs.sent]);
  });

  it('finds the failed runs of one error (node and message) and the runs of flows using a connector', async () => {
    expect(await ids(`errorNode=stop&errorMessage=${encodeURIComponent('Deal 47112 has no amount')}`)).toEqual([runs.noAmount]);
    expect(await ids('errorNode=stop')).toEqual([runs.other, runs.noAmount]);
    expect(await ids('errorNode=ok')).toEqual([]);
    expect(await ids('connector=bitrix24')).toEqual([runs.test, runs.act]);
    expect(await ids('connector=stripe')).toEqual([]);
  });

  it('pages through a filter with the cursor, each run once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Summary[]; nextCursor: string | null } = await list(`status=succeeded,failed&test=false&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual([runs.act, runs.other, runs.noAmount, runs.sent]);
  });

  it('answers 400 naming the field for bad values', async () => {
    expect((await refused('from=yesterday')).field).toBe('from');
    expect((await refused('to=2031-13-01T00:00:00Z')).field).toBe('to');
    expect((await refused(`from=${encodeURIComponent(at(10))}&to=${encodeURIComponent(at(5))}`)).field).toBe('from');
    expect((await refused(`from=${encodeURIComponent(at(5))}&to=${encodeURIComponent(at(5))}`)).field).toBe('from');
    expect((await refused('status=failed,broken')).field).toMatch(/^status/);
    expect((await refused('status=')).field).toMatch(/^status/);
    expect((await refused('test=maybe')).field).toBe('test');
    expect((await refused('flowId=00000000-0000-0000-0000-00000000000g')).field).toBe('flowId');
    expect((await refused('cursor=garbage')).field).toBe('cursor');
    expect((await refused(`cursor=${Buffer.from('["2031-01-01T00:00:00Z","not-a-uuid"]').toString('base64url')}`)).field).toBe('cursor');
    expect((await refused('limit=0')).field).toBe('limit');
    expect((await refused('limit=201')).field).toBe('limit');
    expect((await refused('trigger=drop%20table')).field).toBe('trigger');
    expect((await refused('connector=..%2F')).field).toBe('connector');
    expect((await refused('businessKey=47%0011')).field).toContain('businessKey');
    expect((await refused(`businessKey=${'7'.repeat(501)}`)).field).toBe('businessKey');
  });
});
