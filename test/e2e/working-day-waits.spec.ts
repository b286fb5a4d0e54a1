import { FakeClock } from '../../server/src/engine/clock';
import { RecordingServer } from '../support/recording-server';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { eventually, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Run = { status: string; steps: { nodeId: string; status: string; port: string | null; output: Record<string, unknown> }[] };
const step = (run: Run, id: string) => run.steps.filter((s) => s.nodeId === id).at(-1);

/**
 * Waits counted in working days on the production calendar (RU by default, Moscow time), driven by
 * the fake clock: real Postgres, real queue and worker, nothing sleeps for days.
 */
describe('waits in working days', () => {
  // Engine time ahead of real time: the queue's real clock never fires a wait by itself; wakeDue() does.
  const clock = new FakeClock('2027-02-19T09:00:00Z');
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ clock });
  });
  afterAll(async () => {
    await app.close();
  });

  async function publish(graph: object): Promise<string> {
    const flow = await app.http().post('/api/flows').send({ name: 'Working days', graph }).expect(201);
    await app.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
    return flow.body.id;
  }
  const start = async (flowId: string, payload: object = {}) => (await app.http().post(`/api/flows/${flowId}/run`).send({ payload }).expect(202)).body.runId as string;
  const statusOf = async (runId: string) => (await app.http().get(`/api/runs/${runId}`).expect(200)).body.status as string;

  /** Moves the engine clock to `at` and wakes whatever is due by then. */
  async function advanceTo(at: string) {
    clock.set(at);
    await app.wakeDue();
  }

  const delayFlow = (settings?: object) => ({
    ...(settings ? { settings } : {}),
    nodes: [
      { id: 'start', type: 'core.manual', params: {} },
      { id: 'wait', type: 'core.delay', params: { amount: 5, unit: 'workdays' } },
      { id: 'after', type: 'core.map', params: { fields: { at: '{{ $now }}' } } },
    ],
    edges: [{ from: 'start', to: 'wait' }, { from: 'wait', to: 'after' }],
  });

  it('waits 5 working days from the Friday before the February holidays (RU): Monday 2027-03-01, same Moscow time', async () => {
    clock.set('2027-02-19T09:00:00Z');
    const runId = await start(await publish(delayFlow()));
    const waiting = await waitForRun(app, runId, ['waiting']);
    // Sat 02-20 is a working (short) day; Mon 02-22 and Tue 02-23 are off: 02-20, 24, 25, 26, 03-01.
    expect(step(waiting, 'wait')?.output).toEqual({ waitingUntil: '2027-03-01T09:00:00.000Z' });

    await advanceTo('2027-03-01T08:59:59Z');
    expect(await statusOf(runId)).toBe('waiting');
    await advanceTo('2027-03-01T09:00:00Z');
    const done = await waitForRun(app, runId);
    expect(done.status).toBe('succeeded');
    expect(step(done, 'after')?.output).toEqual({ at: '2027-03-01T09:00:00.000Z' });
  });

  describe('waitForEvent with a timeout of 3 working days from Thu 2027-05-06 (Victory Day weekend in between)', () => {
    let flowId: string;
    beforeAll(async () => {
      flowId = await publish({
        nodes: [
          { id: 'start', type: 'core.manual', params: {} },
          { id: 'paid', type: 'core.waitForEvent', params: { eventType: 'invoice.paid', correlationKey: '{{ $trigger.invoice }}', timeoutAmount: 3, timeoutUnit: 'workdays' } },
          { id: 'thanks', type: 'core.map', params: { fields: { amount: '{{ $steps.paid.event.amount }}' } } },
          { id: 'remind', type: 'core.map', params: { fields: { remind: true } } },
        ],
        edges: [
          { from: 'start', to: 'paid' },
          { from: 'paid', port: 'event', to: 'thanks' },
          { from: 'paid', port: 'timeout', to: 'remind' },
        ],
      });
    });

    it('times out on Wed 2027-05-12 at the same Moscow time, not before', async () => {
      clock.set('2027-05-06T07:00:00Z');
      const runId = await start(flowId, { invoice: 'INV-T' });
      const waiting = await waitForRun(app, runId, ['waiting']);
      // Fri 05-07, then 05-08..05-10 are off (Sat, Sun holiday, Mon transferred), Tue 05-11, Wed 05-12.
      expect(step(waiting, 'paid')?.output).toMatchObject({ timeoutAt: '2027-05-12T07:00:00.000Z' });
      await advanceTo('2027-05-12T06:59:00Z');
      expect(await statusOf(runId)).toBe('waiting');
      await advanceTo('2027-05-12T07:00:00Z');
      const run = await waitForRun(app, runId);
      expect(step(run, 'paid')?.port).toBe('timeout');
      expect(step(run, 'remind')?.status).toBe('succeeded');
      expect(step(run, 'thanks')?.status).toBe('skipped');
    });

    it('resumes on the event when it comes before the timeout', async () => {
      clock.set('2027-05-06T07:00:00Z');
      const runId = await start(flowId, { invoice: 'INV-E' });
      await waitForRun(app, runId, ['waiting']);
      clock.set('2027-05-11T12:00:00Z');
      await app.http().post('/api/events').send({ type: 'invoice.paid', key: 'INV-E', data: { amount: 990 } }).expect(202);
      const run = await waitForRun(app, runId);
      expect(step(run, 'paid')?.port).toBe('event');
      expect(step(run, 'thanks')?.output).toEqual({ amount: 990 });
      expect(step(run, 'remind')?.status).toBe('skipped');
    });
  });

  it('re-plans a waiting timer when an admin edits a day of its calendar', async () => {
    await app.http().post('/api/calendars').send({ id: 'acme', name: 'Acme works', weekend: [6, 7], timezone: 'Europe/Moscow' }).expect(201);
    const flowId = await publish(delayFlow({ calendar: 'acme', timezone: 'Europe/Moscow' }));
    const other = await publish(delayFlow());
    clock.set('2027-08-06T09:00:00Z'); // Friday
    const runId = await start(flowId);
    const untouched = await start(other);
    const waiting = await waitForRun(app, runId, ['waiting']);
    await waitForRun(app, untouched, ['waiting']);
    expect(step(waiting, 'wait')?.output).toEqual({ waitingUntil: '2027-08-13T09:00:00.000Z' });

    // A company holiday on Wednesday pushes the wake-up to the next Monday.
    const edit = await app.http().put('/api/calendars/acme/days/2027-08-11').send({ type: 'holiday', name: 'Company day' }).expect(200);
    expect(edit.body).toMatchObject({ date: '2027-08-11', type: 'holiday', working: false, replanned: 1 });
    const moved = (await app.http().get(`/api/runs/${runId}`).expect(200)).body;
    expect(step(moved, 'wait')?.output).toEqual({ waitingUntil: '2027-08-16T09:00:00.000Z' });
    expect(new Date(moved.wakeAt).toISOString()).toBe('2027-08-16T09:00:00.000Z');

    await advanceTo('2027-08-13T09:00:00Z');
    expect(await statusOf(runId)).toBe('waiting');
    // The flow on the RU calendar was not re-planned and wakes on its own date.
    expect((await waitForRun(app, untouched)).status).toBe('succeeded');

    // Clearing the day brings the wake-up back to the 13th, which is now: the run wakes.
    const cleared = await app.http().put('/api/calendars/acme/days/2027-08-11').send({ type: null }).expect(200);
    expect(cleared.body).toMatchObject({ type: 'work', working: true, replanned: 1 });
    expect(new Date((await app.http().get(`/api/runs/${runId}`).expect(200)).body.wakeAt).toISOString()).toBe('2027-08-13T09:00:00.000Z');
    await app.wakeDue();
    expect((await waitForRun(app, runId)).status).toBe('succeeded');
  });
});

describe('a server restarted while 100 runs wait in working days', () => {
  const clock = new FakeClock('2027-03-04T10:00:00Z'); // Thursday
  const remote = new RecordingServer();
  let db: TestDatabase;
  let baseUrl: string;
  let app: TestApp | undefined;

  beforeAll(async () => {
    baseUrl = await remote.start();
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await app?.stop();
    await db.drop();
    await remote.stop();
  });

  it('fires every timer once, on the right day, after the restart', async () => {
    const first = await startTestApp({ clock, db });
    app = first;
    const flow = await first.http().post('/api/flows').send({
      name: 'Remind in 2 working days',
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', params: {} },
          { id: 'wait', type: 'core.delay', params: { amount: 2, unit: 'workdays' } },
          { id: 'notify', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/notify`, body: { run: '{{ $run.id }}' } } },
        ],
        edges: [{ from: 'start', to: 'wait' }, { from: 'wait', to: 'notify' }],
      },
    }).expect(201);
    await first.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
    const runIds: string[] = [];
    for (let i = 0; i < 100; i++) runIds.push((await first.http().post(`/api/flows/${flow.body.id}/run`).send({ payload: { i } }).expect(202)).body.runId);
    await eventually(async () => (await first.http().get(`/api/runs?status=waiting&limit=200`).expect(200)).body, (body: { total?: number; items?: unknown[] }) => (body.total ?? body.items?.length) === 100, 60_000);

    await first.stop();
    app = undefined;
    expect(remote.requests).toHaveLength(0);

    const second = await startTestApp({ clock, db });
    app = second;
    // Thu 03-04 + 2 working days: Fri 03-05, then Mon 03-08 is a holiday, so Tue 03-09.
    clock.set('2027-03-08T10:00:00Z');
    // Nothing is due on the holiday: no run is handed to the workers, so nothing can be sent.
    expect(await second.wakeDue()).toBe(0);
    expect(remote.requests).toHaveLength(0);
    clock.set('2027-03-09T10:00:00Z');
    await second.wakeDue();
    await eventually(async () => remote.requests.length, (n) => n >= 100, 60_000);
    for (const runId of runIds) expect((await waitForRun(second, runId, ['succeeded', 'failed'], 30_000)).status).toBe('succeeded');
    // Wake everything again: nothing is due, nothing is sent twice.
    expect(await second.wakeDue()).toBe(0);
    const perRun = new Map<string, number>();
    for (const r of remote.requests) {
      const run = (JSON.parse(r.body) as { run: string }).run;
      perRun.set(run, (perRun.get(run) ?? 0) + 1);
    }
    expect(remote.requests).toHaveLength(100);
    expect([...perRun.keys()].sort()).toEqual([...runIds].sort());
    expect([...perRun.values()].every((n) => n === 1)).toBe(true);
  });
});
