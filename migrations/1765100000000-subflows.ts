import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A run started by another run's core.subflow points at it, so the run log links both ways. */
export class Subflows1765100000000 implements MigrationInterface {
  name = 'Subflows1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table runs add column parent_run_id uuid references runs(id) on delete set null, add column parent_node_id text`);
    await q.query(`create index runs_by_parent on runs (parent_run_id) where parent_run_id is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index runs_by_parent`);
    await q.query(`alter table runs drop column parent_run_id, drop column parent_node_id`);
  }
}
