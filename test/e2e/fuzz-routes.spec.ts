import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Operation { method: Method; path: string }

/** Values no route should choke on, each aimed at a way a 500 used to happen. */
const NASTY_TEXT = [
  '', ' ', 'a\u0000b', '\u0000', '\ud800', 'x\udc00y', '\ud83d', 'constructor', '__proto__', 'toString', 'valueOf',
  '------------------------------------', '00000000-0000-0000-0000-00000000000g', '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff', '{{', '{{ $trigger.a }}', '%', '%00', '../../etc/passwd', 'x'.repeat(10_000),
  '9'.repeat(40), '-1', '1e308', 'NaN', 'Infinity', 'true', 'null', '[]', '{}', 'WyIyMDI2LTAxLTAxIiwieCJd', 'eyJ9', '🙂',
];
const NASTY_NUMBERS = [0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, Number.MAX_SAFE_INTEGER];

const nastyText = fc.oneof(fc.constantFrom(...NASTY_TEXT), fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }));
const leaf = fc.oneof(nastyText, fc.constantFrom(...NASTY_NUMBERS), fc.boolean(), fc.constant(null));
const nastyKey = fc.oneof(fc.constantFrom('name', 'graph', 'nodes', 'edges', 'params', 'id', 'type', 'email', 'password', 'roles', 'credentials',
  'connector', 'template', 'key', 'data', 'payload', 'draft', 'publish', 'limit', 'cursor', 'status', '__proto__', 'constructor', 'a\u0000'), nastyText);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(nastyKey, tie('value'), { maxKeys: 5 })),
})).value;
/** Raw bodies that are not JSON at all, or JSON too deep to walk recursively. */
const rawBody = fc.constantFrom('{', '[1,2', '"\\ud800"', '{"a":"\\u0000"}', '['.repeat(100_000), `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `{"graph":${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}}`, '{"__proto__":{"admin":true}}', 'null', '1e999');

/** Percent-encoded the way a hostile client would: lone surrogates as the invalid UTF-8 they become. */
const encode = (value: string) => encodeURIComponent(value.toWellFormed()).replace(/%EF%BF%BD/g, value.isWellFormed() ? '%EF%BF%BD' : '%ED%A0%80');
/** Already-encoded path and query fragments no browser would send. */
const RAW_ENCODED = ['%ED%A0%80', '%00', '%', '%C0%AF', '%FF', '..%2F..%2F', '%E2%82'];

/** Bodies of the right shape for some route, with nasty values where the route reads them. */
const sharpLeaf = fc.oneof({ arbitrary: fc.constantFrom(...NASTY_TEXT), weight: 4 }, { arbitrary: fc.constantFrom(...NASTY_NUMBERS), weight: 1 }, { arbitrary: leaf, weight: 1 });
const shapedBody = fc.tuple(sharpLeaf, sharpLeaf, sharpLeaf, fc.integer({ min: 0, max: 8 })).map(([a, b, c, pick]) => [
  { name: a, graph: { nodes: [{ id: 'hook', type: 'core.webhook', params: { path: b, dedupeKey: c } }, { id: 'm', type: 'core.map', params: { fields: { [String(a)]: b } } }], edges: [{ from: 'hook', to: 'm', port: c }] } },
  { name: a, nodes: [{ id: b, type: c, params: {} }], edges: [] },
  { email: a, password: b, roles: [c], name: a },
  { connector: 'kommo', name: a, credentials: { baseUrl: b, accessToken: c } },
  { type: a, key: b, data: { c } },
  { template: a, scope: { $trigger: b }, calendar: c, timezone: a },
  { params: { connection: a, statusId: b, [String(c)]: a }, publish: true },
  { payload: { lead: a }, draft: b },
  { name: a, graph: b },
][pick]);

const request = fc.record({
  pathValue: fc.oneof(nastyText.map(encode), fc.constantFrom(...RAW_ENCODED), fc.constantFrom('REAL_FLOW', 'REAL_RUN')),
  rawQuery: fc.option(fc.constantFrom(...RAW_ENCODED.map((v) => `limit=${v}&cursor=${v}&businessKey=${v}&status=${v}`)), { nil: undefined }),
  query: fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'flowId', 'businessKey', 'params', 'connector', 'year', 'x'), nastyText, { maxKeys: 3 }),
  body: fc.oneof(json.map((value) => ({ kind: 'json' as const, value })), shapedBody.map((value) => ({ kind: 'json' as const, value })),
    rawBody.map((value) => ({ kind: 'raw' as const, value }))),
});

describe('malformed input never gets a 5xx', () => {
  let app: TestApp;
  let operations: Operation[] = [];
  const real: Record<string, string> = {};
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    const doc = (await app.http().get('/api/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method as Method, path })));
    const flow = await app.http().post('/api/flows').send({ name: 'Fuzz', graph: { nodes: [{ id: 'hook', type: 'core.webhook', params: { path: 'fuzz' } }], edges: [] } }).expect(201);
    await app.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
    const run = await app.as('anonymous').post('/hooks/fuzz').send({ a: 1 }).expect(202);
    real.REAL_FLOW = flow.body.id;
    real.REAL_RUN = run.body.runId;
  });
  afterAll(async () => {
    await app.close();
  });

  it('drives every documented route with malformed ids, queries and bodies', async () => {
    expect(operations.length).toBeGreaterThan(40);
    const failures: string[] = [];
    let sent = 0;
    for (const op of operations) {
      await fc.assert(fc.asyncProperty(request, async ({ pathValue, rawQuery, query, body }) => {
        const value = Object.hasOwn(real, pathValue) ? real[pathValue] : pathValue;
        const path = op.path.replace(/\{[^}]+\}/g, () => value);
        const qs = rawQuery ?? new URLSearchParams(query).toString();
        let call = app.http()[op.method](`${path}${qs ? `?${qs}` : ''}`);
        if (op.method !== 'get' && op.method !== 'delete') {
          call = body.kind === 'json' ? call.set('content-type', 'application/json').send(JSON.stringify(body.value) ?? 'null') : call.set('content-type', 'application/json').send(body.value);
        }
        // A stream that opened answers 200 and stays open: its status is all this test reads.
        if (op.path.endsWith('/stream')) call = call.buffer(false).parse((res, done) => { (res as unknown as { destroy(): void }).destroy(); done(null, null); });
        const res = await call;
        sent++;
        // Readiness answers 503 by design in this app (it runs no worker): that is its answer, not a fault.
        const designed = op.path === '/api/health/ready' && res.status === 503 && res.body?.checks?.worker === 'stopped';
        if (res.status >= 500 && !designed) failures.push(`${op.method.toUpperCase()} ${path.slice(0, 120)}${qs ? `?${qs.slice(0, 80)}` : ''} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        return true;
      }), { numRuns: 60, seed: 20261202 });
    }
    console.log(`fuzz: ${sent} requests over ${operations.length} operations, ${failures.length} answered 5xx`);
    expect(failures).toEqual([]);
  });
});
