import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-way sync state: per named sync, which record on the left (a CRM deal) is which on the right
 * (a partner-portal sale), with a fingerprint of the synced fields as the sync last left each side.
 * Unique by either side's id: a lookup by either is an index hit, and a record has one twin.
 */
export class SyncLinks1765800000000 implements MigrationInterface {
  name = 'SyncLinks1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table sync_links (
        sync text not null,
        left_id text not null,
        right_id text not null,
        left_hash text,
        right_hash text,
        updated_at timestamptz not null,
        updated_by_run uuid,
        primary key (sync, left_id)
      )`);
    await q.query(`create unique index sync_links_by_right on sync_links (sync, right_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table sync_links`);
  }
}
