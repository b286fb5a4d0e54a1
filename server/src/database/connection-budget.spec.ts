import { loadConfig } from '../config/app-config';
import { databasePoolSize, QUEUE_POOL_SIZE } from './data-source-options';

describe('connections each process may open', () => {
  it('lets an API process and four worker processes share a Postgres with the default max_connections', () => {
    const defaults = loadConfig({ databaseUrl: 'postgres://unused' }, []);
    // 100 by default, of which superuser_reserved_connections keeps 3.
    const available = 100 - 3;
    const perProcess = databasePoolSize(defaults) + QUEUE_POOL_SIZE;
    expect(5 * perProcess).toBeLessThanOrEqual(available - 10);
  });

  it('does not grow with the worker concurrency past what shared statements need', () => {
    const busy = loadConfig({ databaseUrl: 'postgres://unused', worker: { ...loadConfig({ databaseUrl: 'postgres://unused' }, []).worker, concurrency: 500 } }, []);
    expect(databasePoolSize(busy)).toBe(databasePoolSize({ worker: { concurrency: 8 } }));
  });
});
