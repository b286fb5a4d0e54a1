import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a trigger remembers between deliveries, per flow and trigger node (the last stage seen for a
 * deal). Keyed by flow, not flow version: publishing a new version must not forget what was seen.
 */
export class TriggerState1765300000000 implements MigrationInterface {
  name = 'TriggerState1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table trigger_state (
        flow_id uuid not null references flows(id) on delete cascade,
        node_id text not null,
        key text not null,
        value jsonb not null,
        updated_at timestamptz not null,
        primary key (flow_id, node_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table trigger_state`);
  }
}
