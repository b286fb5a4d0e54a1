import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

/**
 * Runs `text` as a named prepared statement, in `manager`'s transaction when it has one: Postgres
 * parses and plans it once per connection, and later calls send only their parameters. Meant for
 * the few statements every run executes, whose planning cost Postgres more than their execution.
 * `name` must always go with the same `text`. The connection comes through a TypeORM query runner,
 * as for any other query, so a connection Postgres drops mid-statement is handled the same way.
 */
export async function preparedQuery<T>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const own = manager.queryRunner && !manager.queryRunner.isReleased ? undefined : manager.connection.createQueryRunner();
  const runner = own ?? manager.queryRunner!;
  try {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query({ name, text, values })).rows as T[];
  } finally {
    if (own) await own.release();
  }
}
