import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763830000000 implements MigrationInterface {
  name = 'InitialSchema1763830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table flows (
        id uuid primary key default gen_random_uuid(),
        name text not null,
        draft jsonb not null,
        published_version int,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        deleted_at timestamptz
      )`);
    await q.query(`
      create table flow_versions (
        id uuid primary key default gen_random_uuid(),
        flow_id uuid not null references flows(id),
        version int,
        graph jsonb not null,
        created_at timestamptz not null default now(),
        unique (flow_id, version)
      )`);
    await q.query(`
      create table hook_routes (
        path text primary key,
        flow_id uuid not null references flows(id),
        flow_version_id uuid not null references flow_versions(id),
        node_id text not null
      )`);
    await q.query(`create index hook_routes_flow on hook_routes (flow_id)`);
    await q.query(`
      create table runs (
        id uuid primary key default gen_random_uuid(),
        flow_id uuid not null references flows(id),
        flow_version_id uuid not null references flow_versions(id),
        status text not null check (status in ('queued','running','waiting','succeeded','failed','cancelled')),
        trigger_node_id text not null,
        business_key text,
        dedupe_key text,
        error jsonb,
        wake_at timestamptz,
        created_at timestamptz not null,
        started_at timestamptz,
        finished_at timestamptz
      )`);
    // A repeated delivery with the same dedupe key must find the first run, never start a second.
    await q.query(`create unique index runs_dedupe on runs (flow_id, dedupe_key) where dedupe_key is not null`);
    await q.query(`create index runs_by_created on runs (created_at desc, id desc)`);
    await q.query(`create index runs_by_flow on runs (flow_id, created_at desc, id desc)`);
    await q.query(`create index runs_by_status on runs (status, created_at desc, id desc)`);
    await q.query(`create index runs_by_business_key on runs (business_key, created_at desc, id desc) where business_key is not null`);
    await q.query(`create index runs_due on runs (wake_at) where status in ('running','waiting') and wake_at is not null`);
    await q.query(`
      create table steps (
        id bigserial primary key,
        run_id uuid not null references runs(id) on delete cascade,
        node_id text not null,
        iteration int not null default 0,
        attempt int not null,
        status text not null check (status in ('succeeded','failed','skipped','waiting')),
        port text,
        input jsonb,
        output jsonb,
        error jsonb,
        wake_at timestamptz,
        retry_at timestamptz,
        started_at timestamptz not null,
        finished_at timestamptz
      )`);
    await q.query(`create index steps_by_run on steps (run_id, id)`);
    // Liveness of worker processes: a job locked by a worker that stopped beating is unlocked.
    await q.query(`
      create table worker_heartbeats (
        worker_id text primary key,
        process_id text not null,
        seen_at timestamptz not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['worker_heartbeats', 'steps', 'runs', 'hook_routes', 'flow_versions', 'flows']) {
      await q.query(`drop table if exists ${table}`);
    }
  }
}
