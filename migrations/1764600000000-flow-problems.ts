import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What keeps a draft from being published, stored at save so listing flows never re-validates them. */
export class FlowProblems1764600000000 implements MigrationInterface {
  name = 'FlowProblems1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table flows add column problems jsonb not null default '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table flows drop column problems`);
  }
}
