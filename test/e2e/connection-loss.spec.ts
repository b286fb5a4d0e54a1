import { DataSource } from 'typeorm';
import { GuardedClient } from '../../server/src/database/data-source-options';
import { startTestApp, type TestApp } from '../support/test-app';

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
