import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who answered an approval, how and when; one answer per approver and approval step. */
export class ApprovalAnswers1764900000000 implements MigrationInterface {
  name = 'ApprovalAnswers1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table approval_answers (
        id bigserial primary key,
        run_id uuid not null references runs(id) on delete cascade,
        node_id text not null,
        approver text not null,
        decision text not null check (decision in ('approve', 'reject')),
        comment text,
        via text not null check (via in ('app', 'link')),
        answered_at timestamptz not null,
        unique (run_id, node_id, approver)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table approval_answers`);
  }
}
