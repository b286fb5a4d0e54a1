import { readFileSync } from 'node:fs';
import path from 'node:path';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';
import { freePort } from '../support/free-port';
import { spawnWorker, stopProcess } from '../support/worker-process';

/** The value of one sample line of a Prometheus text exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? wanted.every((w) => l.includes(w)) : false);
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('observability: metrics, liveness and readiness', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('counts runs by flow and status, steps by node type, webhook intake and sandbox time in Prometheus text', async () => {
    const flowId = await publishFlow(app, 'Metrics flow', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'metrics-flow' } },
        { id: 'card', type: 'core.map', params: { fields: { deal: '{{ $trigger.body.deal }}' } } },
        { id: 'check', type: 'core.if', params: { condition: '{{ Number($trigger.body.deal) > 10 }}' } },
        { id: 'stop', type: 'core.fail', params: { message: 'small deal' } },
      ],
      edges: [{ from: 'hook', to: 'card' }, { from: 'card', to: 'check' }, { from: 'check', port: 'false', to: 'stop' }],
    });
    const ids: string[] = [];
    for (const deal of [42, 43, 5]) ids.push((await app.as('anonymous').post('/hooks/metrics-flow').send({ deal }).expect(202)).body.runId);
    for (const id of ids) await waitForRun(app, id, ['succeeded', 'failed']);

    const text = await eventually(async () => (await app.as('anonymous').get('/metrics').expect(200)).text, (t) => sample(t, 'flowbridge_runs_finished_total', { flow_id: flowId, status: 'failed' }) === 1);
    expect(sample(text, 'flowbridge_runs_started_total', { flow_id: flowId })).toBe(3);
    expect(sample(text, 'flowbridge_runs_finished_total', { flow_id: flowId, status: 'succeeded' })).toBe(2);
    expect(sample(text, 'flowbridge_step_duration_seconds_count', { node_type: 'core.map', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'flowbridge_step_duration_seconds_count', { node_type: 'core.fail', outcome: 'error' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'flowbridge_intake_requests_total', { outcome: 'accepted' })).toBeGreaterThanOrEqual(3);
    // Plain paths and operations on numbers are computed without the sandbox; the three conditions call a function, so they run in it.
    expect(sample(text, 'flowbridge_sandbox_seconds_count', { kind: 'expression' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'flowbridge_queue_depth')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'flowbridge_queue_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'flowbridge_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(text).toContain('flowbridge_process_resident_memory_bytes');
  });

  it('ships a Grafana dashboard whose every query reads a metric the app exposes', async () => {
    const dashboard = JSON.parse(readFileSync(path.join(__dirname, '../../deploy/grafana/flowbridge-dashboard.json'), 'utf8'));
    const exposed = (await app.as('anonymous').get('/metrics').expect(200)).text;
    const queried = new Set<string>(dashboard.panels.flatMap((p: { targets: { expr: string }[] }) => p.targets.flatMap((t) => t.expr.match(/flowbridge_[a-z0-9_]+/g) ?? [])));
    expect(queried.size).toBeGreaterThan(8);
    for (const name of queried) expect({ name, exposed: exposed.includes(`\n${name}`) || exposed.includes(`# TYPE ${name.replace(/_(bucket|count|sum)$/, '')} `) }).toEqual({ name, exposed: true });
  });

  it('answers liveness without asking anything, and readiness per dependency', async () => {
    expect((await app.as('anonymous').get('/api/health/live').expect(200)).body).toMatchObject({ status: 'ok', role: 'all' });
    expect((await app.as('anonymous').get('/api/health/ready').expect(200)).body).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok', worker: 'ok' } });
  });

  it('reports a stopped worker as not ready, naming it and nothing else', async () => {
    const other = await startTestApp({ worker: false });
    try {
      const res = await other.as('anonymous').get('/api/health/ready').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', checks: { database: 'ok', queue: 'ok', worker: 'stopped' } });
    } finally {
      await other.close();
    }
  });

  it('reports an unreachable database without repeating its error', async () => {
    const other = await startTestApp({ worker: false });
    try {
      await other.db.drop();
      const res = await other.as('anonymous').get('/api/health/ready').expect(503);
      expect(res.body).toEqual({ status: 'unavailable', checks: { database: 'unavailable', queue: 'unavailable', worker: 'stopped' } });
      expect(JSON.stringify(res.body)).not.toMatch(/fb_test_|does not exist|terminat/i);
      await other.as('anonymous').get('/api/health/live').expect(200);
    } finally {
      await other.close();
    }
  });

  it('hides the metrics behind a Bearer token when one is configured', async () => {
    const other = await startTestApp({ worker: false, config: { metricsToken: 'scrape-me-7' } });
    try {
      await other.as('anonymous').get('/metrics').expect(401);
      await other.as('anonymous').get('/metrics').set('authorization', 'Bearer wrong-token').expect(401);
      const res = await other.as('anonymous').get('/metrics').set('authorization', 'Bearer scrape-me-7').expect(200);
      expect(res.text).toContain('flowbridge_queue_depth');
    } finally {
      await other.close();
    }
  });

  it('serves liveness, readiness and metrics of a worker-only process on its own port', async () => {
    const port = await freePort();
    const worker = spawnWorker(app.db.url, { FLOWBRIDGE_WORKER_HEALTH_PORT: String(port) });
    try {
      const base = `http://127.0.0.1:${port}`;
      const ready = await eventually(async () => fetch(`${base}/api/health/ready`).then(async (r) => ({ status: r.status, body: await r.json() }), () => undefined), (r) => r?.status === 200, 30_000);
      expect(ready!.body).toEqual({ status: 'ready', checks: { database: 'ok', queue: 'ok', worker: 'ok' } });
      expect(await (await fetch(`${base}/api/health/live`)).json()).toMatchObject({ status: 'ok', role: 'worker' });
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('flowbridge_queue_lag_seconds');
      expect((await fetch(`${base}/api/flows`)).status).toBe(404);
    } finally {
      await stopProcess(worker);
    }
  });
});
