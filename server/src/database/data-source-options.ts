import { Client, type ClientConfig } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations';
import { logger } from '../common/logger';
import { entities } from './entities';

/**
 * A pg client that is never without an 'error' listener. A client emits 'error' when Postgres ends
 * its connection between statements (a restart); pooled clients are covered by whoever holds them
 * at that moment, but a client caught between hands would crash the process. The statement that
 * next uses the connection fails and is retried like any lost connection.
 */
export class GuardedClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    this.on('error', (err) => {
      if (this.listenerCount('error') === 1) logger.warn({ err }, 'database connection lost');
    });
  }
}

/**
 * Connections of the queue's own pool: LISTEN holds one, fetching and acknowledging jobs go in
 * batches on one each, and the worker's heartbeat and sweeps take the last.
 */
export const QUEUE_POOL_SIZE = 4;

/**
 * Connections of the app's pool. Concurrent runs share their statements (claims, step records and
 * finishes each have one in flight), so a run in flight does not need a connection of its own.
 * Every process must fit Postgres's default max_connections (100, 3 of them reserved): an API
 * process with four worker processes holds at most 5 × (12 + 4) = 80. With 18 + 10 per process
 * the bench's four workers were refused connections, and their runs waited out the queue's retry
 * backoff (up to 20 s).
 */
export function databasePoolSize(config: { worker: { concurrency: number } }): number {
  return Math.min(config.worker.concurrency, 8) + 4;
}

export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations,
    // Schema changes go through migrations/ only.
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, Client: GuardedClient },
  };
}
