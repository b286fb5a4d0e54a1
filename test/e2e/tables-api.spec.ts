import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/test-app';

const CALLS = {
  name: 'calls',
  columns: [
    { name: 'callId', type: 'text', required: true },
    { name: 'manager', type: 'text', required: true },
    { name: 'startedAt', type: 'datetime' },
    { name: 'durationSec', type: 'number' },
    { name: 'answered', type: 'boolean' },
    { name: 'day', type: 'date' },
    { name: 'meta', type: 'json' },
  ],
  key: ['callId'],
  indexed: ['startedAt', 'durationSec'],
};

describe('data tables API', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false, config: { tables: { maxTables: 50, maxColumns: 10, maxRows: 25, maxRowBytes: 2048 } } });
  });
  afterAll(async () => {
    await app.close();
  });

  const create = async (body: object) => (await app.as('analyst').post('/api/tables').send(body).expect(201)).body as { id: string; name: string };

  it('stores typed cells, reads text the way people type it, and refuses wrong types naming the column', async () => {
    const table = await create({ ...CALLS, name: 'typed' });
    const written = await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({
      rows: [{ callId: 'c1', manager: 'ivanov', startedAt: '2026-03-02T09:15:00+03:00', durationSec: '12,5', answered: 'yes', day: '2026-03-02', meta: { line: 3 } }],
    }).expect(200);
    expect(written.body).toMatchObject({ inserted: 1, updated: 0 });
    expect(written.body.rows[0].row.data).toEqual({ callId: 'c1', manager: 'ivanov', startedAt: '2026-03-02T06:15:00.000Z', durationSec: 12.5, answered: true, day: '2026-03-02', meta: { line: 3 } });

    const bad = async (row: object, field: string) => {
      const res = await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows: [row] }).expect(400);
      expect(res.body.field).toBe(field);
      expect(res.body.message).toContain(field);
    };
    await bad({ callId: 'c2', manager: 'm', durationSec: 'twelve' }, 'rows.0.durationSec');
    await bad({ callId: 'c2', manager: 'm', startedAt: 'yesterday' }, 'rows.0.startedAt');
    await bad({ callId: 'c2', manager: 'm', day: '2026-02-30' }, 'rows.0.day');
    await bad({ callId: 'c2', manager: 'm', answered: 'maybe' }, 'rows.0.answered');
    await bad({ callId: 'c2' }, 'rows.0.manager');
    await bad({ callId: 'c2', manager: 'm', nope: 1 }, 'rows.0.nope');
    await bad({ callId: 'c2', manager: 'm', meta: deep(40) }, 'rows.0.meta');
    const after = await app.http().get(`/api/tables/${table.id}`).expect(200);
    expect(after.body.rowCount).toBe(1);
  });

  it('refuses malformed input with a 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{ ...CALLS, name: 'Calls' }, 'name'],
      [{ ...CALLS, name: 'has_nul', columns: [{ name: 'a\u0000b', type: 'text' }] }, 'body.columns.0.name'],
      [{ ...CALLS, name: 'dupe', columns: [{ name: 'a', type: 'text' }, { name: 'a', type: 'number' }], key: [], indexed: [] }, 'columns.1.name'],
      [{ ...CALLS, name: 'badkey', key: ['nope'] }, 'key.0'],
      [{ ...CALLS, name: 'badtype', columns: [{ name: 'a', type: 'money' }], key: [], indexed: [] }, 'columns.0.type'],
      [{ ...CALLS, name: 'jsonkey', columns: [{ name: 'a', type: 'json' }], key: ['a'], indexed: [] }, 'key.0'],
    ];
    for (const [body, field] of cases) {
      const res = await app.as('admin').post('/api/tables').send(body);
      expect({ status: res.status, field: res.body.field }).toEqual({ status: 400, field });
    }
    const surrogate = await app.as('admin').post('/api/tables').set('content-type', 'application/json').send(`{"name":"x_\\ud800","columns":[]}`);
    expect(surrogate.status).toBe(400);
    const proto = await app.as('admin').post('/api/tables').set('content-type', 'application/json').send('{"name":"proto","columns":[{"name":"__proto__","type":"text"}]}');
    expect(proto.status).toBe(400);
    expect(proto.body.message).toContain('__proto__');
    const huge = await app.as('analyst').post('/api/tables').send({ name: 'huge', columns: [{ name: 'note', type: 'text' }] }).expect(201);
    const tooBig = await app.as('analyst').post(`/api/tables/${huge.body.id}/rows`).send({ rows: [{ note: 'x'.repeat(5000) }] }).expect(400);
    expect(tooBig.body).toMatchObject({ error: 'limit_exceeded', limit: 'maxRowBytes', field: 'rows.0' });
    await app.http().get(`/api/tables/00000000-0000-4000-8000-00000000000g`).expect(404);
    await app.http().get(`/api/tables/${huge.body.id}/rows?after=1e5`).expect(400);
  });

  it('treats columns named like Object.prototype members as plain columns', async () => {
    const table = await create({ name: 'protoish', columns: [{ name: 'constructor', type: 'text', required: true }, { name: 'toString', type: 'number' }], key: ['constructor'] });
    await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows: [{ constructor: 'a', toString: 1 }] }).expect(200);
    await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows: [{ constructor: 'a', toString: 2 }], mode: 'upsert' }).expect(200);
    const rows = await app.http().get(`/api/tables/${table.id}/rows?where.constructor=a`).expect(200);
    expect(rows.body.rows.map((r: { data: object }) => r.data)).toEqual([{ constructor: 'a', toString: 2 }]);
    const missing = await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows: [{ toString: 3 }] }).expect(400);
    expect(missing.body.field).toBe('rows.0.constructor');
  });

  it('dedupes by the unique key: insert refuses, upsert merges, skip leaves the row', async () => {
    const table = await create({ ...CALLS, name: 'keyed' });
    const write = (rows: object[], mode?: string) => app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows, mode });
    await write([{ callId: 'k1', manager: 'ivanov', durationSec: 60 }]).expect(200);
    const clash = await write([{ callId: 'k2', manager: 'petrova' }, { callId: 'k1', manager: 'petrov' }], 'insert').expect(409);
    expect(clash.body.field).toBe('rows.1');
    expect(clash.body.message).toContain('callId = "k1"');
    // All or nothing: k2 of the refused write is not there.
    expect((await app.http().get(`/api/tables/${table.id}`)).body.rowCount).toBe(1);

    const upserted = await write([{ callId: 'k1', manager: 'ivanov', answered: true }, { callId: 'k2', manager: 'petrova' }], 'upsert').expect(200);
    expect(upserted.body).toMatchObject({ inserted: 1, updated: 1 });
    const skipped = await write([{ callId: 'k1', manager: 'nobody' }], 'skip').expect(200);
    expect(skipped.body).toMatchObject({ inserted: 0, updated: 0, skipped: 1 });
    const rows = await app.http().get(`/api/tables/${table.id}/rows?where.callId=k1`).expect(200);
    expect(rows.body.rows.map((r: { data: object }) => r.data)).toEqual([{ callId: 'k1', manager: 'ivanov', durationSec: 60, answered: true }]);
    const twice = await write([{ callId: 'k3', manager: 'a' }, { callId: 'k3', manager: 'b' }], 'upsert').expect(200);
    expect(twice.body).toMatchObject({ inserted: 1 });
    expect((await app.http().get(`/api/tables/${table.id}/rows?where.callId=k3`)).body.rows[0].data.manager).toBe('b');
  });

  it('changes the key only when the rows allow it, renames columns with their data, and adds columns', async () => {
    const table = await create({ name: 'rekey', columns: [{ name: 'email', type: 'text' }, { name: 'dept', type: 'text' }], key: [] });
    await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows: [{ email: 'a@x', dept: 'sales' }, { email: 'b@x', dept: 'sales' }] }).expect(200);
    const shared = await app.as('analyst').patch(`/api/tables/${table.id}`).send({ key: ['dept'] }).expect(409);
    expect(shared.body.field).toBe('key');
    const keyed = await app.as('analyst').patch(`/api/tables/${table.id}`).send({ key: ['email'] }).expect(200);
    expect(keyed.body.key).toEqual(['email']);
    await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows: [{ email: 'a@x', dept: 'ops' }], mode: 'insert' }).expect(409);
    const renamed = await app.as('admin').patch(`/api/tables/${table.id}`).send({ renameColumns: [{ from: 'email', to: 'mail' }], addColumns: [{ name: 'phone', type: 'text' }] }).expect(200);
    expect(renamed.body.key).toEqual(['mail']);
    expect(renamed.body.columns.map((c: { name: string }) => c.name)).toEqual(['mail', 'dept', 'phone']);
    const rows = await app.http().get(`/api/tables/${table.id}/rows`).expect(200);
    expect(rows.body.rows.map((r: { data: object }) => r.data)).toEqual([{ mail: 'a@x', dept: 'sales' }, { mail: 'b@x', dept: 'sales' }]);
    const requiredOnFull = await app.as('admin').patch(`/api/tables/${table.id}`).send({ addColumns: [{ name: 'x', type: 'text', required: true }] }).expect(400);
    expect(requiredOnFull.body.field).toBe('addColumns.0.required');
  });

  it('filters by value and by ranges, and pages by keyset', async () => {
    const table = await create({ ...CALLS, name: 'paged' });
    const rows = Array.from({ length: 12 }, (_, i) => ({ callId: `p${i}`, manager: i % 2 ? 'ivanov' : 'petrova', startedAt: `2026-03-02T${String(8 + i).padStart(2, '0')}:00:00Z`, durationSec: i * 10 }));
    await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows }).expect(200);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: { rows: { data: { callId: string } }[]; next: string | null; total: number } } = await app.http().get(`/api/tables/${table.id}/rows?limit=5${after ? `&after=${after}` : ''}`).expect(200);
      expect(page.body.total).toBe(12);
      seen.push(...page.body.rows.map((r) => r.data.callId));
      after = page.body.next;
    } while (after);
    expect(seen).toEqual(rows.map((r) => r.callId));
    const ids = async (query: string) => ((await app.http().get(`/api/tables/${table.id}/rows?${query}`).expect(200)).body.rows as { data: { callId: string } }[]).map((r) => r.data.callId);
    expect(await ids('where.manager=ivanov&from.durationSec=30&to.durationSec=80')).toEqual(['p3', 'p5', 'p7']);
    expect(await ids(`from.startedAt=${encodeURIComponent('2026-03-02T17:00:00+03:00')}&to.startedAt=${encodeURIComponent('2026-03-02T19:00:00Z')}`)).toEqual(['p6', 'p7', 'p8', 'p9', 'p10']);
    const wrongRange = await app.http().get(`/api/tables/${table.id}/rows?from.manager=a`).expect(400);
    expect(wrongRange.body.field).toBe('filters.manager.from');
    const badBound = await app.http().get(`/api/tables/${table.id}/rows?from.durationSec=ten`).expect(400);
    expect(badBound.body.field).toBe('filters.durationSec.from');
    await app.http().get(`/api/tables/${table.id}/rows?where.nope=1`).expect(400);

    // Indexed columns get an expression index of their own, which leaves with the table.
    const db = new DataSource({ type: 'postgres', url: app.db.url });
    await db.initialize();
    try {
      const indexes = async () => (await db.query(`select indexdef from pg_indexes where tablename = 'data_table_rows' and indexname like $1`, [`dtr_${table.id.replace(/-/g, '')}_%`])).map((r: { indexdef: string }) => r.indexdef);
      const defs = await indexes();
      expect(defs).toHaveLength(2);
      expect(defs.join('\n')).toContain(`(((data ->> 'durationSec'::text))::numeric)`);
      await app.as('admin').delete(`/api/tables/${table.id}`).expect(204);
      expect(await indexes()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('edits one row: cells change, an optional cell clears, and a key taken by another row is refused', async () => {
    const table = await create({ ...CALLS, name: 'edited' });
    const written = await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows: [{ callId: 'e1', manager: 'a', durationSec: 5 }, { callId: 'e2', manager: 'b' }] }).expect(200);
    const [first] = written.body.rows.map((r: { row: { id: string } }) => r.row.id);
    const edited = await app.as('analyst').patch(`/api/tables/${table.id}/rows/${first}`).send({ data: { manager: 'c', durationSec: null, answered: 'true' } }).expect(200);
    expect(edited.body.data).toEqual({ callId: 'e1', manager: 'c', answered: true });
    const clash = await app.as('analyst').patch(`/api/tables/${table.id}/rows/${first}`).send({ data: { callId: 'e2' } }).expect(409);
    expect(clash.body.message).toContain('callId = "e2"');
    const cleared = await app.as('analyst').patch(`/api/tables/${table.id}/rows/${first}`).send({ data: { manager: '' } }).expect(400);
    expect(cleared.body.field).toBe('data.manager');
    await app.as('analyst').patch(`/api/tables/${table.id}/rows/99999999999999999999`).send({ data: {} }).expect(404);
  });

  it('keeps the rows limit: a write past it is refused whole, naming the limit', async () => {
    const table = await create({ name: 'limited', columns: [{ name: 'n', type: 'number' }] });
    await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows: Array.from({ length: 20 }, (_, n) => ({ n })) }).expect(200);
    const over = await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows: Array.from({ length: 6 }, (_, n) => ({ n })) }).expect(400);
    expect(over.body).toMatchObject({ error: 'limit_exceeded', limit: 'maxRows', max: 25 });
    expect((await app.http().get(`/api/tables/${table.id}`)).body.rowCount).toBe(20);
    const many = await app.as('analyst').post('/api/tables').send({ name: 'wide', columns: Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, type: 'text' })) }).expect(400);
    expect(many.body).toMatchObject({ limit: 'maxColumns', field: 'columns' });
    // Deleting makes room again.
    const list = await app.http().get(`/api/tables/${table.id}/rows?limit=2`).expect(200);
    await app.as('analyst').delete(`/api/tables/${table.id}/rows/${list.body.rows[0].id}`).expect(204);
    const bulk = await app.as('analyst').post(`/api/tables/${table.id}/rows/delete`).send({ ids: [list.body.rows[1].id] }).expect(200);
    expect(bulk.body.deleted).toBe(1);
    await app.as('analyst').post(`/api/tables/${table.id}/rows`).send({ rows: Array.from({ length: 7 }, (_, n) => ({ n })) }).expect(200);
  });

  it('imports CSV all or nothing, naming the line and column of each bad cell', async () => {
    const table = await create({ ...CALLS, name: 'imported' });
    const bad = await app.as('analyst').post(`/api/tables/${table.id}/import`).set('content-type', 'text/csv')
      .send('callId,manager,durationSec,startedAt\nc1,ivanov,60,2026-03-02T09:00:00Z\nc2,petrova,lots,2026-03-02T09:05:00Z\nc3,,30,noon\n').expect(400);
    expect(bad.body.errors).toEqual([
      { line: 3, row: 2, column: 'durationSec', message: expect.stringContaining('number') },
      { line: 4, row: 3, column: 'manager', message: 'manager is required' },
      { line: 4, row: 3, column: 'startedAt', message: expect.stringContaining('ISO 8601') },
    ]);
    expect(bad.body.message).toContain("line 3, column 'durationSec'");
    expect((await app.http().get(`/api/tables/${table.id}`)).body.rowCount).toBe(0);
    const header = await app.as('analyst').post(`/api/tables/${table.id}/import`).send({ csv: 'callId,who\nc1,ivanov\n' }).expect(400);
    expect(header.body).toMatchObject({ column: 'who', line: 1 });
    const quoting = await app.as('analyst').post(`/api/tables/${table.id}/import`).send({ csv: 'callId,manager\n"c1,ivanov\n' }).expect(400);
    expect(quoting.body.field).toBe('csv');

    const csv = 'callId,manager,durationSec,meta\nc1,ivanov,60,"{""line"":1}"\nc2,"Петрова, Анна",45,\nc1,ivanov,61,\n';
    const ok = await app.as('analyst').post(`/api/tables/${table.id}/import`).send({ csv }).expect(200);
    expect(ok.body).toMatchObject({ rows: 3, inserted: 2 });
    const exported = await app.as('manager').get(`/api/tables/${table.id}/export`).expect(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.headers['content-disposition']).toContain('imported.csv');
    expect(exported.text).toBe('callId,manager,startedAt,durationSec,answered,day,meta\nc1,ivanov,,61,,,"{""line"":1}"\nc2,"Петрова, Анна",,45,,,\n');
    const filtered = await app.as('manager').get(`/api/tables/${table.id}/export?where.manager=ivanov`).expect(200);
    expect(filtered.text.trim().split('\n')).toHaveLength(2);
  });

  it('lets everyone read, authors write, and only admins delete a table', async () => {
    const table = await create({ name: 'roles', columns: [{ name: 'a', type: 'text' }] });
    await app.as('manager').get(`/api/tables/${table.id}/rows`).expect(200);
    await app.as('manager').post(`/api/tables/${table.id}/rows`).send({ rows: [{ a: 'x' }] }).expect(403);
    await app.as('manager').patch(`/api/tables/${table.id}`).send({ description: 'x' }).expect(403);
    await app.as('analyst').delete(`/api/tables/${table.id}`).expect(403);
    await app.as('admin').delete(`/api/tables/${table.id}`).expect(204);
    await app.as('manager').get(`/api/tables/roles`).expect(404);
    const audit = (await app.http().get('/api/audit?limit=200').expect(200)).body as { action: string; targetId: string }[];
    expect(audit.filter((a) => a.targetId === table.id).map((a) => a.action).sort()).toEqual(['table.created', 'table.deleted']);
  });
});

function deep(levels: number): object {
  let value: object = { end: true };
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
}
