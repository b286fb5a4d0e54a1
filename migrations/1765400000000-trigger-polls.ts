import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Polling triggers of published flows: where each one goes on from (its cursor) and when it polls
 * next. A worker takes a due row with a lease; the runs a poll found and the cursor after them
 * commit together.
 */
export class TriggerPolls1765400000000 implements MigrationInterface {
  name = 'TriggerPolls1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table trigger_polls (
        flow_id uuid not null references flows(id) on delete cascade,
        node_id text not null,
        flow_version_id uuid not null references flow_versions(id),
        cursor jsonb,
        every_ms int not null,
        next_poll_at timestamptz not null,
        lease uuid,
        failures int not null default 0,
        last_error text,
        last_polled_at timestamptz,
        primary key (flow_id, node_id)
      )`);
    await q.query(`create index trigger_polls_due on trigger_polls (next_poll_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists trigger_polls`);
  }
}
