import { DataSource } from 'typeorm';
import { FakeClock } from '../../server/src/engine/clock';
import { Schedules } from '../../server/src/engine/schedules/schedules';
import { eventually, startTestApp, waitForRun, type TestApp } from '../support/test-app';

const MINUTE = 60_000;

describe('schedules', () => {
  // Engine time ahead of real time; each test sets it forward to the moment it needs.
  const clock = new FakeClock('2031-01-06T09:00:00Z');
  let app: TestApp;
  let second: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    // Two server processes with workers on one database: both tick every 50 ms and race for every fire time.
    const config = { worker: { scheduleTickMs: 50 } } as never;
    app = await startTestApp({ clock, config });
    second = await startTestApp({ clock, config, db: app.db });
    db = app.app.get(DataSource);
  });
  afterAll(async () => {
    // Both workers stop before either app closes: the second app's close must not pull connections from under the first's jobs.
    await Promise.all([second.worker.stop(), app.worker.stop()]);
    await second.close();
    await app.close();
  });

  async function publish(name: string, schedule: Record<string, unknown>, settings?: Record<string, unknown>): Promise<string> {
    const flow = await app.http().post('/api/flows').send({
      name,
      graph: {
        ...(settings ? { settings } : {}),
        nodes: [
          { id: 'tick', type: 'core.schedule', params: schedule },
          { id: 'report', type: 'core.map', params: { fields: { firedAt: '{{ $trigger.firedAt }}' } } },
        ],
        edges: [{ from: 'tick', to: 'report' }],
      },
    }).expect(201);
    await app.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
    return flow.body.id;
  }

  const runsOf = async (flowId: string): Promise<{ id: string; dedupe_key: string; output: { firedAt: string; now: string; missed?: number } }[]> =>
    db.query(
      `select r.id, r.dedupe_key, s.output from runs r join steps s on s.run_id = r.id and s.node_id = 'tick'
       where r.flow_id = $1 order by r.seq`,
      [flowId],
    );

  /** Both processes have handled every due schedule of the flow: its next fire time lies ahead of the clock. */
  const settled = (flowId: string) =>
    eventually(async () => (await db.query(`select count(*)::int as n from schedules where flow_id = $1 and next_fire_at <= $2`, [flowId, clock.now()]))[0].n, (n) => n === 0);

  it('starts exactly one run per fire time with two workers racing for it', async () => {
    const flowId = await publish('Every five minutes', { cron: '*/5 * * * *', timezone: 'UTC' });
    const expected: string[] = [];
    let raced = 0;
    for (let i = 1; i <= 6; i++) {
      clock.advance(5 * MINUTE);
      expected.push(clock.now().toISOString());
      // Besides both processes' own ticks, four more ticks race for the same fire time at once.
      const started = await Promise.all([app, second, app, second].map((a) => a.app.get(Schedules).fireDue()));
      raced += started.reduce((sum, n) => sum + n, 0);
      await settled(flowId);
    }
    const runs = await runsOf(flowId);
    const perFireTime = new Map<string, number>();
    for (const run of runs) perFireTime.set(run.output.firedAt, (perFireTime.get(run.output.firedAt) ?? 0) + 1);
    console.log(`schedule */5 with 2 workers (50 ms ticks + 4 racing ticks per fire time): ${runs.length} runs for ${expected.length} fire times; runs per fire time ${JSON.stringify([...perFireTime.values()])}; runs started by the racing ticks ${raced}`);
    expect([...perFireTime.keys()]).toEqual(expected);
    expect([...perFireTime.values()]).toEqual(expected.map(() => 1));
    expect(runs.map((r) => r.dedupe_key)).toEqual(expected.map((at) => `schedule:tick:${at}`));
    for (const run of runs) expect(Date.parse(run.output.now)).toBeGreaterThanOrEqual(Date.parse(run.output.firedAt));
    const done = await waitForRun(app, runs[5].id);
    expect(done.status).toBe('succeeded');
    expect(done.steps.find((s: { nodeId: string }) => s.nodeId === 'report').output).toEqual({ firedAt: expected[5] });
  });

  it('after a downtime, runs once for the missed fire times with runOnce and not at all with skip', async () => {
    clock.set('2031-01-07T10:00:00Z');
    const once = await publish('Hourly, run once', { cron: '0 * * * *', timezone: 'UTC', missed: 'runOnce' });
    const skip = await publish('Hourly, skip', { cron: '0 * * * *', timezone: 'UTC', missed: 'skip' });

    // Down from 10:00 to 15:30: fire times 11:00 to 15:00 passed unseen.
    clock.set('2031-01-07T15:30:00Z');
    await settled(once);
    await settled(skip);
    const onceRuns = await runsOf(once);
    console.log(`downtime 10:00→15:30 over 5 hourly fire times: runOnce ${onceRuns.length} run(s) ${JSON.stringify(onceRuns.map((r) => r.output))}; skip ${(await runsOf(skip)).length} run(s)`);
    expect(onceRuns.map((r) => r.output)).toEqual([{ firedAt: '2031-01-07T15:00:00.000Z', now: '2031-01-07T15:30:00.000Z', missed: 4 }]);
    expect(await runsOf(skip)).toEqual([]);

    // Back up: the next fire time runs under both policies.
    clock.set('2031-01-07T16:00:00Z');
    await settled(once);
    await settled(skip);
    expect((await runsOf(once)).map((r) => r.output.firedAt)).toEqual(['2031-01-07T15:00:00.000Z', '2031-01-07T16:00:00.000Z']);
    expect((await runsOf(skip)).map((r) => r.output)).toEqual([{ firedAt: '2031-01-07T16:00:00.000Z', now: '2031-01-07T16:00:00.000Z' }]);
  });

  it('on working days only, starts no run on Saturday or Sunday, in the flow time zone', async () => {
    clock.set('2031-01-09T05:00:00Z'); // Thursday, 08:00 in Moscow
    const flowId = await publish('Weekdays at nine', { cron: '0 9 * * *', workingDaysOnly: true }, { timezone: 'Europe/Moscow' });

    const route = await app.as('manager').get(`/api/flows/${flowId}/schedule?count=5`).expect(200);
    expect(route.body.schedules).toEqual([expect.objectContaining({ nodeId: 'tick', cron: '0 9 * * *', timezone: 'Europe/Moscow', workingDaysOnly: true, missed: 'runOnce' })]);
    // 09:00 in Moscow is 06:00 UTC; Saturday the 11th and Sunday the 12th are left out.
    expect(route.body.schedules[0].nextFireTimes).toEqual(['09', '10', '13', '14', '15'].map((d) => `2031-01-${d}T06:00:00.000Z`));

    for (let day = 9; day <= 15; day++) {
      clock.set(`2031-01-${String(day).padStart(2, '0')}T06:00:00Z`);
      await settled(flowId);
    }
    const fired = (await runsOf(flowId)).map((r) => r.output.firedAt);
    console.log(`working days only, Thu 9 → Wed 15 Jan 2031: runs at ${fired.map((t) => t.slice(0, 10)).join(', ')}`);
    expect(fired).toEqual(['09', '10', '13', '14', '15'].map((d) => `2031-01-${d}T06:00:00.000Z`));
  });

  it('shows the next fire times, replaces them on republish, and drops the schedule when the flow is deleted', async () => {
    clock.set('2031-01-20T07:10:00Z');
    const flowId = await publish('Every quarter hour', { cron: '0 */15 * * * *', timezone: 'Asia/Jerusalem' });
    const first = await app.http().get(`/api/flows/${flowId}/schedule?count=3`).expect(200);
    expect(first.body).toMatchObject({ flowId, publishedVersion: 1 });
    expect(first.body.schedules[0].nextFireTimes).toEqual(['07:15', '07:30', '07:45'].map((t) => `2031-01-20T${t}:00.000Z`));
    await app.http().get(`/api/flows/${flowId}/schedule?count=0`).expect(400);
    expect((await app.http().get(`/api/flows/${flowId}/schedule`).expect(200)).body.schedules[0].nextFireTimes).toHaveLength(5);

    // Republished with another cron: the old times are gone, the new ones apply at once.
    await app.http().put(`/api/flows/${flowId}`).send({
      graph: { nodes: [{ id: 'tick', type: 'core.schedule', params: { cron: '30 8 * * *', timezone: 'UTC' } }], edges: [] },
    }).expect(200);
    await app.http().post(`/api/flows/${flowId}/publish`).expect(200);
    const republished = await app.http().get(`/api/flows/${flowId}/schedule?count=2`).expect(200);
    expect(republished.body.schedules.map((s: { nextFireTimes: string[] }) => s.nextFireTimes)).toEqual([['2031-01-20T08:30:00.000Z', '2031-01-21T08:30:00.000Z']]);

    // A cron that cannot be read is refused at publish, naming the node and the param.
    await app.http().put(`/api/flows/${flowId}`).send({ graph: { nodes: [{ id: 'tick', type: 'core.schedule', params: { cron: '61 * * *' } }], edges: [] } }).expect(200);
    const refused = await app.http().post(`/api/flows/${flowId}/publish`).expect(400);
    expect(JSON.stringify(refused.body)).toMatch(/tick.*cron|cron.*tick/);

    await app.http().delete(`/api/flows/${flowId}`).expect(204);
    expect(await db.query(`select * from schedules where flow_id = $1`, [flowId])).toEqual([]);
    clock.set('2031-01-21T09:00:00Z');
    await Promise.all([app, second].map((a) => a.app.get(Schedules).fireDue()));
    expect(await runsOf(flowId)).toEqual([]);
  });

  it('previews the next fire times of a schedule as drawn, before it is published', async () => {
    clock.set('2031-01-22T05:00:00Z'); // Wednesday, 08:00 in Moscow
    const preview = async (body: object, status = 200) => (await app.as('manager').post('/api/schedules/preview').send(body).expect(status)).body;
    // Working days only: Saturday the 25th and Sunday the 26th are left out.
    expect(await preview({ cron: '0 9 * * *', timezone: 'Europe/Moscow', workingDaysOnly: true })).toEqual({
      timezone: 'Europe/Moscow', nextFireTimes: ['22', '23', '24', '27', '28'].map((d) => `2031-01-${d}T06:00:00.000Z`),
    });
    expect((await preview({ cron: '0 */15 * * * *', timezone: 'Asia/Jerusalem', count: 2 })).nextFireTimes).toEqual(['2031-01-22T05:15:00.000Z', '2031-01-22T05:30:00.000Z']);
    // No zone: the one publishing would use.
    expect((await preview({ cron: '0 9 * * *' })).timezone).toBe('Europe/Moscow');
    expect((await preview({ cron: '61 * * *' }, 400)).field).toBe('cron');
    expect((await preview({ cron: '0 9 * * *', timezone: 'Mars/Olympus' }, 400)).field).toBe('timezone');
    expect((await preview({ cron: '0 9 * * *', workingDaysOnly: true, calendar: 'atlantis' }, 400)).field).toBe('calendar');
    expect((await preview({ cron: '0 9 * * *', count: 21 }, 400)).field).toBe('count');
  });
});
