import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { checkRow, coerceBound, COLUMN_NAME, keyOf, lookupKeyOf, rowObject, TableError, type Column } from './table-values';

export interface TableInfo {
  id: string;
  name: string;
  description: string;
  columns: Column[];
  key: string[];
  indexed: string[];
  /** Which columns a call report reads (manager, started at, …), saved with the table. */
  report: Record<string, unknown> | null;
  rowCount: number;
  limits: { maxRows: number; maxColumns: number; maxRowBytes: number };
  createdAt: string;
  updatedAt: string;
}

export interface TableRow {
  id: string;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export type WriteMode = 'insert' | 'upsert' | 'skip';

/** `column = value`, or a range: `from` inclusive, `to` exclusive (a period reads naturally). */
export interface ColumnFilter {
  eq?: unknown;
  from?: unknown;
  to?: unknown;
}

export interface RowQuery {
  filters?: ReadonlyMap<string, ColumnFilter>;
  after?: string;
  sort?: { column: string; direction: 'asc' | 'desc' };
  limit: number;
}

export interface WriteResult {
  inserted: number;
  updated: number;
  skipped: number;
  rows: { action: 'inserted' | 'updated' | 'skipped'; row: TableRow }[];
}

interface TableRecord {
  id: string;
  name: string;
  description: string;
  columns: Column[];
  key_columns: string[];
  indexed_columns: string[];
  report: Record<string, unknown> | null;
  row_count: number;
  created_at: Date;
  updated_at: Date;
}

interface RowRecord {
  id: string;
  data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

/** TypeORM answers an UPDATE or DELETE … RETURNING as [rows, count]; a SELECT or INSERT as the rows. */
const returned = <T>(result: unknown): T[] => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROW_ID = /^[1-9][0-9]{0,17}$/;
const BATCH = 1000;
/** What `$tables.<name>` may bring into a step's scope. */
export const LOOKUP_MAX_ROWS = 1000;
export const LOOKUP_MAX_BYTES = 256 * 1024;

/**
 * Data tables in Postgres. Every write checks the row against the table's columns, runs in one
 * transaction under the table row's lock (so the row count and its limit hold without counting),
 * and is all-or-nothing: a bad row or a limit refuses the whole write.
 */
@Injectable()
export class TableStore {
  constructor(private readonly dataSource: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get limits(): TableInfo['limits'] {
    const { maxRows, maxColumns, maxRowBytes } = this.config.tables;
    return { maxRows, maxColumns, maxRowBytes };
  }

  async list(): Promise<TableInfo[]> {
    const rows: TableRecord[] = await this.dataSource.query(`select * from data_tables order by name`);
    return rows.map((r) => this.info(r));
  }

  /** By id or by name: flows name their tables, the API uses ids. */
  async get(ref: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<TableInfo> {
    const column = UUID.test(ref) ? 'id' : 'name';
    if (column === 'name' && (ref.length > 63 || !/^[a-z][a-z0-9_]*$/.test(ref))) throw new TableError('not_found', `Table '${ref.slice(0, 80)}' not found`, 'table');
    const [row]: TableRecord[] = await manager.query(`select * from data_tables where ${column} = $1${lock ? ' for update' : ''}`, [ref]);
    if (!row) throw new TableError('not_found', `Table '${ref}' not found`, 'table');
    return this.info(row);
  }

  async create(input: { name: string; description?: string; columns: Column[]; key: string[]; indexed: string[]; report?: Record<string, unknown> | null }): Promise<TableInfo> {
    this.checkShape(input.columns, input.key, input.indexed);
    return this.dataSource.transaction(async (tx) => {
      // One table at a time reaches the limit: the count and the insert cannot interleave.
      await tx.query(`select pg_advisory_xact_lock(hashtext('flowbridge:data_tables'))`);
      const [{ count }]: { count: number }[] = await tx.query(`select count(*)::int as count from data_tables`);
      if (count >= this.config.tables.maxTables) throw new TableError('limit', `There are ${count} tables already, the limit (maxTables)`, 'name', { limit: 'maxTables', max: this.config.tables.maxTables });
      const [row]: TableRecord[] = await tx.query(
        `insert into data_tables (name, description, columns, key_columns, indexed_columns, report) values ($1, $2, $3, $4, $5, $6)
         on conflict (name) do nothing returning *`,
        [input.name, input.description ?? '', JSON.stringify(input.columns), input.key, input.indexed, input.report ? JSON.stringify(input.report) : null],
      );
      if (!row) throw new TableError('conflict', `A table named '${input.name}' exists already`, 'name');
      const info = this.info(row);
      await this.syncIndexes(tx, info);
      return info;
    });
  }

  /**
   * Changes a table: new columns, renamed ones (the rows follow), another key (only when every row
   * has the key's cells and no two rows share them), indexed columns, the saved report.
   */
  async update(ref: string, change: { name?: string; description?: string; addColumns?: Column[]; renameColumns?: { from: string; to: string }[]; required?: { column: string; required: boolean }[]; key?: string[]; indexed?: string[]; report?: Record<string, unknown> | null }): Promise<TableInfo> {
    return this.dataSource.transaction(async (tx) => {
      const table = await this.get(ref, tx, true);
      let columns = table.columns.map((c) => ({ ...c }));
      let key = [...table.key];
      let indexed = [...table.indexed];
      let report = table.report;
      const renames = change.renameColumns ?? [];
      for (const [i, { from, to }] of renames.entries()) {
        const column = columns.find((c) => c.name === from);
        if (!column) throw new TableError('bad_input', `'renameColumns.${i}.from': '${from}' is not a column of this table`, `renameColumns.${i}.from`);
        if (columns.some((c) => c.name === to)) throw new TableError('bad_input', `'renameColumns.${i}.to': '${to}' is a column already`, `renameColumns.${i}.to`);
        column.name = to;
        key = key.map((k) => (k === from ? to : k));
        indexed = indexed.map((k) => (k === from ? to : k));
        if (report) report = Object.fromEntries(Object.entries(report).map(([k, v]) => [k, v === from ? to : v]));
        await tx.query(
          `update data_table_rows set data = (data - $2::text) || jsonb_build_object($3::text, data -> $2::text) where table_id = $1 and data ? $2::text`,
          [table.id, from, to],
        );
      }
      for (const [i, column] of (change.addColumns ?? []).entries()) {
        if (columns.some((c) => c.name === column.name)) throw new TableError('bad_input', `'addColumns.${i}.name': '${column.name}' is a column already`, `addColumns.${i}.name`);
        // Rows written before the column existed have no value for it.
        if (column.required && table.rowCount > 0) throw new TableError('bad_input', `'addColumns.${i}.required': the table has rows without '${column.name}'; add it as optional first`, `addColumns.${i}.required`);
        columns.push(column);
      }
      for (const [i, { column, required }] of (change.required ?? []).entries()) {
        const target = columns.find((c) => c.name === column);
        if (!target) throw new TableError('bad_input', `'required.${i}.column': '${column}' is not a column of this table`, `required.${i}.column`);
        if (required) {
          const [{ missing }]: { missing: number }[] = await tx.query(`select count(*)::int as missing from data_table_rows where table_id = $1 and not data ? $2::text`, [table.id, column]);
          if (missing) throw new TableError('bad_input', `'required.${i}.column': ${missing} rows have no '${column}'`, `required.${i}.column`);
        }
        target.required = required;
      }
      if (change.key) key = change.key;
      if (change.indexed) indexed = change.indexed;
      if (change.report !== undefined) report = change.report;
      this.checkShape(columns, key, indexed);
      const keyChanged = key.join('\u0000') !== table.key.join('\u0000');
      if (keyChanged) await this.rekey(tx, table.id, key);
      const name = change.name ?? table.name;
      try {
        const [row] = returned<TableRecord>(await tx.query(
          `update data_tables set name = $2, description = $3, columns = $4, key_columns = $5, indexed_columns = $6, report = $7, updated_at = now() where id = $1 returning *`,
          [table.id, name, change.description ?? table.description, JSON.stringify(columns), key, indexed, report ? JSON.stringify(report) : null],
        ));
        const info = this.info(row);
        if (renames.length || change.indexed) await this.syncIndexes(tx, info);
        return info;
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new TableError('conflict', `A table named '${name}' exists already`, 'name');
        throw error;
      }
    });
  }

  async remove(ref: string): Promise<TableInfo> {
    return this.dataSource.transaction(async (tx) => {
      const table = await this.get(ref, tx, true);
      await this.dropIndexes(tx, table.id);
      await tx.query(`delete from data_tables where id = $1`, [table.id]);
      return table;
    });
  }

  async rows(ref: string, query: RowQuery): Promise<{ rows: TableRow[]; next: string | null }> {
    const table = await this.get(ref);
    const params: unknown[] = [table.id];
    const where = ['table_id = $1', ...this.filterSql(table, query.filters, params)];
    if (query.after !== undefined) {
      if (!ROW_ID.test(query.after)) throw new TableError('bad_input', `'after' is a row id (digits)`, 'after');
      params.push(query.after);
      where.push(`data_table_rows.id > $${params.length}`);
    }
    params.push(query.limit + 1);
    // Qualified: the bare name would sort by the selected text id ('10' before '9').
    const order = query.sort ? `${this.sortSql(table, query.sort)}, data_table_rows.id` : 'data_table_rows.id';
    const found: RowRecord[] = await this.dataSource.query(
      `select id::text as id, data, created_at, updated_at from data_table_rows where ${where.join(' and ')} order by ${order} limit $${params.length}`,
      params,
    );
    const page = found.slice(0, query.limit).map(toRow);
    // Keyset paging follows insertion order; a sorted read is one page (the node's query).
    const next = !query.sort && found.length > query.limit ? page[page.length - 1].id : null;
    return { rows: page, next };
  }

  async count(ref: string, filters?: ReadonlyMap<string, ColumnFilter>): Promise<number> {
    const table = await this.get(ref);
    const params: unknown[] = [table.id];
    const where = ['table_id = $1', ...this.filterSql(table, filters, params)];
    const [{ count }]: { count: number }[] = await this.dataSource.query(`select count(*)::int as count from data_table_rows where ${where.join(' and ')}`, params);
    return count;
  }

  /**
   * Writes rows. With a key: `insert` refuses a row whose key exists, `upsert` merges the given
   * cells into it, `skip` leaves it. `sourceKey` (a flow step's idempotency key) makes the write
   * happen once: a retried step finds the row its first attempt wrote.
   */
  async write(ref: string, inputs: readonly unknown[], mode: WriteMode, options: { sourceKey?: string; where?: string } = {}): Promise<WriteResult> {
    const where = options.where ?? 'rows';
    return this.dataSource.transaction(async (tx) => {
      const table = await this.get(ref, tx, true);
      if (options.sourceKey !== undefined) {
        const done: RowRecord[] = await tx.query(
          `select id::text as id, data, created_at, updated_at from data_table_rows where table_id = $1 and source_key = $2`,
          [table.id, options.sourceKey],
        );
        if (done.length) return { inserted: 1, updated: 0, skipped: 0, rows: [{ action: 'inserted', row: toRow(done[0]) }] };
      }
      const checked = inputs.map((input, i) => this.checkedRow(table, input, inputs.length === 1 && options.where ? where : `${where}.${i}`));
      const batch = this.dedupe(table, checked, mode, where);
      const result: WriteResult = { inserted: 0, updated: 0, skipped: checked.length - batch.length, rows: [] };
      for (let start = 0; start < batch.length; start += BATCH) {
        const part = batch.slice(start, start + BATCH);
        const keys = part.map((p) => p.key);
        const datas = part.map((p) => JSON.stringify(rowObject(p.row)));
        const conflict = !table.key.length ? '' : mode === 'upsert'
          ? `on conflict (table_id, key) where key is not null do update set data = data_table_rows.data || excluded.data, updated_at = now()`
          : `on conflict (table_id, key) where key is not null do nothing`;
        const written: (RowRecord & { key: string | null; inserted: boolean })[] = await tx.query(
          `insert into data_table_rows (table_id, key, data, source_key)
           select $1, k, d, $4 from unnest($2::text[], $3::jsonb[]) with ordinality as x(k, d, n) order by n
           ${conflict}
           returning id::text as id, key, data, created_at, updated_at, (xmax = 0) as inserted`,
          [table.id, keys, datas, options.sourceKey ?? null],
        );
        const byKey = new Map(written.map((w) => [w.key, w]));
        for (const [i, item] of part.entries()) {
          const stored = table.key.length ? byKey.get(item.key) : written[i];
          if (!stored) {
            if (mode === 'insert') throw new TableError('conflict', `'${item.where}': a row with ${describeKey(table.key, item.row)} exists already`, item.where, { key: rowObject(new Map(table.key.map((k) => [k, item.row.get(k)]))) });
            result.skipped++;
            const [existing]: RowRecord[] = await tx.query(`select id::text as id, data, created_at, updated_at from data_table_rows where table_id = $1 and key = $2`, [table.id, item.key]);
            if (existing) result.rows.push({ action: 'skipped', row: toRow(existing) });
            continue;
          }
          if (Buffer.byteLength(JSON.stringify(stored.data)) > this.config.tables.maxRowBytes) {
            throw new TableError('limit', `'${item.where}': the merged row would be larger than ${this.config.tables.maxRowBytes} bytes (maxRowBytes)`, item.where, { limit: 'maxRowBytes', max: this.config.tables.maxRowBytes });
          }
          if (stored.inserted) result.inserted++;
          else result.updated++;
          result.rows.push({ action: stored.inserted ? 'inserted' : 'updated', row: toRow(stored) });
        }
      }
      await this.addRows(tx, table, result.inserted);
      return result;
    });
  }

  /** Changes some cells of one row; the key follows them (and may then clash with another row's). */
  async updateRow(ref: string, rowId: string, cells: unknown): Promise<TableRow> {
    if (!ROW_ID.test(rowId)) throw new TableError('not_found', `Row '${rowId.slice(0, 40)}' not found`, 'rowId');
    return this.dataSource.transaction(async (tx) => {
      const table = await this.get(ref, tx, true);
      const [current]: RowRecord[] = await tx.query(`select id::text as id, data, created_at, updated_at from data_table_rows where table_id = $1 and id = $2 for update`, [table.id, rowId]);
      if (!current) throw new TableError('not_found', `Row '${rowId}' not found`, 'rowId');
      const change = checkRow(table.columns, table.key, cells, 'data', true);
      const merged = new Map(Object.entries(current.data));
      for (const [name, value] of Object.entries(cells as Record<string, unknown>)) {
        if (change.has(name)) merged.set(name, change.get(name));
        else if (value === null || value === '') merged.delete(name);
      }
      const row = this.checkedRow(table, rowObject(merged), 'data');
      try {
        const [updated] = returned<RowRecord>(await tx.query(
          `update data_table_rows set data = $3, key = $4, updated_at = now() where table_id = $1 and id = $2 returning id::text as id, data, created_at, updated_at`,
          [table.id, rowId, JSON.stringify(rowObject(row.row)), row.key],
        ));
        return toRow(updated);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new TableError('conflict', `'data': a row with ${describeKey(table.key, row.row)} exists already`, 'data');
        throw error;
      }
    });
  }

  async deleteRows(ref: string, ids: readonly string[]): Promise<number> {
    const bad = ids.findIndex((id) => !ROW_ID.test(id));
    if (bad >= 0) throw new TableError('bad_input', `'ids.${bad}' is a row id (digits)`, `ids.${bad}`);
    return this.dataSource.transaction(async (tx) => {
      const table = await this.get(ref, tx, true);
      const deleted = returned(await tx.query(`delete from data_table_rows where table_id = $1 and id = any($2::bigint[]) returning id`, [table.id, ids]));
      await this.addRows(tx, table, -deleted.length);
      return deleted.length;
    });
  }

  /** Every row, in insertion order, a batch at a time: an export never holds the whole table. */
  async *scan(ref: string, filters?: ReadonlyMap<string, ColumnFilter>): AsyncGenerator<TableRow[]> {
    let after: string | undefined;
    for (;;) {
      const page = await this.rows(ref, { filters, after, limit: BATCH });
      if (page.rows.length) yield page.rows;
      if (!page.next) return;
      after = page.next;
    }
  }

  /** The rows a `$tables.<name>` lookup sees: keyed by the unique key, or a list for a table without one; bounded. */
  async lookup(name: string, manager: EntityManager = this.dataSource.manager): Promise<Record<string, unknown> | unknown[]> {
    const table = await this.get(name, manager);
    if (table.rowCount > LOOKUP_MAX_ROWS) throw new TableError('limit', tooLargeForLookup(name, `${table.rowCount} rows`), 'table');
    const rows: { data: Record<string, unknown> }[] = await manager.query(`select data from data_table_rows where table_id = $1 order by id limit $2`, [table.id, LOOKUP_MAX_ROWS + 1]);
    if (rows.length > LOOKUP_MAX_ROWS) throw new TableError('limit', tooLargeForLookup(name, `more than ${LOOKUP_MAX_ROWS} rows`), 'table');
    let bytes = 0;
    for (const row of rows) bytes += Buffer.byteLength(JSON.stringify(row.data));
    if (bytes > LOOKUP_MAX_BYTES) throw new TableError('limit', tooLargeForLookup(name, `${Math.ceil(bytes / 1024)} KB`), 'table');
    if (!table.key.length) return rows.map((r) => r.data);
    // Row keys come from the table's data: `constructor` must be a row, never Object.prototype's.
    const keyed = Object.create(null) as Record<string, unknown>;
    for (const row of rows) keyed[lookupKeyOf(table.key, row.data)] = row.data;
    return keyed;
  }

  /** The SQL conditions of column filters, their values appended to `params`. */
  filterSql(table: TableInfo, filters: ReadonlyMap<string, ColumnFilter> | undefined, params: unknown[]): string[] {
    const sql: string[] = [];
    if (!filters) return sql;
    for (const [name, filter] of filters) {
      const column = table.columns.find((c) => c.name === name);
      if (!column) throw new TableError('bad_input', `'filters.${name}' is not a column of this table`, `filters.${name}`);
      if (filter.eq !== undefined) {
        const value = coerceBound(column, filter.eq, `filters.${name}`);
        if (value === null) {
          params.push(name);
          sql.push(`not data ? $${params.length}::text`);
        } else {
          params.push(JSON.stringify({ [name]: value }));
          sql.push(`data @> $${params.length}::jsonb`);
        }
      }
      for (const [bound, op] of [['from', '>='], ['to', '<']] as const) {
        if (filter[bound] === undefined) continue;
        if (!['number', 'date', 'datetime'].includes(column.type)) throw new TableError('bad_input', `'filters.${name}.${bound}': ranges apply to number, date and datetime columns`, `filters.${name}.${bound}`);
        const value = coerceBound(column, filter[bound], `filters.${name}.${bound}`);
        if (value === null) continue;
        params.push(value);
        sql.push(`${cellSql(column)} ${op} $${params.length}${column.type === 'number' ? '::numeric' : ''}`);
      }
    }
    return sql;
  }

  private sortSql(table: TableInfo, sort: NonNullable<RowQuery['sort']>): string {
    const column = table.columns.find((c) => c.name === sort.column);
    if (!column) throw new TableError('bad_input', `'sort' '${sort.column}' is not a column of this table`, 'sort');
    return `${cellSql(column)} ${sort.direction === 'desc' ? 'desc' : 'asc'} nulls last`;
  }

  private checkedRow(table: TableInfo, input: unknown, where: string): { row: Map<string, unknown>; key: string | null; where: string } {
    const row = checkRow(table.columns, table.key, input, where);
    const bytes = Buffer.byteLength(JSON.stringify(rowObject(row)));
    if (bytes > this.config.tables.maxRowBytes) throw new TableError('limit', `'${where}' is ${bytes} bytes as JSON, more than the ${this.config.tables.maxRowBytes} a row may hold (maxRowBytes)`, where, { limit: 'maxRowBytes', max: this.config.tables.maxRowBytes });
    return { row, key: keyOf(table.key, row), where };
  }

  /** One write, one row per key: Postgres cannot upsert a key twice in one statement. */
  private dedupe(table: TableInfo, rows: ReturnType<TableStore['checkedRow']>[], mode: WriteMode, where: string) {
    if (!table.key.length) return rows;
    const seen = new Map<string, ReturnType<TableStore['checkedRow']>>();
    for (const row of rows) {
      const earlier = seen.get(row.key!);
      if (!earlier) {
        seen.set(row.key!, row);
        continue;
      }
      if (mode === 'insert') throw new TableError('conflict', `'${row.where}' has the same ${describeKey(table.key, row.row)} as '${earlier.where}'`, row.where);
      if (mode === 'upsert') seen.set(row.key!, { ...earlier, row: new Map([...earlier.row, ...row.row]) });
    }
    void where;
    return [...seen.values()];
  }

  private async addRows(tx: EntityManager, table: TableInfo, added: number): Promise<void> {
    if (!added) return;
    const count = table.rowCount + added;
    const { maxRows } = this.config.tables;
    if (count > maxRows) throw new TableError('limit', `Table '${table.name}' would hold ${count} rows, more than its limit of ${maxRows} (maxRows); nothing was written`, 'rows', { limit: 'maxRows', max: maxRows });
    await tx.query(`update data_tables set row_count = $2, updated_at = now() where id = $1`, [table.id, count]);
  }

  private async rekey(tx: EntityManager, tableId: string, key: string[]): Promise<void> {
    const rows: { id: string; data: Record<string, unknown> }[] = await tx.query(`select id::text as id, data from data_table_rows where table_id = $1 order by id`, [tableId]);
    const seen = new Map<string, string>();
    const keys: (string | null)[] = [];
    for (const row of rows) {
      const cells = new Map(Object.entries(row.data));
      const missing = key.find((k) => !cells.has(k));
      if (missing) throw new TableError('bad_input', `'key': row ${row.id} has no '${missing}', so it cannot be part of the key`, 'key');
      const value = keyOf(key, cells);
      if (value !== null) {
        const other = seen.get(value);
        if (other) throw new TableError('conflict', `'key': rows ${other} and ${row.id} share ${describeKey(key, cells)}`, 'key');
        seen.set(value, row.id);
      }
      keys.push(value);
    }
    // Keys cleared first: swapping two rows' keys must not clash halfway.
    await tx.query(`update data_table_rows set key = null where table_id = $1`, [tableId]);
    if (key.length) await tx.query(`update data_table_rows r set key = x.k from unnest($2::bigint[], $3::text[]) as x(i, k) where r.table_id = $1 and r.id = x.i`, [tableId, rows.map((r) => r.id), keys]);
  }

  private checkShape(columns: Column[], key: string[], indexed: string[]): void {
    if (columns.length > this.config.tables.maxColumns) throw new TableError('limit', `'columns' has ${columns.length} columns, more than the ${this.config.tables.maxColumns} a table may have (maxColumns)`, 'columns', { limit: 'maxColumns', max: this.config.tables.maxColumns });
    const names = new Set<string>();
    for (const [i, column] of columns.entries()) {
      if (names.has(column.name)) throw new TableError('bad_input', `'columns.${i}.name': '${column.name}' appears twice`, `columns.${i}.name`);
      names.add(column.name);
    }
    for (const [i, name] of key.entries()) {
      if (!names.has(name)) throw new TableError('bad_input', `'key.${i}': '${name}' is not a column of this table`, `key.${i}`);
      const column = columns.find((c) => c.name === name)!;
      if (column.type === 'json') throw new TableError('bad_input', `'key.${i}': a json column cannot be part of the key`, `key.${i}`);
    }
    if (new Set(key).size !== key.length) throw new TableError('bad_input', `'key' names a column twice`, 'key');
    for (const [i, name] of indexed.entries()) {
      if (!names.has(name)) throw new TableError('bad_input', `'indexed.${i}': '${name}' is not a column of this table`, `indexed.${i}`);
    }
  }

  /**
   * Indexed columns get an expression index of their own, partial to the table, matching the
   * expressions range filters and sorts use (`cellSql`); equality filters use the GIN index.
   */
  private async syncIndexes(tx: EntityManager, table: TableInfo): Promise<void> {
    await this.dropIndexes(tx, table.id);
    for (const name of new Set(table.indexed)) {
      const column = table.columns.find((c) => c.name === name)!;
      await tx.query(`create index ${indexName(table.id, name)} on data_table_rows ((${cellSql(column)})) where table_id = '${table.id}'`);
    }
  }

  private async dropIndexes(tx: EntityManager, tableId: string): Promise<void> {
    const prefix = `dtr_${tableId.replace(/-/g, '')}_`;
    const existing: { indexname: string }[] = await tx.query(`select indexname from pg_indexes where tablename = 'data_table_rows' and starts_with(indexname, $1)`, [prefix]);
    for (const { indexname } of existing) await tx.query(`drop index "${indexname.replace(/"/g, '')}"`);
  }

  private info(row: TableRecord): TableInfo {
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      columns: row.columns,
      key: row.key_columns,
      indexed: row.indexed_columns,
      report: row.report,
      rowCount: row.row_count,
      limits: this.limits,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }
}

/** The SQL of one cell, as filters, sorts and indexes read it. Column names are checked identifiers. */
function cellSql(column: Column): string {
  if (!COLUMN_NAME.test(column.name)) throw new TableError('bad_input', `'${column.name}' is not a column name`, 'column');
  const text = `(data ->> '${column.name}')`;
  return column.type === 'number' ? `${text}::numeric` : `${text} collate "C"`;
}

function indexName(tableId: string, column: string): string {
  return `dtr_${tableId.replace(/-/g, '')}_${createHash('sha256').update(column).digest('hex').slice(0, 8)}`;
}

function describeKey(key: readonly string[], row: ReadonlyMap<string, unknown>): string {
  return key.map((k) => `${k} = ${JSON.stringify(row.get(k) ?? null)}`).join(', ');
}

function tooLargeForLookup(name: string, size: string): string {
  return `Table '${name}' is too large for a $tables lookup (${size}; at most ${LOOKUP_MAX_ROWS} rows and ${LOOKUP_MAX_BYTES / 1024} KB): read it with a 'Query table' node instead`;
}

function toRow(r: RowRecord): TableRow {
  return { id: r.id, data: r.data, createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString() };
}
