import { PostgresGate } from '../../../test/support/postgres-gate';
import { ReadyPool } from './ready-pool';

describe('ReadyPool', () => {
  const admin = process.env.FLOWBRIDGE_TEST_DATABASE_URL || process.env.DATABASE_URL!;
  const direct = new URL(admin);
  let gate: PostgresGate;
  let url: string;
  const pools: ReadyPool[] = [];
  const pool = (options: { patienceMs?: number } = {}) => {
    const made = new ReadyPool({ connectionString: url, max: 2, retryMs: 20, ...options });
    made.on('error', () => undefined);
    pools.push(made);
    return made;
  };

  beforeEach(async () => {
    gate = new PostgresGate({ host: direct.hostname, port: Number(direct.port || 5432) });
    url = await gate.start(admin);
  });
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.end().catch(() => undefined)));
    await gate.stop();
  });

  it('waits while Postgres is starting up and connects once it accepts connections', async () => {
    const restarted = gate.restart(300);
    const started = Date.now();
    const client = await pool().connect();
    try {
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(gate.refused).toBeGreaterThan(1);
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
    await restarted;
  });

  it('makes queries wait too', async () => {
    const restarted = gate.restart(200);
    expect((await pool().query('select 2 as two')).rows).toEqual([{ two: 2 }]);
    await restarted;
  });

  it('gives up with the 57P03 after its patience', async () => {
    const restarted = gate.restart(1000);
    await expect(pool({ patienceMs: 150 }).connect()).rejects.toMatchObject({ code: '57P03' });
    await restarted;
  });

  it('fails at once on any other connection error', async () => {
    const refusing = new ReadyPool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', retryMs: 20 });
    pools.push(refusing);
    const started = Date.now();
    await expect(refusing.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
