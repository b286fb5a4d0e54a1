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
 * Connections of the app's pool. Concurrent runs share their statements, so a run in flight does not
 * need a connection of its own; past 8 runs more connections only crowd Postgres, and an API process
 * with four worker processes must fit under its max_connections (100 by default): with 16 per pool,
 * four workers at concurrency 32 were refused connections in the bench.
 */
export function databasePoolSize(config: { worker: { concurrency: number } }): number {
  return Math.min(config.worker.concurrency, 8) + 10;
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
