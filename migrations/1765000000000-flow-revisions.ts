import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Drafts carry a revision (a save against an older one is refused) and who saved last; versions a note. */
export class FlowRevisions1765000000000 implements MigrationInterface {
  name = 'FlowRevisions1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table flows add column revision int not null default 1, add column updated_by uuid references users(id) on delete set null`);
    await q.query(`alter table flow_versions add column note text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table flow_versions drop column note`);
    await q.query(`alter table flows drop column revision, drop column updated_by`);
  }
}
