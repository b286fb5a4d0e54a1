import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A step belongs to a node and an iteration path: `0` at the top of the run, `0.2` in the third
 * item of a loop, `0.2.1` in a loop nested in it. The path replaces the unused iteration number.
 */
export class IterationPaths1765200000000 implements MigrationInterface {
  name = 'IterationPaths1765200000000';

  async up(q: QueryRunner): Promise<void> {
    // A constant default: Postgres adds the column without rewriting the table.
    await q.query(`alter table steps add column iteration_path text not null default '0'`);
    await q.query(`alter table steps drop column iteration`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table steps add column iteration int not null default 0`);
    await q.query(`alter table steps drop column iteration_path`);
  }
}
