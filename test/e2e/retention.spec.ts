import { DataSource } from 'typeorm';
import { FakeClock } from '../../server/src/engine/clock';
import { Retention } from '../../server/src/engine/retention/retention';
import { eventually, publishFlow, startTestApp, type TestApp } from '../support/test-app';

const DAY = 24 * 60 * 60 * 1000;

/** Old run data goes in small batches: step payloads after N days, whole runs after M; the rest stays as it was. */
describe('retention of run data', () => {
  const clock = new FakeClock(new Date('2025-01-06T09:00:00Z'));
  let app: TestApp;
  let db: DataSource;
  let flowId: string;
  let waiterId: string;
  const runs: Record<'ancient' | 'old' | 'recent' | 'waiting', string[]> = { ancient: [], old: [], recent: [], waiting: [] };

  const retention = () => app.app.get(Retention);
  const start = async (id: string, payload: Record<string, unknown>) => (await app.http().post(`/api/flows/${id}/run`).send({ payload }).expect(202)).body.runId as string;
  const settle = (ids: string[], statuses: string[]) => eventually(
    async () => (await db.query(`select count(*)::int as n from runs where id = any($1) and status = any($2)`, [ids, statuses]))[0].n as number,
    (n) => n === ids.length,
  );
  const stepsOf = async (ids: string[]) => db.query(`select run_id, node_id, input, output, error from steps where run_id = any($1) order by id`, [ids]);
  const existing = async (ids: string[]) => (await db.query(`select id from runs where id = any($1)`, [ids])).map((r: { id: string }) => r.id);

  beforeAll(async () => {
    app = await startTestApp({ clock });
    db = app.app.get(DataSource);
    flowId = await publishFlow(app, 'Deal card', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'card', type: 'core.map', params: { fields: { deal: '{{ $trigger.deal }}', note: 'a large note about the deal' } } },
        { id: 'check', type: 'core.if', params: { condition: '{{ $trigger.fail }}' } },
        { id: 'stop', type: 'core.fail', params: { message: 'Deal {{ $trigger.deal }} has no contact' } },
      ],
      edges: [{ from: 'start', to: 'card' }, { from: 'card', to: 'check' }, { from: 'check', port: 'true', to: 'stop' }],
    });
    waiterId = await publishFlow(app, 'Waits for the signature', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'signed', type: 'core.waitForEvent', params: { eventType: 'doc.signed', correlationKey: '{{ $trigger.deal }}', timeoutAmount: 900, timeoutUnit: 'days' } },
      ],
      edges: [{ from: 'start', to: 'signed' }],
    });
    // 400 days ago: five runs and one still waiting; 40 days ago: three runs, one failed; 5 days ago: two.
    for (let n = 0; n < 5; n++) runs.ancient.push(await start(flowId, { deal: `A${n}` }));
    runs.waiting.push(await start(waiterId, { deal: 'W1' }));
    await settle(runs.ancient, ['succeeded']);
    await settle(runs.waiting, ['waiting']);
    clock.advance(360 * DAY);
    for (let n = 0; n < 3; n++) runs.old.push(await start(flowId, { deal: `O${n}`, fail: n === 2 }));
    await settle(runs.old, ['succeeded', 'failed']);
    clock.advance(35 * DAY);
    for (let n = 0; n < 2; n++) runs.recent.push(await start(flowId, { deal: `R${n}` }));
    await settle(runs.recent, ['succeeded']);
    clock.advance(5 * DAY);
  });
  afterAll(async () => {
    await app.close();
  });

  it('keeps 30 days of step data and 365 days of runs by default, and prunes in batches', async () => {
    expect((await app.http().get('/api/settings/retention').expect(200)).body).toEqual({ stepPayloadDays: 30, runDays: 365 });
    const recentBefore = await stepsOf(runs.recent);

    const report = await retention().pruneDue({ batchSize: 2 });
    expect(report).toMatchObject({ deletedRuns: 5, payloadRuns: 8, more: false });
    // Payloads of the eight ended runs older than 30 days go first, two runs at a time, then the five older than a year.
    expect(report.batches).toBeGreaterThanOrEqual(6 + 3);

    expect(await existing(runs.ancient)).toEqual([]);
    expect(await existing(runs.waiting)).toEqual(runs.waiting);
    expect(await stepsOf(runs.recent)).toEqual(recentBefore);
    expect((await stepsOf(runs.waiting)).some((s: { input: unknown }) => s.input !== null)).toBe(true);

    const old = await stepsOf(runs.old);
    expect(old.length).toBeGreaterThan(0);
    for (const step of old) {
      expect(step.input).toBeNull();
      expect(step.output === null || JSON.stringify(step.output) === '{"$pruned":true}').toBe(true);
    }
    // What a manager reads in the run log stays: statuses, and why a run failed.
    const failed = (await app.http().get(`/api/runs/${runs.old[2]}`).expect(200)).body;
    expect(failed.status).toBe('failed');
    expect(failed.error.message).toBe('Deal O2 has no contact');
    expect(failed.steps.find((s: { nodeId: string }) => s.nodeId === 'card').output).toEqual({ $pruned: true });
    expect(failed.steps.find((s: { nodeId: string }) => s.nodeId === 'stop').error.message).toBe('Deal O2 has no contact');
  });

  it('does not read again what it pruned: a second tick finds nothing to do', async () => {
    const report = await retention().pruneDue({ batchSize: 2 });
    expect(report).toMatchObject({ deletedRuns: 0, payloadRuns: 0, payloadSteps: 0 });
    expect(report.batches).toBeLessThanOrEqual(3);
  });

  it('takes settings from admins, refusing a run retention shorter than the step retention', async () => {
    const bad = await app.http().put('/api/settings/retention').send({ stepPayloadDays: 60, runDays: 30 }).expect(400);
    expect(bad.body.issues).toEqual([{ field: 'runDays', message: 'runs must be kept at least as long as their step data' }]);
    await app.http().put('/api/settings/retention').send({ stepPayloadDays: 7, runDays: 3000000 }).expect(400);
    await app.http().put('/api/settings/retention').send({ stepPayloadDays: '7', runDays: 30 }).expect(400);
    await app.http().put('/api/settings/retention').send({ stepPayloadDays: 3, runDays: 30 }).expect(200);
    expect((await app.http().get('/api/settings/retention').expect(200)).body).toEqual({ stepPayloadDays: 3, runDays: 30 });

    const report = await retention().pruneDue();
    expect(report).toMatchObject({ deletedRuns: 3, payloadRuns: 2 });
    expect(await existing(runs.old)).toEqual([]);
    expect((await stepsOf(runs.recent)).every((s: { input: unknown }) => s.input === null)).toBe(true);
    const audit = (await app.http().get('/api/audit').expect(200)).body;
    expect(JSON.stringify(audit)).toContain('settings.retention_changed');
  });
});
