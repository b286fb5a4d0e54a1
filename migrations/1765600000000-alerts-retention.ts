import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts on failed runs and the retention of run data.
 *
 * `alert_state` is where each alerting flow's failures have been told up to; `alert_deliveries` is
 * one digest, stored before it is sent, so a process that dies mid-send leaves it to be sent by the
 * next tick instead of losing it. `settings` holds workspace settings editable by admins
 * (retention first). Nothing here is written per run: failures are read from `runs` when due.
 */
export class AlertsRetention1765600000000 implements MigrationInterface {
  name = 'AlertsRetention1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table alert_state (
        flow_id uuid primary key references flows(id) on delete cascade,
        covered_until timestamptz not null,
        last_sent_at timestamptz
      )`);
    await q.query(`
      create table alert_deliveries (
        id uuid primary key default gen_random_uuid(),
        flow_id uuid not null references flows(id) on delete cascade,
        created_at timestamptz not null,
        failed_count int not null,
        first_at timestamptz not null,
        last_at timestamptz not null,
        failures jsonb not null,
        status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
        attempts int not null default 0,
        next_attempt_at timestamptz not null,
        last_error text,
        -- Each part is done once: a retried delivery does not tell people twice or start a second error run.
        notified_at timestamptz,
        error_run_id uuid,
        sent_at timestamptz
      )`);
    await q.query(`create index alert_deliveries_pending on alert_deliveries (next_attempt_at) where status = 'pending'`);
    // Written only when a run fails, so the success path pays nothing for it: where an alert finds its flow's new failures.
    await q.query(`create index runs_failed_by_flow on runs (flow_id, finished_at) where status = 'failed'`);
    await q.query(`create index alert_deliveries_by_flow on alert_deliveries (flow_id, created_at desc)`);
    await q.query(`
      create table settings (
        key text primary key,
        value jsonb not null,
        updated_at timestamptz not null default now(),
        updated_by uuid
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table settings`);
    await q.query(`drop index runs_failed_by_flow`);
    await q.query(`drop table alert_deliveries`);
    await q.query(`drop table alert_state`);
  }
}
