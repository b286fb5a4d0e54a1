import pino from 'pino';
import { logger } from '../../server/src/common/logger';
import { startTestApp, type TestApp, type TestRole } from '../support/test-app';

/** `ok`: what an allowed caller gets, as documented (a 500 is never "allowed"). */
type Route = { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string; roles: TestRole[] | 'public'; body?: object; ok: number };

const NO_ID = '00000000-0000-4000-8000-000000000000';
const ALL: TestRole[] = ['admin', 'analyst', 'manager'];
const AUTHORS: TestRole[] = ['admin', 'analyst'];

/** The documented answer of every route for every role; "public" routes answer anyone. */
const MATRIX: Route[] = [
  { method: 'get', path: '/api/health', roles: 'public' , ok: 200 },
  { method: 'get', path: '/api/health/live', roles: 'public', ok: 200 },
  // The matrix app runs no worker, so readiness says so: still answered to anyone.
  { method: 'get', path: '/api/health/ready', roles: 'public', ok: 503 },
  { method: 'get', path: '/metrics', roles: 'public', ok: 200 },
  { method: 'get', path: '/api/nodes', roles: ALL , ok: 200 },
  { method: 'get', path: '/api/nodes/texts/ru', roles: ALL , ok: 200 },
  { method: 'get', path: '/api/flows', roles: ALL , ok: 200 },
  { method: 'post', path: '/api/flows', roles: AUTHORS, body: { name: 'm', graph: { nodes: [], edges: [] } } , ok: 201 },
  { method: 'post', path: '/api/flows/import', roles: AUTHORS, body: { name: 'm', nodes: [], edges: [] } , ok: 201 },
  { method: 'get', path: `/api/flows/${NO_ID}`, roles: ALL , ok: 404 },
  { method: 'put', path: `/api/flows/${NO_ID}`, roles: AUTHORS, body: { name: 'x' } , ok: 404 },
  { method: 'delete', path: `/api/flows/${NO_ID}`, roles: AUTHORS , ok: 404 },
  { method: 'post', path: `/api/flows/${NO_ID}/publish`, roles: AUTHORS , ok: 404 },
  { method: 'get', path: `/api/flows/${NO_ID}/versions`, roles: ALL , ok: 404 },
  { method: 'get', path: `/api/flows/${NO_ID}/export`, roles: ALL , ok: 404 },
  { method: 'post', path: `/api/flows/${NO_ID}/run`, roles: AUTHORS, body: {} , ok: 404 },
  { method: 'post', path: `/api/flows/${NO_ID}/versions/1/restore`, roles: AUTHORS , ok: 404 },
  { method: 'get', path: `/api/flows/${NO_ID}/versions/1/diff/draft`, roles: ALL, ok: 404 },
  { method: 'get', path: `/api/flows/${NO_ID}/samples`, roles: ALL , ok: 404 },
  { method: 'get', path: `/api/flows/${NO_ID}/schedule`, roles: ALL , ok: 404 },
  { method: 'post', path: '/api/expressions/preview', roles: AUTHORS, body: { template: '{{ 1 + 1 }}' } , ok: 200 },
  { method: 'post', path: '/api/schedules/preview', roles: ALL, body: { cron: '0 9 * * *' }, ok: 200 },
  { method: 'get', path: `/api/connections/${NO_ID}/options/kommo.pipelines`, roles: AUTHORS , ok: 404 },
  { method: 'get', path: '/api/runs', roles: ALL , ok: 200 },
  { method: 'get', path: `/api/runs/${NO_ID}`, roles: ALL , ok: 404 },
  { method: 'get', path: `/api/runs/${NO_ID}/steps/1`, roles: ALL, ok: 404 },
  { method: 'post', path: `/api/runs/${NO_ID}/retry`, roles: ['admin', 'manager'] , ok: 404 },
  { method: 'post', path: `/api/runs/${NO_ID}/cancel`, roles: ['admin', 'manager'] , ok: 404 },
  { method: 'post', path: `/api/runs/${NO_ID}/steps/1/wake`, roles: ['admin', 'analyst'] , ok: 404 },
  { method: 'post', path: '/api/runs/bulk', roles: ['admin', 'manager'], body: { action: 'retry', ids: [NO_ID] }, ok: 200 },
  { method: 'post', path: `/api/runs/${NO_ID}/rerun`, roles: ['admin', 'manager'], body: { payload: {} }, ok: 404 },
  // The stream stays open for an allowed caller; a bad filter answers at once, after the role check.
  { method: 'get', path: '/api/runs/stream?ids=bad', roles: ALL, ok: 400 },
  { method: 'get', path: '/api/stats/runs?from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z', roles: ALL, ok: 200 },
  { method: 'get', path: '/api/stats/flows?from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z', roles: ALL, ok: 200 },
  { method: 'get', path: '/api/stats/waiting', roles: ALL, ok: 200 },
  { method: 'get', path: '/api/stats/errors?from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z', roles: ALL, ok: 200 },
  { method: 'get', path: '/api/connectors', roles: ['admin'] , ok: 200 },
  { method: 'post', path: '/api/connectors/kommo/enable', roles: ['admin'] , ok: 200 },
  { method: 'post', path: '/api/connectors/kommo/disable', roles: ['admin'] , ok: 200 },
  { method: 'get', path: '/api/connectors/kommo/usage', roles: ['admin'], ok: 200 },
  { method: 'get', path: '/api/connectors/kommo/nodes', roles: ['admin'] , ok: 200 },
  { method: 'get', path: '/api/connections', roles: AUTHORS , ok: 200 },
  { method: 'post', path: '/api/connections', roles: ['admin'], body: { connector: 'stripe', name: 'm', credentials: { webhookSecret: 'whsec_matrix_0001' } } , ok: 201 },
  { method: 'get', path: `/api/connections/${NO_ID}`, roles: ['admin'] , ok: 404 },
  { method: 'delete', path: `/api/connections/${NO_ID}`, roles: ['admin'] , ok: 404 },
  { method: 'post', path: `/api/connections/${NO_ID}/test`, roles: ['admin'] , ok: 404 },
  { method: 'post', path: '/api/events', roles: AUTHORS, body: { type: 't', key: 'k' } , ok: 202 },
  { method: 'get', path: '/api/templates', roles: AUTHORS , ok: 200 },
  { method: 'post', path: '/api/templates/none/instantiate', roles: AUTHORS, body: {} , ok: 404 },
  // An incomplete body answers 400: the route is open, and no account is touched.
  { method: 'post', path: '/api/auth/login', roles: 'public', body: { email: 'nobody@test.local' } , ok: 400 },
  { method: 'post', path: '/api/auth/logout', roles: ALL , ok: 204 },
  { method: 'get', path: '/api/auth/me', roles: ALL , ok: 200 },
  { method: 'get', path: '/api/auth/tokens', roles: ALL , ok: 200 },
  { method: 'post', path: '/api/auth/tokens', roles: ALL, body: { name: 'matrix' } , ok: 201 },
  { method: 'delete', path: `/api/auth/tokens/${NO_ID}`, roles: ALL , ok: 404 },
  { method: 'get', path: '/api/users', roles: ['admin'] , ok: 200 },
  { method: 'post', path: '/api/users', roles: ['admin'], body: { email: 'bad', password: 'x', roles: [] } , ok: 400 },
  { method: 'patch', path: `/api/users/${NO_ID}`, roles: ['admin'], body: {} , ok: 404 },
  { method: 'get', path: '/api/audit', roles: ['admin'] , ok: 200 },
  { method: 'get', path: '/api/approvals', roles: ALL, ok: 200 },
  { method: 'post', path: `/api/approvals/${NO_ID}/approve`, roles: ALL, body: { decision: 'approve' }, ok: 404 },
  { method: 'get', path: `/forms/${NO_ID}/ask?sig=x`, roles: 'public', ok: 404 },
  { method: 'post', path: `/forms/${NO_ID}/ask?sig=x`, roles: 'public', body: { answers: {} }, ok: 404 },
  { method: 'get', path: `/approve/${NO_ID}/approve?approver=a%40b.c&sig=x`, roles: 'public', ok: 404 },
  { method: 'post', path: `/approve/${NO_ID}/approve?approver=a%40b.c&sig=x`, roles: 'public', body: { decision: 'approve' }, ok: 404 },
  { method: 'get', path: '/api/calendars', roles: ALL, ok: 200 },
  { method: 'post', path: '/api/calendars', roles: ['admin'], body: { id: 'matrix', name: 'Matrix' }, ok: 201 },
  { method: 'get', path: `/api/calendars/${NO_ID}/days?year=2026`, roles: ALL, ok: 404 },
  { method: 'put', path: `/api/calendars/${NO_ID}/days/2026-01-01`, roles: ['admin'], body: { type: 'holiday' }, ok: 404 },
  { method: 'post', path: `/api/calendars/${NO_ID}/import`, roles: ['admin'], body: { format: 'csv', data: '2026-01-01,holiday,New Year' }, ok: 404 },
  { method: 'get', path: '/api/settings/retention', roles: ['admin'], ok: 200 },
  { method: 'put', path: '/api/settings/retention', roles: ['admin'], body: { stepPayloadDays: 30, runDays: 365 }, ok: 200 },
  // The test app runs no demo workspace, so an allowed caller hears that there is no outbox.
  { method: 'get', path: '/api/demo/outbox', roles: AUTHORS, ok: 404 },
  { method: 'get', path: '/api/tables', roles: ALL, ok: 200 },
  // Both authors may create; a body no table can have keeps the route's answer the same for each.
  { method: 'post', path: '/api/tables', roles: AUTHORS, body: { name: 'Not A Name', columns: [] }, ok: 400 },
  { method: 'get', path: `/api/tables/${NO_ID}`, roles: ALL, ok: 404 },
  { method: 'patch', path: `/api/tables/${NO_ID}`, roles: AUTHORS, body: {}, ok: 404 },
  { method: 'delete', path: `/api/tables/${NO_ID}`, roles: ['admin'], ok: 404 },
  { method: 'get', path: `/api/tables/${NO_ID}/rows`, roles: ALL, ok: 404 },
  { method: 'post', path: `/api/tables/${NO_ID}/rows`, roles: AUTHORS, body: { rows: [{}] }, ok: 404 },
  { method: 'patch', path: `/api/tables/${NO_ID}/rows/1`, roles: AUTHORS, body: { data: {} }, ok: 404 },
  { method: 'delete', path: `/api/tables/${NO_ID}/rows/1`, roles: AUTHORS, ok: 404 },
  { method: 'post', path: `/api/tables/${NO_ID}/rows/delete`, roles: AUTHORS, body: { ids: ['1'] }, ok: 404 },
  { method: 'post', path: `/api/tables/${NO_ID}/import`, roles: AUTHORS, body: { csv: 'a\n1' }, ok: 404 },
  { method: 'get', path: `/api/tables/${NO_ID}/export`, roles: ALL, ok: 404 },
  { method: 'get', path: `/api/tables/${NO_ID}/report?from=2026-03-02&to=2026-03-02`, roles: ALL, ok: 404 },
  { method: 'post', path: '/hooks/{path}', roles: 'public' , ok: 404 },
];

describe('every route × every role', () => {
  let app: TestApp;
  const logLines: string[] = [];
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
  const level = logger.level;

  beforeAll(async () => {
    // Capture every log line the server writes during these tests.
    logger.level = 'trace';
    (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = { write: (line: string) => logLines.push(line) };
    app = await startTestApp({ worker: false });
  });
  afterAll(async () => {
    await app.close();
    logger.level = level;
    (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = stream;
  });

  it('covers every route of the OpenAPI document', async () => {
    const doc = (await app.http().get('/api/openapi.json').expect(200)).body;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    const normalise = (p: string) => p.replace(/\{[^}]+\}/g, '{}').replace(NO_ID, '{}').replace(/\/(kommo|none)\//, '/{}/').replace(/\/versions\/1\//, '/versions/{}/').replace(/\/diff\/draft$/, '/diff/{}').replace(/\/steps\/1$/, '/steps/{}').replace(/\/steps\/1\/wake$/, '/steps/{}/wake').replace(/\?.*$/, '').replace(/\/(ask|approve)$/, '/{}').replace(/\/kommo\.pipelines$/, '/{}').replace(/\/days\/2026-01-01$/, '/days/{}').replace(/\/texts\/ru$/, '/texts/{}').replace(/\/rows\/1$/, '/rows/{}');
    const inMatrix = new Set(MATRIX.map((r) => `${r.method} ${normalise(r.path)}`));
    expect(documented.map((d) => { const [m, p] = d.split(' '); return `${m} ${normalise(p)}`; }).filter((d) => !inMatrix.has(d))).toEqual([]);
  });

  for (const route of MATRIX) {
    for (const role of ['anonymous', ...ALL] as TestRole[]) {
      const allowed = route.roles === 'public' || route.roles.includes(role);
      const expected = allowed ? String(route.ok) : role === 'anonymous' ? '401' : '403';
      it(`${route.method.toUpperCase()} ${route.path} as ${role} → ${expected}`, async () => {
        const path = route.path.replace('{path}', 'no-such-hook');
        const call = app.as(role)[route.method](path);
        const res = route.body ? await call.send(route.body) : await call;
        if (allowed) expect(res.status).toBe(route.ok);
        else expect(res.status).toBe(role === 'anonymous' ? 401 : 403);
      });
    }
  }

  it('lets a manager retry but not publish, and never read a connection', async () => {
    const flow = await app.as('analyst').post('/api/flows').send({ name: 'Roles', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] } }).expect(201);
    await app.as('manager').post(`/api/flows/${flow.body.id}/publish`).expect(403);
    await app.as('analyst').post(`/api/flows/${flow.body.id}/publish`).expect(200);
    const conn = await app.http().post('/api/connections').send({ connector: 'stripe', name: 'Stripe', credentials: { webhookSecret: 'whsec_roles_secret_42' } }).expect(201);
    await app.as('manager').get(`/api/connections/${conn.body.id}`).expect(403);
    await app.as('manager').get('/api/connections').expect(403);
    await app.as('analyst').post('/api/connectors/kommo/enable').expect(403);
  });

  it('stops a revoked token at once', async () => {
    const created = await app.as('analyst').post('/api/auth/tokens').send({ name: 'ci' }).expect(201);
    const token = created.body.token as string;
    const use = () => app.as('anonymous').get('/api/flows').set('authorization', `Bearer ${token}`);
    await use().expect(200);
    await app.as('analyst').delete(`/api/auth/tokens/${created.body.id}`).expect(204);
    await use().expect(401);
    expect(JSON.stringify((await app.as('analyst').get('/api/auth/tokens').expect(200)).body)).not.toContain(token);
  });

  it('signs in with an httpOnly cookie, demands the CSRF token on writes, and signs out', async () => {
    const { password, email } = app.users.analyst;
    const login = await app.as('anonymous').post('/api/auth/login').send({ email, password }).expect(200);
    const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('fb_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const session = cookie.split(';')[0];
    await app.as('anonymous').get('/api/flows').set('cookie', session).expect(200);
    await app.as('anonymous').post('/api/flows').set('cookie', session).send({ name: 'x', graph: { nodes: [], edges: [] } }).expect(403);
    await app.as('anonymous').post('/api/flows').set('cookie', session).set('x-csrf-token', login.body.csrfToken).send({ name: 'x', graph: { nodes: [], edges: [] } }).expect(201);
    await app.as('anonymous').post('/api/auth/logout').set('cookie', session).set('x-csrf-token', login.body.csrfToken).expect(204);
    await app.as('anonymous').get('/api/flows').set('cookie', session).expect(401);
  });

  it('locks an account after five wrong passwords, even for the right one', async () => {
    const { email, password } = app.users.manager;
    for (let i = 0; i < 5; i++) await app.as('anonymous').post('/api/auth/login').send({ email, password: 'wrong-password' }).expect(401);
    const locked = await app.as('anonymous').post('/api/auth/login').send({ email, password }).expect(429);
    expect(locked.body.error).toBe('account_locked');
  });

  it('sends security headers', async () => {
    const res = await app.as('anonymous').get('/api/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('audits who changed what and when', async () => {
    const flow = await app.as('analyst').post('/api/flows').send({ name: 'Audited', graph: { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] } }).expect(201);
    await app.as('analyst').post(`/api/flows/${flow.body.id}/publish`).expect(200);
    await app.http().post('/api/connectors/easycount/enable').expect(200);
    const conn = await app.http().post('/api/connections').send({ connector: 'stripe', name: 'Audit', credentials: { webhookSecret: 'whsec_audit_secret_77' } }).expect(201);
    await app.http().delete(`/api/connections/${conn.body.id}`).expect(204);
    await app.http().patch(`/api/users/${app.users.manager.id}`).send({ roles: ['manager', 'analyst'] }).expect(200);
    const run = await app.as('analyst').post(`/api/flows/${flow.body.id}/run`).send({}).expect(202);
    await app.as('manager').post(`/api/runs/${run.body.runId}/cancel`).expect(200);

    const audit = (await app.http().get('/api/audit?limit=500').expect(200)).body as { action: string; actorEmail: string; targetId: string; at: string }[];
    const find = (action: string, actor: string, target?: string) => audit.find((a) => a.action === action && a.actorEmail === actor && (!target || a.targetId === target));
    expect(find('flow.published', app.users.analyst.email, flow.body.id)).toBeDefined();
    expect(find('connector.enabled', app.users.admin.email, 'easycount')).toBeDefined();
    expect(find('connection.created', app.users.admin.email, conn.body.id)).toBeDefined();
    expect(find('connection.deleted', app.users.admin.email, conn.body.id)).toBeDefined();
    expect(find('user.roles_changed', app.users.admin.email, app.users.manager.id)).toMatchObject({ details: { from: ['manager'], to: ['manager', 'analyst'] } });
    expect(find('run.cancelled', app.users.manager.email, run.body.runId)).toBeDefined();
    expect(Number.isNaN(Date.parse(audit[0].at))).toBe(false);
  });

  it('never puts a password or token in a response or a log line', async () => {
    const everything: string[] = [...logLines];
    for (const role of ALL) {
      for (const path of ['/api/auth/me', '/api/users', '/api/auth/tokens', '/api/audit?limit=500', '/api/connections']) {
        const res = await app.as(role).get(path);
        everything.push(JSON.stringify(res.body));
      }
    }
    everything.push(...logLines);
    const text = everything.join('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const user of Object.values(app.users)) {
      expect(text).not.toContain(user.password);
      expect(text).not.toContain(user.token);
    }
    expect(text).not.toMatch(/whsec_(roles|audit|matrix)_/);
    expect(text).not.toMatch(/scrypt\$/);
    // Hook paths are secrets too: request lines name the route only.
    expect(logLines.join('\n')).not.toContain('no-such-hook');
    expect(logLines.some((line) => line.includes('"route":"/hooks/*path"'))).toBe(true);
  });
});
