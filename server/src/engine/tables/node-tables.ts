import { ConfigError, dictionary, InputError, type DataTables } from '@flowbridge/nodes/sdk';
import { TableError } from './table-values';
import type { TableStore } from './table-store';

/** Step failures a flow author can act on: a missing table is configuration, a refused row is input. */
function nodeError(error: unknown): unknown {
  if (!(error instanceof TableError)) return error;
  if (error.kind === 'not_found') return new ConfigError(error.message, { field: 'table' });
  return new InputError(error.message, { field: error.field, details: error.details });
}

async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw nodeError(error);
  }
}

/** What `ctx.tables` is in a running step. */
export function nodeTables(store: TableStore): DataTables {
  return {
    write: (table, row, options) => translated(async () => {
      const result = await store.write(table, [row], options.mode, { sourceKey: options.idempotencyKey, where: 'fields' });
      const [first] = result.rows;
      return { action: first.action, row: { id: first.row.id, data: first.row.data } };
    }),
    query: (table, query) => translated(async () => {
      const page = await store.rows(table, { filters: query.filters, sort: query.sort, limit: query.limit });
      return { rows: page.rows.map((r) => r.data), total: await store.count(table, query.filters) };
    }),
  };
}

const MENTION = /\$tables\s*(?:\?\.|\.)\s*([A-Za-z_][A-Za-z0-9_]*)|\$tables\s*(?:\?\.)?\[\s*(['"`])([^'"`]*)\2\s*\]/g;

/** Per params object of a pinned graph (kept for the version's life): each step after the first skips the walk. */
const mentioned = new WeakMap<object, Set<string>>();

/** The table names a node's params read through `$tables.<name>` or `$tables['name']`. */
export function mentionedTables(params: unknown): Set<string> {
  if (params === null || typeof params !== 'object') return new Set();
  let names = mentioned.get(params);
  if (!names) {
    names = findMentions(params);
    mentioned.set(params, names);
  }
  return names;
}

function findMentions(params: object): Set<string> {
  const names = new Set<string>();
  const stack: unknown[] = [params];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (!value.includes('$tables')) continue;
      for (const match of value.matchAll(MENTION)) names.add(match[1] ?? match[3]);
    } else if (value !== null && typeof value === 'object') {
      stack.push(...Object.values(value));
    }
  }
  return names;
}

/**
 * `$tables` for one step: each table its expressions name, read once, keyed by the unique key.
 * Nothing is read for a node that names none, so other steps pay nothing.
 */
export async function tableLookups(store: TableStore, params: unknown): Promise<Record<string, unknown> | undefined> {
  const names = mentionedTables(params);
  if (!names.size) return undefined;
  const tables = dictionary<unknown>();
  for (const name of names) {
    try {
      tables[name] = await store.lookup(name);
    } catch (error) {
      if (error instanceof TableError) throw new ConfigError(`$tables.${name}: ${error.message}`, { field: 'table' });
      throw error;
    }
  }
  return tables;
}
