import { DataSource } from 'typeorm';
import { NodeCatalog } from '../../server/src/engine/node-catalog';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * Every process re-reads the connector switches now and then; the process that flips one must not
 * have its flip undone by a re-read that began before it and answers after it (the demo start
 * enabled Kommo, then failed to publish because a stale re-read said "disabled").
 */
describe('connector switches', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('keeps a flip made while an older re-read was on its way', async () => {
    // The real database answers; only the answer to the re-read is held back until after the flip.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = new Proxy(dataSource, {
      get(target, key, receiver) {
        if (key !== 'query') return Reflect.get(target, key, receiver);
        return async (sql: string, params?: unknown[]) => {
          const rows = await target.query(sql, params);
          if (/^select key from connector_settings/.test(sql)) await gate;
          return rows;
        };
      },
    });
    const catalog = new NodeCatalog(held);
    const staleRead = catalog.refresh();
    await catalog.setConnectorEnabled('kommo', true);
    release();
    await staleRead;
    expect(catalog.isEnabled('kommo')).toBe(true);

    await catalog.refresh();
    expect(catalog.isEnabled('kommo')).toBe(true);
    await dataSource.query(`update connector_settings set enabled = false where key = 'kommo'`);
    await catalog.refresh();
    expect(catalog.isEnabled('kommo')).toBe(false);
  });
});
