import { DataSource } from 'typeorm';
import { runNode } from '@flowbridge/nodes/sdk';
import { tableQueryNode, tableUpsertNode } from '@flowbridge/nodes/core/tables';
import { TableStore } from '../../server/src/engine/tables/table-store';
import { nodeTables } from '../../server/src/engine/tables/node-tables';
import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Step = { nodeId: string; status: string; output: Record<string, unknown> | null; error: { message: string } | null };
type Run = { id: string; status: string; error: { message: string; nodeId: string } | null; steps: Step[] };
const output = (run: Run, nodeId: string) => run.steps.filter((s) => s.nodeId === nodeId).at(-1)?.output;

describe('core.tableUpsert and core.tableQuery', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    await app.http().post('/api/tables').send({
      name: 'managers',
      columns: [{ name: 'login', type: 'text', required: true }, { name: 'email', type: 'text' }, { name: 'constructor', type: 'text' }],
      key: ['login'],
    }).expect(201);
    await app.http().post('/api/tables/managers/rows').send({ rows: [{ login: 'ivanov', email: 'ivanov@example.com' }, { login: 'constructor', email: 'c@example.com', constructor: 'yes' }] as object[] }).expect(200);
    await app.http().post('/api/tables').send({ name: 'log', columns: [{ name: 'deal', type: 'number', required: true }, { name: 'note', type: 'text' }] }).expect(201);
    await app.http().post('/api/tables').send({
      name: 'calls',
      columns: [{ name: 'callId', type: 'text', required: true }, { name: 'manager', type: 'text' }, { name: 'seconds', type: 'number' }, { name: 'at', type: 'datetime' }],
      key: ['callId'],
    }).expect(201);
  });
  afterAll(async () => {
    await app.close();
  });

  const start = async (flowId: string, payload: unknown): Promise<Run> => {
    const { runId } = (await app.http().post(`/api/flows/${flowId}/run`).send({ payload }).expect(202)).body;
    return waitForRun(app, runId);
  };
  const rowsOf = async (table: string) => ((await app.http().get(`/api/tables/${table}/rows`).expect(200)).body.rows as { data: Record<string, unknown> }[]).map((r) => r.data);

  it('a retried step never inserts twice, with or without a key', async () => {
    const tables = nodeTables(app.app.get(TableStore));
    const attempt = (n: number, table: string, fields: object, mode = 'insert') =>
      runNode(tableUpsertNode, { table, fields, mode }, { tables, attempt: n, idempotencyKey: 'run-1:save:0' });
    const first = await attempt(1, 'log', { deal: 7, note: 'won' });
    // The first attempt's answer was lost (worker died before storing it): the step runs again.
    const retried = await attempt(2, 'log', { deal: 7, note: 'won' });
    expect(retried.output).toEqual(first.output);
    expect(await rowsOf('log')).toEqual([{ deal: 7, note: 'won' }]);

    const keyedFirst = await runNode(tableUpsertNode, { table: 'calls', fields: { callId: 'r1', seconds: 30 }, mode: 'insert' }, { tables, idempotencyKey: 'run-2:save:0' });
    // Insert would refuse an existing key, but this row is the step's own.
    const keyedRetry = await runNode(tableUpsertNode, { table: 'calls', fields: { callId: 'r1', seconds: 30 }, mode: 'insert' }, { tables, attempt: 2, idempotencyKey: 'run-2:save:0' });
    expect(keyedRetry.output).toEqual(keyedFirst.output);
    expect(keyedFirst.output).toMatchObject({ action: 'inserted', row: { callId: 'r1', seconds: 30 } });
    // Another step inserting the same key is refused, naming it.
    await expect(runNode(tableUpsertNode, { table: 'calls', fields: { callId: 'r1' }, mode: 'insert' }, { tables, idempotencyKey: 'run-3:save:0' })).rejects.toThrow(/callId = "r1" exists already/);
  });

  it('upserts by key in a published flow, keeps the step idempotency key with the row, and queries with filters and sort', async () => {
    const flowId = await publishFlow(app, 'Calls', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'save', type: 'core.tableUpsert', params: { table: 'calls', mode: 'upsert', fields: { callId: '{{ $trigger.id }}', manager: '{{ $trigger.manager }}', seconds: '{{ $trigger.seconds }}', at: '{{ $trigger.at }}' } } },
        { id: 'find', type: 'core.tableQuery', params: { table: 'calls', filters: { manager: '{{ $trigger.manager }}', seconds: { from: 10 } }, sortBy: 'seconds', sortDirection: 'desc', limit: 2 } },
      ],
      edges: [{ from: 'start', to: 'save' }, { from: 'save', to: 'find' }],
    });
    const first = await start(flowId, { id: 'q1', manager: 'petrova', seconds: 40, at: '2026-03-02T10:00:00+03:00' });
    expect(first.status).toBe('succeeded');
    expect(output(first, 'save')).toMatchObject({ action: 'inserted', row: { callId: 'q1', manager: 'petrova', seconds: 40, at: '2026-03-02T07:00:00.000Z' } });
    await start(flowId, { id: 'q2', manager: 'petrova', seconds: 5 });
    await start(flowId, { id: 'q3', manager: 'petrova', seconds: 90 });
    const again = await start(flowId, { id: 'q1', manager: 'petrova', seconds: 45 });
    expect(output(again, 'save')).toMatchObject({ action: 'updated', row: { callId: 'q1', seconds: 45 } });
    expect(output(again, 'find')).toEqual({
      rows: [{ callId: 'q3', manager: 'petrova', seconds: 90 }, { callId: 'q1', manager: 'petrova', seconds: 45, at: '2026-03-02T07:00:00.000Z' }],
      count: 2,
      total: 2,
    });
    expect((await rowsOf('calls')).filter((r) => String(r.callId).startsWith('q'))).toHaveLength(3);
    const db = new DataSource({ type: 'postgres', url: app.db.url });
    await db.initialize();
    try {
      const [row] = await db.query(`select source_key from data_table_rows where data->>'callId' = 'q1'`);
      expect(row.source_key).toBe(`${first.id}:save:0`);
    } finally {
      await db.destroy();
    }
  });

  it('fails the step naming the column when a value does not fit its type, and the table when it is unknown', async () => {
    const flowId = await publishFlow(app, 'Bad rows', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'save', type: 'core.tableUpsert', params: { table: '{{ $trigger.table }}', fields: { deal: '{{ $trigger.deal }}' } } },
      ],
      edges: [{ from: 'start', to: 'save' }],
    });
    const wrongType = await start(flowId, { table: 'log', deal: 'seven' });
    expect(wrongType.status).toBe('failed');
    expect(wrongType.error!.message).toContain("'fields.deal' expects a number");
    const unknown = await start(flowId, { table: 'nope', deal: 1 });
    expect(unknown.error!.message).toContain("Table 'nope' not found");
  });

  it('puts the tables an expression names in scope as lookups by key, once per step', async () => {
    const flowId = await publishFlow(app, 'Lookup', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        {
          id: 'who',
          type: 'core.map',
          params: {
            fields: {
              email: "{{ $tables.managers['ivanov'].email }}",
              viaDynamic: '{{ $tables.managers[$trigger.login].email }}',
              missing: "{{ $tables.managers['nobody'] === undefined }}",
              proto: "{{ $tables.managers['constructor'].constructor }}",
              count: '{{ Object.keys($tables.managers).length }}',
            },
          },
        },
      ],
      edges: [{ from: 'start', to: 'who' }],
    });
    const run = await start(flowId, { login: 'ivanov' });
    expect(run.status).toBe('succeeded');
    expect(output(run, 'who')).toEqual({ email: 'ivanov@example.com', viaDynamic: 'ivanov@example.com', missing: true, proto: 'yes', count: 2 });

    const unknownFlow = await publishFlow(app, 'Lookup unknown', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'who', type: 'core.map', params: { fields: { x: '{{ $tables.nobody.x }}' } } }],
      edges: [{ from: 'start', to: 'who' }],
    });
    const failed = await start(unknownFlow, {});
    expect(failed.status).toBe('failed');
    expect(failed.error!.message).toContain("$tables.nobody: Table 'nobody' not found");
  });

  it('refuses a lookup of a table too large to hold in a step, naming the table', async () => {
    await app.http().post('/api/tables').send({ name: 'big', columns: [{ name: 'n', type: 'number', required: true }], key: ['n'] }).expect(201);
    for (let start = 0; start < 1001; start += 1000) {
      await app.http().post('/api/tables/big/rows').send({ rows: Array.from({ length: Math.min(1000, 1001 - start) }, (_, i) => ({ n: start + i })) }).expect(200);
    }
    const flowId = await publishFlow(app, 'Big lookup', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'read', type: 'core.map', params: { fields: { x: "{{ $tables.big['1'].n }}" } } }],
      edges: [{ from: 'start', to: 'read' }],
    });
    const run = await start(flowId, {});
    expect(run.status).toBe('failed');
    expect(run.error!.message).toMatch(/Table 'big' is too large for a \$tables lookup \(1001 rows; at most 1000 rows and 256 KB\)/);
  });

  it('checks its filters before reading: lists and unknown filter keys name the param', async () => {
    const tables = nodeTables(app.app.get(TableStore));
    await expect(runNode(tableQueryNode, { table: 'calls', filters: { manager: ['a'] } }, { tables })).rejects.toThrow("Param 'filters.manager': a list is not a filter");
    await expect(runNode(tableQueryNode, { table: 'calls', filters: { seconds: { above: 3 } } }, { tables })).rejects.toThrow("Param 'filters.seconds.above'");
    await expect(runNode(tableQueryNode, { table: 'calls', limit: 5000 }, { tables })).rejects.toThrow(/limit/);
  });
});
