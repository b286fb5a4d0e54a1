import { defineNode, f, InputError, type TableFilter } from '../sdk';

const tableParam = () => f.key({
  label: 'Table',
  required: true,
  placeholder: 'call_records',
  description: 'The data table’s name (Tables in the menu); expressions read its rows as {{ $tables.<name>[\'key\'] }}',
});

/**
 * Writes one row into a data table. A retried step never writes twice: the engine ties the row it
 * inserted to the step's idempotency key and hands it back on the retry.
 */
export const tableUpsertNode = defineNode({
  type: 'core.tableUpsert',
  kind: 'action',
  title: 'Write to table',
  category: 'Data',
  description:
    'Writes one row into a data table, e.g. a call record or a deal seen from a webhook. With the table’s unique key: "Insert or update" merges the given cells into the row with the same key, '
    + '"Skip if the key exists" leaves that row alone, "Insert" fails when it exists. A retried step never inserts twice.',
  params: {
    table: tableParam(),
    fields: f.keyValue({ label: 'Row', required: true, description: 'Column → value, e.g. callId → {{ $trigger.body.call_id }}; values are checked by the column types' }),
    mode: f.select({
      label: 'When the key exists',
      default: 'upsert',
      options: [{ value: 'upsert', label: 'Insert or update' }, { value: 'skip', label: 'Skip if the key exists' }, { value: 'insert', label: 'Insert (fail if the key exists)' }],
    }),
  },
  sampleOutput: { action: 'inserted', id: '1042', row: { callId: 'c-1', manager: 'ivanov', startedAt: '2026-03-02T06:15:00.000Z', durationSec: 184 } },
  async run(ctx, params) {
    const written = await ctx.tables.write(params.table, params.fields, { mode: params.mode ?? 'upsert', idempotencyKey: ctx.idempotencyKey });
    return { action: written.action, id: written.row.id, row: written.row.data };
  },
});

export const tableQueryNode = defineNode({
  type: 'core.tableQuery',
  kind: 'action',
  title: 'Query table',
  category: 'Data',
  description: 'Reads rows of a data table that match filters (a value, or a range for numbers and dates), sorted, 1000 at most. Its output is { rows, count, total }: count is the rows returned, total all that match.',
  sideEffects: false,
  params: {
    table: tableParam(),
    filters: f.json({
      label: 'Filters',
      description: 'Column → value, or → { "from": …, "to": … } (from inclusive, to exclusive), e.g. { "manager": "ivanov", "startedAt": { "from": "{{ $now }}" } }',
    }),
    sortBy: f.text({ label: 'Sort by column' }),
    sortDirection: f.select({ label: 'Order', default: 'asc', options: [{ value: 'asc', label: 'Ascending' }, { value: 'desc', label: 'Descending' }] }),
    limit: f.number({ label: 'At most', integer: true, min: 1, max: 1000, default: 100 }),
  },
  sampleOutput: { rows: [{ callId: 'c-1', manager: 'ivanov', durationSec: 184 }], count: 1, total: 1 },
  async run(ctx, params) {
    const filters = parseFilters(params.filters);
    const sort = params.sortBy ? { column: params.sortBy, direction: params.sortDirection ?? 'asc' } : undefined;
    const { rows, total } = await ctx.tables.query(params.table, { filters, sort, limit: params.limit ?? 100 });
    return { rows, count: rows.length, total };
  },
});

/** Filters as a Map: column names come from the flow, so `constructor` is a column, never a method. */
export function parseFilters(value: unknown): Map<string, TableFilter> {
  const filters = new Map<string, TableFilter>();
  if (value === undefined || value === null || value === '') return filters;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InputError(`Param 'filters' must be an object of column → value or { from, to }`, { field: 'filters' });
  for (const column of Object.keys(value)) {
    const filter = (value as Record<string, unknown>)[column];
    if (filter !== null && typeof filter === 'object' && !Array.isArray(filter)) {
      const known = ['eq', 'from', 'to'];
      const extra = Object.keys(filter).find((k) => !known.includes(k));
      if (extra !== undefined) throw new InputError(`Param 'filters.${column}.${extra}': a filter has eq, from or to`, { field: `filters.${column}` });
      const own = (k: string) => (Object.hasOwn(filter, k) ? (filter as Record<string, unknown>)[k] : undefined);
      filters.set(column, { eq: own('eq'), from: own('from'), to: own('to') });
    } else if (Array.isArray(filter)) {
      throw new InputError(`Param 'filters.${column}': a list is not a filter; use a value or { from, to }`, { field: `filters.${column}` });
    } else {
      filters.set(column, { eq: filter });
    }
  }
  return filters;
}
