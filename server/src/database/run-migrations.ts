import { DataSource } from 'typeorm';
import { runMigrations as runQueueMigrations } from 'graphile-worker';
import { queueLogger } from '../engine/queue/queue-logger';
import { dataSourceOptions } from './data-source-options';

const MIGRATION_LOCK = 7300;

/**
 * Brings a database up to date: our tables, then graphile-worker's queue schema. Idempotent and
 * safe when api and worker processes start together (an advisory lock serialises them).
 */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl, 2), migrationsTransactionMode: 'each' });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(`select pg_advisory_lock($1)`, [MIGRATION_LOCK]);
    try {
      await dataSource.runMigrations();
      await runQueueMigrations({ connectionString: databaseUrl, logger: queueLogger });
    } finally {
      await runner.query(`select pg_advisory_unlock($1)`, [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
