import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Production calendars (weekend days + dated exceptions) and, on steps, how a wait's wake time was
 * computed from one, so that editing the calendar can re-plan the waits that depend on it.
 */
export class Calendars1764700000000 implements MigrationInterface {
  name = 'Calendars1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table calendars (
        id text primary key check (id ~ '^[a-z][a-z0-9_-]{1,31}$'),
        name text not null,
        weekend smallint[] not null,
        timezone text not null,
        source text not null,
        version integer not null default 1,
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table calendar_days (
        calendar_id text not null references calendars (id) on delete cascade,
        date date not null,
        type text not null check (type in ('holiday', 'dayoff', 'workday', 'short')),
        name text,
        primary key (calendar_id, date)
      )`);
    await q.query(`alter table steps add column wake_plan jsonb`);
    await q.query(`create index steps_waiting_on_calendar on steps ((wake_plan ->> 'calendar')) where status = 'waiting' and wake_plan is not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index steps_waiting_on_calendar`);
    await q.query(`alter table steps drop column wake_plan`);
    await q.query(`drop table calendar_days`);
    await q.query(`drop table calendars`);
  }
}
