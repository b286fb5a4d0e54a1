import { DataSource } from 'typeorm';
import { RecordingServer } from '../support/recording-server';
import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';
import { insertRuns } from '../../server/src/engine/run-store';
import { Metrics } from '../../server/src/observability/metrics';
import { GroupCommit } from '../../server/src/engine/executor/group-commit';

/**
 * A process that takes webhooks and runs flows drives a fresh run itself, straight from intake,
 * without a job: no notification, fetch or acknowledgement on the queue. When it is full the run
 * gets a job as before, and a run whose driver died before the end is given a job by the sweep.
 */
describe('runs handed from intake to the worker of the same process', () => {
  const remote = new RecordingServer();
  let url: string;
  const jobsAdded = async (db: DataSource) =>
    Number((await db.query(`select coalesce(pg_sequence_last_value(pg_get_serial_sequence('graphile_worker._private_jobs', 'id')::regclass), 0) as n`))[0].n);
  const counter = async (app: TestApp, name: 'runsHandedOff' | 'runsRecovered') => (await app.app.get(Metrics)[name].get()).values[0]?.value ?? 0;
  const flow = (path: string) => ({
    nodes: [
      { id: 'hook', type: 'core.webhook', params: { path } },
      { id: 'shape', type: 'core.map', params: { fields: { n: '{{ $trigger.body.n }}' } } },
      { id: 'charge', type: 'core.http', params: { method: 'POST', url: `${url}/charge`, body: { n: '{{ $steps.shape.n }}' } } },
    ],
    edges: [{ from: 'hook', to: 'shape' }, { from: 'shape', to: 'charge' }],
  });
  const charged = (path = '/charge') => remote.requests.filter((r) => r.path === path).map((r) => Number((JSON.parse(r.body) as { n: unknown }).n)).sort((a, b) => a - b);

  beforeAll(async () => {
    url = await remote.start();
  });
  afterAll(() => remote.stop());
  beforeEach(() => {
    remote.requests.length = 0;
    remote.setReply(() => ({ status: 200, body: { ok: true } }));
  });

  describe('with room in the worker', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp();
      await publishFlow(app, 'Hand-off', flow('handoff'));
    });
    afterAll(() => app.close());

    it('drives each accepted run to the end with every step stored, and puts no job on the queue', async () => {
      const db = app.app.get(DataSource);
      const jobsBefore = await jobsAdded(db);
      const handedBefore = await counter(app, 'runsHandedOff');
      // Intake stored the run as running and this process's: no claim, no round trip for it.
      const claims = jest.spyOn(app.app.get(GroupCommit), 'claim');
      const ids = await Promise.all(Array.from({ length: 20 }, (_, n) => app.http().post('/hooks/handoff').send({ n }).expect(202).then((r) => r.body.runId as string)));
      const runs = await Promise.all(ids.map((id) => waitForRun(app, id)));
      expect(claims).not.toHaveBeenCalled();
      claims.mockRestore();
      expect(await db.query(`select count(*)::int as n from runs where id = any($1) and started_at = created_at`, [ids])).toEqual([{ n: 20 }]);
      for (const run of runs) {
        expect(run.status).toBe('succeeded');
        expect(run.steps.map((s: { nodeId: string; status: string }) => `${s.nodeId}:${s.status}`)).toEqual(['hook:succeeded', 'shape:succeeded', 'charge:succeeded']);
      }
      expect(charged()).toEqual(Array.from({ length: 20 }, (_, n) => n));
      expect(await counter(app, 'runsHandedOff')).toBe(handedBefore + 20);
      expect(await jobsAdded(db)).toBe(jobsBefore);
      expect(await db.query(`select count(*)::int as n from runs where driver is not null`)).toEqual([{ n: 0 }]);
    });

    it('gives a job to a run whose driver stopped beating before it ended, and the run finishes once', async () => {
      const db = app.app.get(DataSource);
      const [[{ flowId, flowVersionId }]] = [await db.query(`select f.id as "flowId", v.id as "flowVersionId" from flows f join flow_versions v on v.flow_id = f.id where f.name = 'Hand-off' order by v.version desc limit 1`)];
      const recoveredBefore = await counter(app, 'runsRecovered');
      // Stored the way intake stores a handed-off run, by a process that died before driving it.
      const [runId] = await insertRuns(db.manager, [{
        flowId, flowVersionId, triggerNodeId: 'hook', businessKey: null, dedupeKey: null, gated: false, parent: null, isTest: false, triggerType: 'core.webhook',
        retryOf: null, trigger: { pending: false, json: JSON.stringify({ body: { n: 77 } }) }, driver: 'process:gone', createdAt: new Date(),
      }]);
      const run = await waitForRun(app, runId!);
      expect(run.status).toBe('succeeded');
      expect(charged()).toEqual([77]);
      expect(await counter(app, 'runsRecovered')).toBe(recoveredBefore + 1);
    });
  });

  describe('with the worker full', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ config: { worker: { concurrency: 1 } as never } });
      await publishFlow(app, 'Hand-off, one at a time', flow('handoff-one'));
    });
    afterAll(() => app.close());

    it('queues what arrives while its one place is taken, and every run still ends once', async () => {
      const db = app.app.get(DataSource);
      const jobsBefore = await jobsAdded(db);
      const handedBefore = await counter(app, 'runsHandedOff');
      // The first run holds the only place while the remote takes its time.
      remote.setReply((_req, index) => ({ status: 200, body: { ok: true }, delayMs: index === 0 ? 1500 : 0 }));
      const ids: string[] = [];
      for (let n = 0; n < 3; n++) ids.push((await app.http().post('/hooks/handoff-one').send({ n }).expect(202)).body.runId);
      const runs = await Promise.all(ids.map((id) => waitForRun(app, id)));
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(charged()).toEqual([0, 1, 2]);
      expect(await counter(app, 'runsHandedOff')).toBe(handedBefore + 1);
      expect(await jobsAdded(db)).toBeGreaterThanOrEqual(jobsBefore + 2);
    });
  });

  describe('without a worker in the process (an API-only process)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ worker: false });
      await publishFlow(app, 'Queued intake', flow('queued'));
    });
    afterAll(() => app.close());

    it('gives every run accepted in one statement its own job', async () => {
      const db = app.app.get(DataSource);
      const ids = await Promise.all(Array.from({ length: 40 }, (_, n) => app.http().post('/hooks/queued').send({ n }).expect(202).then((r) => r.body.runId as string)));
      const jobs: { key: string; task: string; runId: string; attempts: number }[] = await db.query(
        `select j.key, t.identifier as task, j.payload->>'runId' as "runId", j.attempts
         from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where j.key = any($1) order by j.key`, [ids.map((id) => `run:${id}`)]);
      expect(jobs).toEqual([...ids].sort().map((id) => ({ key: `run:${id}`, task: 'advance-run', runId: id, attempts: 0 })));
      expect(await db.query(`select count(*)::int as n from runs where id = any($1) and status = 'queued' and driver is null`, [ids])).toEqual([{ n: 40 }]);
    });
  });
});
