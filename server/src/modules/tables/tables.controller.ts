import { ZodBody, ZodQuery, ZodResponse } from '../../common/openapi';
import { callReportAnswer, importAnswer, rowAnswer, rowPageAnswer, tableAnswer, writeAnswer } from './tables.responses';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { stringify } from 'csv-stringify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ConfigError, isTimeZone } from '@flowbridge/nodes/sdk';
import { parseInput } from '../../common/parse-input';
import { ApiError, BadRequestError, NotFoundError } from '../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CalendarStore } from '../../engine/calendars/calendar-store';
import { TableStore, type ColumnFilter, type TableInfo } from '../../engine/tables/table-store';
import { coerceCell, columnNameProblem, COLUMN_TYPES, TABLE_NAME, TableError, type Column } from '../../engine/tables/table-values';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal';
import { ANY_ROLE, Roles, type Principal } from '../auth/roles';
import { callReport, direction, type CallColumns, type CallRecord } from './call-report';

const columnName = z.string().superRefine((name, ctx) => {
  const problem = columnNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const columnSchema = z.object({ name: columnName, type: z.enum(COLUMN_TYPES), required: z.boolean().default(false) });
const reportSchema = z.object({ manager: columnName, startedAt: columnName, duration: columnName, direction: columnName.optional(), phone: columnName.optional() });
const tableName = z.string().regex(TABLE_NAME, 'a table name is 2–63 lower-case letters, digits or _, starting with a letter (flows read it as $tables.<name>)');

const createSchema = z.object({
  name: tableName,
  description: z.string().max(2000).optional(),
  // The store names the configured column limit; this only bounds the request.
  columns: z.array(columnSchema).min(1).max(1000),
  key: z.array(columnName).max(5).default([]),
  indexed: z.array(columnName).max(10).default([]),
  report: reportSchema.nullable().optional(),
});

const updateSchema = z.object({
  name: tableName.optional(),
  description: z.string().max(2000).optional(),
  addColumns: z.array(columnSchema).max(1000).optional(),
  renameColumns: z.array(z.object({ from: columnName, to: columnName })).max(100).optional(),
  required: z.array(z.object({ column: columnName, required: z.boolean() })).max(100).optional(),
  key: z.array(columnName).max(5).optional(),
  indexed: z.array(columnName).max(10).optional(),
  report: reportSchema.nullable().optional(),
});

const MODES = ['insert', 'upsert', 'skip'] as const;
const writeSchema = z.object({ rows: z.array(z.unknown()).min(1).max(1000), mode: z.enum(MODES).optional() });
const deleteSchema = z.object({ ids: z.array(z.string().max(40)).min(1).max(1000) });
const listSchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z.string().max(40).optional(),
});
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is HH:mm');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is yyyy-MM-dd').refine((d) => DateTime.fromISO(d, { zone: 'utc' }).isValid, 'not a calendar date');
const reportQuerySchema = z.object({
  from: localDate,
  to: localDate,
  calendar: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, 'a calendar id').optional(),
  timezone: z.string().max(64).refine(isTimeZone, 'unknown IANA time zone').optional(),
  dayStart: time.default('09:00'),
  dayEnd: time.default('18:00'),
  gapMinutes: z.coerce.number().int().min(1).max(24 * 60).default(60),
  manager: columnName.optional(),
  startedAt: columnName.optional(),
  duration: columnName.optional(),
  direction: columnName.optional(),
  phone: columnName.optional(),
}).refine((q) => q.from <= q.to, { message: "'from' is after 'to'", path: ['to'] })
  .refine((q) => q.dayStart < q.dayEnd, { message: 'the working day ends before it starts', path: ['dayEnd'] })
  .refine((q) => DateTime.fromISO(q.to).diff(DateTime.fromISO(q.from), 'days').days <= 366, { message: 'a report covers a year at most', path: ['to'] });

/** Most CSV problems a failed import lists; the first is in the message. */
const MAX_CSV_ERRORS = 50;

/**
 * Data tables: typed rows flows write (`core.tableUpsert`) and read (`core.tableQuery`, `$tables`).
 * Admins and analysts shape and fill them, admins delete them, everyone reads them.
 * A table is addressed by its id or by its name.
 */
@ApiTags('tables')
@Controller('api/tables')
export class TablesController {
  constructor(private readonly tables: TableStore, private readonly calendars: CalendarStore, private readonly audit: AuditService, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  @ZodResponse(z.array(tableAnswer))
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'List data tables with their columns, unique key, row count and limits' })
  list() {
    return this.tables.list();
  }

  @Post()
  @ZodResponse(tableAnswer, { status: 201 })
  @ZodBody(createSchema)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Create a table: name, typed columns (text, number, boolean, date, datetime, json; required), optional unique key and indexed columns' })
  async create(@CurrentPrincipal() actor: Principal, @Body() body: unknown) {
    const input = parseInput(createSchema, body);
    const created = await answer(() => this.tables.create(input));
    await this.audit.record(actor, 'table.created', { type: 'table', id: created.id }, { name: created.name });
    return created;
  }

  @Get(':id')
  @ZodResponse(tableAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'One table (by id or name)' })
  get(@Param('id') id: string) {
    return answer(() => this.tables.get(id));
  }

  @Patch(':id')
  @ZodResponse(tableAnswer)
  @ZodBody(updateSchema)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Change a table: rename it, add or rename columns, make columns required, change the key (when the rows allow it), indexed columns, saved report' })
  async update(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    const input = parseInput(updateSchema, body);
    const updated = await answer(() => this.tables.update(id, input));
    await this.audit.record(actor, 'table.updated', { type: 'table', id: updated.id }, { name: updated.name, changed: Object.keys(input) });
    return updated;
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Delete a table and its rows' })
  async remove(@CurrentPrincipal() actor: Principal, @Param('id') id: string) {
    const removed = await answer(() => this.tables.remove(id));
    await this.audit.record(actor, 'table.deleted', { type: 'table', id: removed.id }, { name: removed.name, rows: removed.rowCount });
  }

  @Get(':id/rows')
  @ZodResponse(rowPageAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Rows in insertion order, a page at a time (limit ≤ 1000, after=<last id>); filters: where.<column>=value, from.<column>=min (inclusive), to.<column>=max (exclusive) for number, date, datetime' })
  rows(@Param('id') id: string, @Query() query: Record<string, unknown>) {
    const { filters, rest } = splitFilters(query);
    const { limit, after } = parseInput(listSchema, rest, 'query');
    return answer(async () => {
      const page = await this.tables.rows(id, { filters, after, limit });
      return { ...page, total: await this.tables.count(id, filters) };
    });
  }

  @Post(':id/rows')
  @ZodResponse(writeAnswer)
  @ZodBody(writeSchema)
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Write rows (1000 at most): insert (a row whose key exists is refused), upsert by the unique key (given cells replace stored ones) or skip; all or nothing' })
  async write(@Param('id') id: string, @Body() body: unknown) {
    const { rows, mode } = parseInput(writeSchema, body);
    return answer(() => this.tables.write(id, rows, mode ?? 'insert'));
  }

  @Patch(':id/rows/:rowId')
  @ZodResponse(rowAnswer)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Change cells of one row (null or "" clears an optional cell)' })
  updateRow(@Param('id') id: string, @Param('rowId') rowId: string, @Body() body: unknown) {
    const { data } = parseInput(z.object({ data: z.record(z.string(), z.unknown()) }), body);
    return answer(() => this.tables.updateRow(id, rowId, data));
  }

  @Delete(':id/rows/:rowId')
  @HttpCode(204)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Delete one row' })
  async deleteRow(@Param('id') id: string, @Param('rowId') rowId: string) {
    const deleted = await answer(() => this.tables.deleteRows(id, [rowId]));
    if (!deleted) throw new NotFoundError('Row', rowId.slice(0, 40));
  }

  @Post(':id/rows/delete')
  @ZodResponse(z.object({ deleted: z.number().int() }))
  @ZodBody(deleteSchema)
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Delete rows by id (1000 at most); answers how many were deleted' })
  async deleteRows(@Param('id') id: string, @Body() body: unknown) {
    const { ids } = parseInput(deleteSchema, body);
    return { deleted: await answer(() => this.tables.deleteRows(id, ids)) };
  }

  @Post(':id/import')
  @ZodResponse(importAnswer)
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'Import CSV (text/csv body, or JSON { csv, mode }): a header row of column names, every cell checked by its column type; errors name the line and column; all or nothing' })
  async import(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown, @Query() query: unknown) {
    const input = typeof body === 'string'
      ? { csv: body, ...parseInput(z.object({ mode: z.enum(MODES).optional() }), query, 'query') }
      : parseInput(z.object({ csv: z.string().min(1), mode: z.enum(MODES).optional() }), body);
    const table = await answer(() => this.tables.get(id));
    const rows = csvRows(table, input.csv);
    const mode = input.mode ?? (table.key.length ? 'upsert' : 'insert');
    const result = await answer(() => this.tables.write(table.id, rows, mode, { where: 'csv' }), (message) => message.replace(/'csv\.(\d+)/g, (_, i: string) => `'line ${Number(i) + 2}`));
    await this.audit.record(actor, 'table.imported', { type: 'table', id: table.id }, { name: table.name, rows: rows.length, inserted: result.inserted, updated: result.updated });
    return { rows: rows.length, inserted: result.inserted, updated: result.updated, skipped: result.skipped };
  }

  @Get(':id/export')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The rows as CSV (header of column names), streamed; the same filters as the row list' })
  async export(@Param('id') id: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const table = await answer(() => this.tables.get(id));
    const { filters } = splitFilters(query);
    // Filters are checked before the first byte: a bad one still answers 400.
    await answer(() => this.tables.count(table.id, filters));
    const names = table.columns.map((c) => c.name);
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${table.name}.csv"`);
    const csv = stringify({ header: true, columns: names, cast: { boolean: (v) => (v ? 'true' : 'false') } });
    csv.pipe(res);
    try {
      for await (const batch of this.tables.scan(table.id, filters)) {
        for (const row of batch) {
          const line = names.map((name) => cellText(Object.hasOwn(row.data, name) ? row.data[name] : null));
          if (!csv.write(line)) await new Promise((resolve) => csv.once('drain', resolve));
        }
      }
    } finally {
      csv.end();
    }
  }

  @Get(':id/report')
  @ZodResponse(callReportAnswer)
  @ZodQuery(reportQuerySchema)
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'Call-centre report over a table of call records: calls and minutes per manager, calls per hour of the working day on a calendar, idle gaps',
    description: 'Query: from, to (local dates, inclusive), calendar (default: the workspace calendar), timezone (default: the calendar’s), dayStart/dayEnd (HH:mm, default 09:00–18:00), '
      + 'gapMinutes (default 60); column names manager, startedAt (datetime), duration (number, seconds), direction (text: in/out), phone — each defaults to the table’s saved report definition.',
  })
  async report(@Param('id') id: string, @Query() query: unknown) {
    const q = parseInput(reportQuerySchema, query, 'query');
    const table = await answer(() => this.tables.get(id));
    const columns = reportColumns(table, q);
    const calendarId = q.calendar ?? this.defaultCalendar();
    let calendar;
    try {
      calendar = await this.calendars.get(calendarId);
    } catch (error) {
      if (error instanceof ConfigError) throw new BadRequestError(`Invalid query: 'calendar' '${calendarId}' is not a calendar`, { field: 'calendar' });
      throw error;
    }
    const info = await this.calendars.info(calendarId);
    const timezone = q.timezone ?? info?.timezone ?? this.config.calendars.defaultTimezone;
    const from = DateTime.fromISO(q.from, { zone: timezone }).startOf('day');
    const to = DateTime.fromISO(q.to, { zone: timezone }).plus({ days: 1 }).startOf('day');
    const filters = new Map<string, ColumnFilter>([[columns.startedAt, { from: from.toUTC().toISO(), to: to.toUTC().toISO() }]]);
    const records: CallRecord[] = [];
    for await (const batch of this.tables.scan(table.id, filters)) {
      for (const row of batch) {
        const cell = (name: string | undefined) => (name && Object.hasOwn(row.data, name) ? row.data[name] : undefined);
        const started = cell(columns.startedAt);
        if (typeof started !== 'string') continue;
        const seconds = Number(cell(columns.duration) ?? 0);
        records.push({ manager: String(cell(columns.manager) ?? '—'), startedAt: started, seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 0, direction: direction(cell(columns.direction)) });
      }
    }
    const report = callReport(records, { from: q.from, to: q.to, timezone, calendar, dayStart: q.dayStart, dayEnd: q.dayEnd, gapMinutes: q.gapMinutes });
    return { table: { id: table.id, name: table.name }, columns, ...report };
  }

  private defaultCalendar(): string {
    return this.config.calendars.defaultCalendar;
  }
}

/** `where.<column>`, `from.<column>`, `to.<column>` query keys as filters; the rest as they are. */
function splitFilters(query: Record<string, unknown>): { filters: Map<string, ColumnFilter>; rest: Record<string, unknown> } {
  const filters = new Map<string, ColumnFilter>();
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    const match = /^(where|from|to)\.(.+)$/.exec(key);
    if (!match) {
      rest[key] = value;
      continue;
    }
    if (typeof value !== 'string') throw new BadRequestError(`Invalid query: '${key}' is given more than once`, { field: key });
    const [, kind, column] = match;
    const filter = filters.get(column) ?? {};
    if (kind === 'where') filter.eq = value;
    else filter[kind as 'from' | 'to'] = value;
    filters.set(column, filter);
  }
  return { filters, rest };
}

function reportColumns(table: TableInfo, q: z.infer<typeof reportQuerySchema>): CallColumns {
  const saved = table.report ?? {};
  const pick = (name: keyof CallColumns): string | undefined => q[name] ?? (Object.hasOwn(saved, name) && typeof saved[name] === 'string' ? saved[name] as string : undefined);
  const expect = (name: keyof CallColumns, types: Column['type'][], required: boolean): string | undefined => {
    const column = pick(name);
    if (!column) {
      if (required) throw new BadRequestError(`Invalid query: '${name}' names the column of the ${name}; the table has no saved report that says`, { field: name });
      return undefined;
    }
    const found = table.columns.find((c) => c.name === column);
    if (!found) throw new BadRequestError(`Invalid query: '${name}' '${column}' is not a column of this table`, { field: name });
    if (!types.includes(found.type)) throw new BadRequestError(`Invalid query: '${name}' '${column}' is a ${found.type} column, expected ${types.join(' or ')}`, { field: name });
    return column;
  };
  return {
    manager: expect('manager', ['text', 'number'], true)!,
    startedAt: expect('startedAt', ['datetime'], true)!,
    duration: expect('duration', ['number'], true)!,
    direction: expect('direction', ['text'], false),
    phone: expect('phone', ['text'], false),
  };
}

/** CSV rows as objects of column → text, every cell checked first so all problems are told at once. */
function csvRows(table: TableInfo, text: string): Record<string, unknown>[] {
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, skip_empty_lines: true, relax_column_count: false, max_record_size: 1024 * 1024 }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw new BadRequestError(`Invalid CSV at line ${(error as CsvError & { lines?: number }).lines ?? '?'}: ${error.message}`, { field: 'csv' });
    throw error;
  }
  if (!records.length) throw new BadRequestError(`Invalid CSV: there is no header row`, { field: 'csv' });
  const [header, ...body] = records;
  const columns = new Map(table.columns.map((c) => [c.name, c]));
  const seen = new Set<string>();
  for (const name of header) {
    if (!columns.has(name.trim())) throw new BadRequestError(`Invalid CSV: header '${name.slice(0, 63)}' is not a column of table '${table.name}' (columns: ${table.columns.map((c) => c.name).join(', ')})`, { field: 'csv', column: name.slice(0, 63), line: 1 });
    if (seen.has(name.trim())) throw new BadRequestError(`Invalid CSV: header '${name}' appears twice`, { field: 'csv', column: name, line: 1 });
    seen.add(name.trim());
  }
  const names = header.map((h) => h.trim());
  const missing = table.columns.find((c) => (c.required || table.key.includes(c.name)) && !seen.has(c.name));
  if (missing) throw new BadRequestError(`Invalid CSV: required column '${missing.name}' is not in the header`, { field: 'csv', column: missing.name, line: 1 });
  const errors: { line: number; row: number; column: string; message: string }[] = [];
  const rows = body.map((cells, i) => {
    const row: Record<string, unknown> = {};
    for (const [j, name] of names.entries()) {
      const column = columns.get(name)!;
      const raw = cells[j] ?? '';
      const value = column.type === 'json' && raw !== '' ? parseJsonCell(raw) : raw;
      const coerced = value === undefined ? { problem: 'is not valid JSON' } : coerceCell(column, value);
      if ('problem' in coerced) {
        if (errors.length < MAX_CSV_ERRORS) errors.push({ line: i + 2, row: i + 1, column: name, message: `${name} ${coerced.problem}` });
      } else if (coerced.value !== null) {
        row[name] = coerced.value;
      } else if (column.required || table.key.includes(name)) {
        if (errors.length < MAX_CSV_ERRORS) errors.push({ line: i + 2, row: i + 1, column: name, message: `${name} is required` });
      }
    }
    return row;
  });
  if (errors.length) {
    const first = errors[0];
    throw new BadRequestError(`Invalid CSV: line ${first.line}, column '${first.column}': ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}; nothing was imported`, { field: 'csv', errors });
  }
  if (!rows.length) throw new BadRequestError(`Invalid CSV: there are no rows under the header`, { field: 'csv' });
  return rows;
}

function parseJsonCell(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Store refusals as API answers: 404, 400 naming the field, 409 for a clash, 400 naming a limit. */
async function answer<T>(work: () => Promise<T>, reword: (message: string) => string = (m) => m): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof TableError)) throw error;
    const message = reword(error.message);
    switch (error.kind) {
      case 'not_found': throw new ApiError(HttpStatus.NOT_FOUND, 'not_found', message, { field: error.field });
      case 'bad_input': throw new BadRequestError(message, { field: error.field, ...error.details });
      case 'conflict': throw new ApiError(HttpStatus.CONFLICT, 'conflict', message, { field: error.field, ...error.details });
      case 'limit': throw new ApiError(HttpStatus.BAD_REQUEST, 'limit_exceeded', message, { field: error.field, ...error.details });
    }
  }
}
