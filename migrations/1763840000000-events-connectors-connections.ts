import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventsConnectorsConnections1763840000000 implements MigrationInterface {
  name = 'EventsConnectorsConnections1763840000000';

  async up(q: QueryRunner): Promise<void> {
    // Business events ("invoice INV-7 paid") that waiting runs match by type and correlation key.
    await q.query(`
      create table events (
        id bigserial primary key,
        type text not null,
        key text not null,
        data jsonb,
        source text,
        created_at timestamptz not null
      )`);
    await q.query(`create index events_by_key on events (type, key, id desc)`);
    await q.query(`alter table steps add column event_type text, add column event_key text, add column event_data jsonb`);
    await q.query(`create index steps_waiting_for_event on steps (event_type, event_key) where status = 'waiting' and event_type is not null`);
    await q.query(`
      create table connector_settings (
        key text primary key,
        enabled boolean not null,
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table connections (
        id uuid primary key default gen_random_uuid(),
        connector text not null,
        name text not null,
        config jsonb not null default '{}',
        secrets text not null,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists connections`);
    await q.query(`drop table if exists connector_settings`);
    await q.query(`drop index if exists steps_waiting_for_event`);
    await q.query(`alter table steps drop column if exists event_type, drop column if exists event_key, drop column if exists event_data`);
    await q.query(`drop table if exists events`);
  }
}
