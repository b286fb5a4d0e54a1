import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseOutboundAllowList } from '@flowbridge/nodes/sdk/outbound-policy';
import { startTestApp, waitForRun, type TestApp } from '../support/test-app';

/** An analyst's core.http must not reach the engine's own network neighbourhood unless an admin allowed it. */
describe('outbound policy of core.http', () => {
  let app: TestApp;
  let allowed: Server;
  let allowedPort: number;
  let dbPort: number;
  const hits: string[] = [];
  let flowSeq = 0;

  beforeAll(async () => {
    allowed = createServer((req, res) => {
      hits.push(req.url!);
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/redirect') {
        res.writeHead(302, { location: url.searchParams.get('to')! });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true }));
    });
    await new Promise<void>((resolve) => allowed.listen(0, '127.0.0.1', resolve));
    allowedPort = (allowed.address() as AddressInfo).port;
    // Strict: only the one allow-listed local server, exactly as an admin would write it.
    app = await startTestApp({ config: { outbound: { allow: parseOutboundAllowList(`127.0.0.1:${allowedPort}`) } } });
    dbPort = Number(new URL(app.db.url).port) || 5432;
  });

  afterAll(async () => {
    await app?.close();
    allowed.closeAllConnections();
    await new Promise<void>((resolve) => allowed.close(() => resolve()));
  });

  beforeEach(() => {
    hits.length = 0;
  });

  async function callFrom(url: string) {
    const flow = await app.http().post('/api/flows').send({
      name: `outbound ${++flowSeq}`,
      graph: {
        nodes: [
          { id: 'start', type: 'core.manual', params: {} },
          { id: 'call', type: 'core.http', params: { method: 'GET', url }, retry: { attempts: 3, backoff: 'fixed', delayMs: 60_000 } },
        ],
        edges: [{ from: 'start', to: 'call' }],
      },
    }).expect(201);
    const { body } = await app.http().post(`/api/flows/${flow.body.id}/run`).send({ payload: {}, draft: true }).expect(202);
    const run = await waitForRun(app, body.runId);
    const steps = run.steps.filter((s: { nodeId: string }) => s.nodeId === 'call');
    return { run, steps };
  }

  function expectRefused(result: Awaited<ReturnType<typeof callFrom>>, message: string) {
    expect(result.run.status).toBe('failed');
    // One attempt despite a retry policy of three: a refusal is final.
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]).toMatchObject({ status: 'failed', attempt: 1, error: { kind: 'config', retryable: false } });
    expect(result.steps[0].error.message).toBe(message);
  }

  const loopback = (port: () => number) => [
    ['127.0.0.1', () => `http://127.0.0.1:${port()}/`],
    ['127.1', () => `http://127.1:${port()}/`],
    ['2130706433', () => `http://2130706433:${port()}/`],
    ['0x7f000001', () => `http://0x7f000001:${port()}/`],
    ['localhost', () => `http://localhost:${port()}/`],
  ] as const;

  it.each(loopback(() => dbPort))('refuses the database port on loopback spelled %s', async (_spelling, url) => {
    const result = await callFrom(url());
    expect(result.run.status).toBe('failed');
    expect(result.steps[0].error.message).toMatch(new RegExp(`^Outbound call to (localhost \\()?(127\\.0\\.0\\.1|\\[::1\\]):${dbPort}\\)? refused: loopback address \\(allow it with FLOWBRIDGE_OUTBOUND_ALLOW\\)$`));
    expectRefused(result, result.steps[0].error.message);
  });

  it.each([
    ['[::ffff:127.0.0.1]', () => `http://[::ffff:127.0.0.1]:${dbPort}/`, () => `Outbound call to [::ffff:7f00:1]:${dbPort} refused: IPv4-mapped IPv6 address`],
    ['[::1]', () => `http://[::1]:${dbPort}/`, () => `Outbound call to [::1]:${dbPort} refused: loopback address`],
    ['0.0.0.0', () => `http://0.0.0.0:${dbPort}/`, () => `Outbound call to 0.0.0.0:${dbPort} refused: unspecified address`],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/', () => 'Outbound call to 169.254.169.254:80 refused: cloud metadata address'],
    ['the IPv6 metadata address', () => 'http://[fd00:ec2::254]/latest/meta-data/', () => 'Outbound call to [fd00:ec2::254]:80 refused: cloud metadata address'],
    ['a private address', () => 'http://10.0.0.1:8080/', () => 'Outbound call to 10.0.0.1:8080 refused: private address'],
  ])('refuses %s', async (_name, url, message) => {
    expectRefused(await callFrom(url()), `${message()} (allow it with FLOWBRIDGE_OUTBOUND_ALLOW)`);
  });

  it('refuses the allow-listed address on a port that is not listed', async () => {
    expectRefused(await callFrom(`http://127.0.0.1:${allowedPort + 1}/`), `Outbound call to 127.0.0.1:${allowedPort + 1} refused: loopback address (allow it with FLOWBRIDGE_OUTBOUND_ALLOW)`);
  });

  it('lets an allow-listed host:port through', async () => {
    const { run, steps } = await callFrom(`http://127.0.0.1:${allowedPort}/items`);
    expect(run.status).toBe('succeeded');
    expect(steps[0].output).toMatchObject({ status: 200, body: { ok: true } });
    expect(hits).toEqual(['/items']);
  });

  it.each([
    ['the database port', () => `http://127.0.0.1:${dbPort}/`, () => `Outbound call to 127.0.0.1:${dbPort} refused: loopback address`],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/iam/', () => 'Outbound call to 169.254.169.254:80 refused: cloud metadata address'],
  ])('refuses a redirect from the allowed server to %s', async (_name, target, message) => {
    const result = await callFrom(`http://127.0.0.1:${allowedPort}/redirect?to=${encodeURIComponent(target())}`);
    expectRefused(result, `${message()} (allow it with FLOWBRIDGE_OUTBOUND_ALLOW)`);
    expect(hits).toHaveLength(1);
  });

  it('applies to connection tests and option sources too', async () => {
    const conn = await app.http().post('/api/connections').send({ connector: 'kommo', name: 'Internal', credentials: { baseUrl: `http://127.1:${dbPort}`, accessToken: 'kommo-token-123' } }).expect(201);
    const tested = await app.http().post(`/api/connections/${conn.body.id}/test`).expect(200);
    expect(tested.body).toEqual({ ok: false, message: `Outbound call to 127.0.0.1:${dbPort} refused: loopback address (allow it with FLOWBRIDGE_OUTBOUND_ALLOW)` });
    const options = await app.as('analyst').get(`/api/connections/${conn.body.id}/options/kommo.pipelines`);
    expect(options.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(options.body)).toContain(`Outbound call to 127.0.0.1:${dbPort} refused: loopback address`);
  });
});
