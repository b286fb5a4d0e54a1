import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UsersSessionsTokensAudit1763850000000 implements MigrationInterface {
  name = 'UsersSessionsTokensAudit1763850000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table users (
        id uuid primary key default gen_random_uuid(),
        email text not null,
        name text not null default '',
        password_hash text not null,
        roles text[] not null,
        disabled boolean not null default false,
        failed_logins int not null default 0,
        locked_until timestamptz,
        created_at timestamptz not null default now(),
        constraint users_roles_known check (roles <@ array['admin','analyst','manager']::text[])
      )`);
    await q.query(`create unique index users_email on users (lower(email))`);
    // Only hashes of session and API tokens are stored: a database dump grants no access.
    await q.query(`
      create table sessions (
        token_hash text primary key,
        user_id uuid not null references users(id) on delete cascade,
        csrf_token text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null
      )`);
    await q.query(`
      create table api_tokens (
        id uuid primary key default gen_random_uuid(),
        user_id uuid not null references users(id) on delete cascade,
        name text not null,
        token_hash text not null unique,
        created_at timestamptz not null default now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`
      create table audit_log (
        id bigserial primary key,
        at timestamptz not null default now(),
        actor_id uuid,
        actor_email text,
        action text not null,
        target_type text,
        target_id text,
        details jsonb
      )`);
    await q.query(`create index audit_log_by_time on audit_log (at desc, id desc)`);
    await q.query(`alter table flows add column created_by uuid references users(id)`);
    await q.query(`alter table flow_versions add column created_by uuid references users(id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table flow_versions drop column if exists created_by`);
    await q.query(`alter table flows drop column if exists created_by`);
    for (const table of ['audit_log', 'api_tokens', 'sessions', 'users']) await q.query(`drop table if exists ${table}`);
  }
}
