// The bench's other process: load generator and the loopback "billing" and "CRM" servers.
// It runs outside the engine's process so that the engine's CPU time (process.cpuUsage) and event
// loop measure the engine alone. Driven over the fork IPC channel: { id, cmd, ...args } in,
// { id, result } or { id, error } out.
import http from 'node:http';

const servers = [];

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function startServer(handler) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 60_000;
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

let invoiceSeq = 0;
const counters = { billing: 0, crm: 0 };

async function startSimulators() {
  const billing = await startServer((req, res, body) => {
    counters.billing++;
    let amount = null;
    try { amount = JSON.parse(body).amount ?? null; } catch { /* answered anyway */ }
    const id = `INV-${++invoiceSeq}`;
    json(res, 201, { invoiceId: id, amount, paymentUrl: `https://pay.example/${id}` });
  });
  const crm = await startServer((req, res) => {
    counters.crm++;
    json(res, 200, { ok: true, updated: req.url });
  });
  return { billing, crm };
}

function post(agent, url, body) {
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        let runId;
        try { runId = JSON.parse(Buffer.concat(chunks).toString('utf8')).runId; } catch { /* non-JSON error page */ }
        resolve({ status: res.statusCode, runId });
      });
      res.on('error', () => resolve({ status: 'error' }));
    });
    req.on('error', (error) => resolve({ status: error.code ?? 'error' }));
    req.end(data);
  });
}

const payload = (i) => ({ dealId: 100_000 + i, amount: 250 + (i % 100), customer: { name: `Customer ${i}`, email: `c${i}@example.com` }, stage: 'to_invoice' });

/** Closed loop: `concurrency` clients each send the next request as soon as the last is answered. */
async function closed({ url, concurrency, durationMs, maxRequests = Infinity, gapMs = 0 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const latencies = [];
  const statuses = {};
  const started = performance.now();
  const deadline = started + durationMs;
  let sent = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < maxRequests && performance.now() < deadline) {
      sent++;
      const t0 = performance.now();
      const r = await post(agent, url, payload(next++));
      latencies.push(performance.now() - t0);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  }));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { sent, elapsedMs, latencies, statuses };
}

/**
 * Open loop at a fixed rate: request i is due at start + i/rate whether or not earlier ones were
 * answered, and its latency counts from when it was due (no coordinated omission).
 */
async function open({ url, rate, durationMs, maxSockets = 512 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const total = Math.round((rate * durationMs) / 1000);
  const latencies = [];
  const statuses = {};
  const inflight = [];
  const started = performance.now();
  let i = 0;
  let maxLagMs = 0;
  while (i < total) {
    const now = performance.now();
    while (i < total && started + (i * 1000) / rate <= now) {
      const due = started + (i * 1000) / rate;
      maxLagMs = Math.max(maxLagMs, now - due);
      inflight.push(post(agent, url, payload(i)).then((r) => {
        latencies.push(performance.now() - due);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }));
      i++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inflight);
  agent.destroy();
  return { sent: total, elapsedMs: performance.now() - started, latencies, statuses, maxSendLagMs: maxLagMs };
}

const commands = {
  simulators: startSimulators,
  counters: async () => ({ ...counters }),
  closed,
  open,
  async stop() {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    return true;
  },
};

process.on('message', async ({ id, cmd, ...args }) => {
  try {
    process.send({ id, result: await commands[cmd](args) });
  } catch (error) {
    process.send({ id, error: error instanceof Error ? error.stack : String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
