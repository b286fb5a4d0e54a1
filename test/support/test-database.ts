import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runMigrations } from '../../server/src/database/run-migrations';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.FLOWBRIDGE_TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'No database for tests: set FLOWBRIDGE_TEST_DATABASE_URL (an admin URL to the "postgres" database) ' +
        'or DATABASE_URL, or run the tests through `npm test`, which starts an embedded Postgres.',
    );
  }
  return url;
}

async function withAdmin<T>(admin: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: admin });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, fully migrated database of its own, so specs can run in parallel without sharing rows.
 * `admin` points at another cluster than the shared one (a spec that restarts its own Postgres).
 */
export async function createTestDatabase(admin = adminUrl()): Promise<TestDatabase> {
  const name = `fb_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(admin, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;

  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    // FORCE terminates whatever connections a spec (or a leaked pool) still holds.
    await withAdmin(admin, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
  };

  try {
    await runMigrations(url.toString());
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return { url: url.toString(), drop };
}

/** One query through a connection of its own, for specs whose database goes away under them (restarts, kills). */
export async function queryOnce<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end().catch(() => undefined);
  }
}
