import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data tables: rows flows write and read (call records, managers, price lists), typed by the
 * table's column list and checked on every write by the table store, not by Postgres.
 *
 * `data_tables.row_count` is kept by the store in the transaction of each write, under the table
 * row's lock, so the rows-per-table limit holds without counting. Indexes, each for a query:
 * - `data_table_rows_key`: the unique key of a table (upsert, dedupe, `$tables.name['key']` lookups);
 * - `data_table_rows_step`: one row per flow step (a retried `core.tableUpsert` finds its own row);
 * - `data_table_rows_page`: keyset pages in insertion order, per table;
 * - `data_table_rows_data`: GIN (jsonb_path_ops) for `column = value` filters (`data @> {...}`).
 * Nothing here is touched by runs that do not use tables.
 */
export class DataTables1765700000000 implements MigrationInterface {
  name = 'DataTables1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table data_tables (
        id uuid primary key default gen_random_uuid(),
        name text not null unique,
        description text not null default '',
        columns jsonb not null,
        key_columns text[] not null default '{}',
        indexed_columns text[] not null default '{}',
        report jsonb,
        row_count int not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`
      create table data_table_rows (
        id bigint generated always as identity primary key,
        table_id uuid not null references data_tables(id) on delete cascade,
        key text,
        data jsonb not null,
        source_key text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`create unique index data_table_rows_key on data_table_rows (table_id, key) where key is not null`);
    await q.query(`create unique index data_table_rows_step on data_table_rows (table_id, source_key) where source_key is not null`);
    await q.query(`create index data_table_rows_page on data_table_rows (table_id, id)`);
    await q.query(`create index data_table_rows_data on data_table_rows using gin (data jsonb_path_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table data_table_rows`);
    await q.query(`drop table data_tables`);
  }
}
