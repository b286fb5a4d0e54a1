import { DataSource } from 'typeorm';
import { defineTrigger, f, RemoteError } from '@flowbridge/nodes/sdk';
import { FakeClock } from '../../server/src/engine/clock';
import { TriggerPolls } from '../../server/src/engine/polls/trigger-polls';
import { RecordingServer } from '../support/recording-server';
import { eventually, publishFlow, startTestApp, type TestApp } from '../support/test-app';

/** A remote system's change list, as an EDO or billing API offers it: changes after an id, a page at a time. */
const changesTrigger = defineTrigger({
  type: 'test.changes',
  title: 'Changes (test)',
  category: 'Test',
  source: 'poll',
  pollEveryMs: 60_000,
  params: { url: f.text({ label: 'URL', required: true }) },
  async poll(ctx, params, cursor) {
    const after = typeof cursor === 'number' ? cursor : 0;
    const res = await ctx.http.request<{ changes: { id: number; doc: string; state: string }[] }>({ method: 'GET', url: `${params.url}/changes?after=${after}` });
    if (res.status >= 500) throw new RemoteError(`change list answered ${res.status}`, { status: res.status });
    const changes = res.body.changes;
    return {
      results: changes.map((c) => ({
        output: c, dedupeKey: String(c.id), businessKey: c.doc,
        ...(c.state === 'signed' ? { event: { type: 'test.document.signed', key: c.doc, data: { doc: c.doc } } } : {}),
      })),
      cursor: changes.length ? changes[changes.length - 1].id : after,
    };
  },
});

describe('polling triggers', () => {
  const remote = new RecordingServer();
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const changes: { id: number; doc: string; state: string }[] = [];
  let failNext = false;
  let baseUrl: string;
  let app: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    remote.setReply((req) => {
      if (failNext && req.path.startsWith('/flaky/')) {
        failNext = false;
        return { status: 503, body: {} };
      }
      const after = Number(new URL(req.path, 'http://x').searchParams.get('after'));
      return { status: 200, body: { changes: changes.filter((c) => c.id > after).slice(0, 50) } };
    });
    baseUrl = await remote.start();
    app = await startTestApp({ clock, extraNodes: [changesTrigger] });
    db = app.app.get(DataSource);
  });
  afterAll(async () => {
    // The database outlives a restarted app: dropped once, by whoever made it.
    const database = app.db;
    await app.stop();
    await database.drop();
    await remote.stop();
  });

  const polls = () => app.app.get(TriggerPolls);
  const runsOf = async (flowId: string) => db.query(`select business_key, dedupe_key from runs where flow_id = $1 order by seq`, [flowId]) as Promise<{ business_key: string; dedupe_key: string }[]>;
  const pollNow = async () => {
    clock.advance(61_000);
    return polls().pollDue();
  };

  it('starts one run per change, goes on from its cursor, and delivers a change once even when polled again from an old cursor', async () => {
    const flowId = await publishFlow(app, 'Document changes', {
      nodes: [{ id: 'changes', type: 'test.changes', params: { url: baseUrl } }, { id: 'note', type: 'core.map', params: { fields: { doc: '{{ $trigger.doc }}' } } }],
      edges: [{ from: 'changes', to: 'note' }],
    });
    changes.push({ id: 1, doc: 'A-1', state: 'sent' }, { id: 2, doc: 'A-2', state: 'sent' });
    await pollNow();
    await eventually(() => runsOf(flowId), (runs) => runs.length === 2);
    changes.push({ id: 3, doc: 'A-1', state: 'signed' });
    await pollNow();
    expect((await runsOf(flowId)).map((r) => r.business_key)).toEqual(['A-1', 'A-2', 'A-1']);
    const [row] = await db.query(`select cursor from trigger_polls where flow_id = $1`, [flowId]);
    expect(row.cursor).toBe(3);

    // As after a worker died between its poll and its commit: the same changes come back, nothing starts twice.
    await db.query(`update trigger_polls set cursor = null where flow_id = $1`, [flowId]);
    await pollNow();
    expect(await runsOf(flowId)).toHaveLength(3);
    expect((await runsOf(flowId)).map((r) => r.dedupe_key)).toEqual(['poll:changes:1', 'poll:changes:2', 'poll:changes:3']);
  });

  it('resumes a run waiting for the event a change stands for', async () => {
    const waiterId = await publishFlow(app, 'Wait for the signature', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'signed', type: 'core.waitForEvent', params: { eventType: 'test.document.signed', correlationKey: '{{ $trigger.doc }}', timeoutAmount: 5, timeoutUnit: 'workdays' } },
      ],
      edges: [{ from: 'start', to: 'signed' }],
    });
    await publishFlow(app, 'Signatures', { nodes: [{ id: 'changes', type: 'test.changes', params: { url: baseUrl } }], edges: [] });
    const { runId } = (await app.http().post(`/api/flows/${waiterId}/run`).send({ payload: { doc: 'B-7' } }).expect(202)).body;
    await eventually(async () => (await app.http().get(`/api/runs/${runId}`)).body.status, (s) => s === 'waiting');
    changes.push({ id: 4, doc: 'B-7', state: 'signed' });
    await pollNow();
    const run = await eventually(async () => (await app.http().get(`/api/runs/${runId}`)).body, (r) => r.status === 'succeeded');
    expect(run.steps.filter((s: { nodeId: string }) => s.nodeId === 'signed').at(-1).port).toBe('event');
  });

  it('polls again later after a failing poll, and keeps its cursor across a republish', async () => {
    const flowId = await publishFlow(app, 'Flaky change list', { nodes: [{ id: 'changes', type: 'test.changes', params: { url: `${baseUrl}/flaky` } }], edges: [] });
    await pollNow();
    const before = (await runsOf(flowId)).length;
    failNext = true;
    changes.push({ id: 5, doc: 'C-1', state: 'sent' });
    await pollNow();
    const [failed] = await db.query(`select failures, last_error, next_poll_at from trigger_polls where flow_id = $1`, [flowId]);
    expect(failed.failures).toBeGreaterThanOrEqual(1);
    expect(failed.last_error).toMatch(/503/);
    // Backed off: it does not poll before a minute times two has passed.
    expect(new Date(failed.next_poll_at).getTime()).toBeGreaterThan(clock.now().getTime() + 60_000);
    clock.advance(121_000);
    await polls().pollDue();
    expect((await runsOf(flowId)).length).toBe(before + 1);
    await app.http().post(`/api/flows/${flowId}/publish`).send({ note: 'again' });
    const [kept] = await db.query(`select cursor from trigger_polls where flow_id = $1`, [flowId]);
    expect(kept.cursor).toBe(5);
  });

  it('goes on from its stored cursor after a restart: nothing from before is asked for or started again', async () => {
    const flowId = await publishFlow(app, 'Changes across a restart', { nodes: [{ id: 'changes', type: 'test.changes', params: { url: `${baseUrl}/restart` } }], edges: [] });
    await pollNow();
    changes.push({ id: 6, doc: 'D-1', state: 'sent' });
    await pollNow();
    const before = await runsOf(flowId);
    expect(before.map((r) => r.business_key)).toContain('D-1');

    const database = app.db;
    await app.stop();
    app = await startTestApp({ clock, extraNodes: [changesTrigger], db: database });
    db = app.app.get(DataSource);
    changes.push({ id: 7, doc: 'D-2', state: 'signed' });
    const asked = remote.requests.length;
    await pollNow();

    expect(remote.requests.slice(asked).filter((r) => r.path.startsWith('/restart/')).map((r) => r.path)).toEqual(['/restart/changes?after=6']);
    expect((await runsOf(flowId)).map((r) => r.business_key)).toEqual([...before.map((r) => r.business_key), 'D-2']);
  });
});
