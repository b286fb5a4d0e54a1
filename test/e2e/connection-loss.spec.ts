import { DataSource } from 'typeorm';
import { GuardedClient } from '../../server/src/database/data-source-options';
import { allAttempts, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';
import { CalendarStore } from '../../server/src/engine/calendars/calendar-store';

/**
 * Postgres ending a connection between statements (a restart, an admin's pg_terminate_backend)
 * makes the client emit 'error'. A client that nobody holds a listener on at that moment would
 * end the whole process; the database-restart spec saw a worker die that way.
 */
describe('a database connection ended between statements', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app.close());

  it('is logged and dropped, and the process goes on', async () => {
    const client = new GuardedClient({ connectionString: app.db.url });
    await client.connect();
    const [{ pid }] = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows;
    const ended = new Promise((resolve) => client.once('end', resolve));
    await app.app.get(DataSource).query('select pg_terminate_backend($1)', [pid]);
    await ended;
    await expect(client.query('select 1')).rejects.toThrow();
    // The app's own pool makes its clients this way.
    expect((app.app.get(DataSource).driver as unknown as { master: { Client: unknown } }).master.Client).toBe(GuardedClient);
    await app.http().get('/api/flows').expect(200);
  });
});

/**
 * Postgres refusing work for a moment (too many clients, a restart) while a step reads what it
 * needs (its flow's calendar, its tables) is the database's fault, not the node's: the run is
 * driven again later, as after a crash, instead of failing on a pure step that never retries.
 */
describe('the database refusing a step for a moment', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('is not recorded as the step failing: the run goes on and ends once', async () => {
    await publishFlow(app, 'Refused once', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'refused-once' } },
        { id: 'shape', type: 'core.map', params: { fields: { n: '{{ $trigger.body.n }}' } } },
      ],
      edges: [{ from: 'hook', to: 'shape' }],
    });
    // What Postgres answers when every connection slot is taken.
    const refusal = Object.assign(new Error('sorry, too many clients already'), { code: '53300' });
    const forFlow = jest.spyOn(app.app.get(CalendarStore), 'forFlow').mockRejectedValueOnce(refusal);
    const { body } = await app.http().post('/hooks/refused-once').send({ n: 5 }).expect(202);
    const run = await waitForRun(app, body.runId);
    expect(run.status).toBe('succeeded');
    expect(forFlow).toHaveBeenCalledTimes(2);
    expect(allAttempts(run).map((s) => `${s.nodeId}:${(s as unknown as { status: string }).status}`)).toEqual(['hook:succeeded', 'shape:succeeded']);
    expect(run.steps.find((s: { nodeId: string }) => s.nodeId === 'shape').output).toEqual({ n: 5 });
  });
});
