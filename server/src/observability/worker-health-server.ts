import { createServer, type Server } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { HealthChecks } from './health-checks';
import type { Metrics } from './metrics';

/**
 * A worker-only process has no API to ask, yet orchestrators probe it and Prometheus scrapes it:
 * this answers /api/health/live, /api/health/ready and /metrics on their own port, and nothing else.
 */
export async function startWorkerHealthServer(port: number, health: HealthChecks, metrics: Metrics, metricsToken: string | undefined): Promise<Server> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { message: 'Only GET' });
    if (path === '/api/health/live') return send(200, health.live());
    if (path === '/api/health/ready') {
      return void health.ready().then(
        (r) => send(r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'unavailable', checks: r.checks }),
        () => send(503, { status: 'unavailable' }),
      );
    }
    if (path === '/metrics') {
      const expected = Buffer.from(`Bearer ${metricsToken ?? ''}`);
      const given = Buffer.from(req.headers.authorization ?? '');
      if (metricsToken && !(given.length === expected.length && timingSafeEqual(given, expected))) return send(401, { message: 'A Bearer token is required to read the metrics' });
      return void metrics.render().then((text) => send(200, text, metrics.registry.contentType), () => send(500, { message: 'metrics unavailable' }));
    }
    send(404, { message: 'Not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  return server;
}
