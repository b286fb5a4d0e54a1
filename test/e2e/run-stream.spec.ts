import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bitrix24Simulator } from '../../nodes/connectors/bitrix24/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { RecordingServer } from '../support/recording-server';
import { eventually, publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type RunEvent = { id: string; flowId: string; status: string; businessKey: string | null; createdAt: string; finishedAt: string | null };

/** An EventSource as the browser opens it, read with plain http: every `event: run` parsed, `removed` ids and comments kept. */
function openStream(port: number, path: string, headers: Record<string, string>) {
  const events: RunEvent[] = [];
  const removed: string[] = [];
  const comments: string[] = [];
  let buffer = '';
  let status = 0;
  let ended = false;
  const req = http.get({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
    status = res.statusCode ?? 0;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const lines = block.split('\n');
        comments.push(...lines.filter((l) => l.startsWith(':')).map((l) => l.slice(1).trim()));
        const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
        if (lines.includes('event: run') && data) events.push(JSON.parse(data));
        if (lines.includes('event: removed') && data) removed.push((JSON.parse(data) as { id: string }).id);
      }
    });
    res.on('end', () => (ended = true));
  });
  req.on('error', () => (ended = true));
  return {
    events,
    removed,
    comments,
    get status() { return status; },
    get ended() { return ended; },
    body: () => buffer,
    close: () => req.destroy(),
    ready: () => eventually(async () => comments.includes('ready') || (status !== 0 && status !== 200), Boolean),
    statusesOf: (id: string) => events.filter((e) => e.id === id).map((e) => e.status),
  };
}

describe('live run updates (server-sent events)', () => {
  const clock = new FakeClock('2031-07-01T09:00:00Z');
  const remote = new RecordingServer();
  let app: TestApp;
  let port: number;
  let baseUrl: string;
  let cookie: string;
  const bearer = (role: 'admin' | 'analyst' | 'manager') => ({ authorization: `Bearer ${app.users[role].token}` });

  beforeAll(async () => {
    baseUrl = await remote.start();
    app = await startTestApp({ clock });
    const server = app.app.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    const { email, password } = app.users.manager;
    const login = await app.as('anonymous').post('/api/auth/login').send({ email, password }).expect(200);
    cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('fb_session='))!.split(';')[0];
  });
  afterAll(async () => {
    // Streams are still open here: closing the app ends them instead of waiting for the clients.
    await app.close();
    await remote.stop();
  });

  it('tells a client watching a flow (signed in by cookie) that a run started, ran and succeeded, and nothing of other flows', async () => {
    remote.setReply(() => ({ status: 200, body: { ok: true }, delayMs: 1500 }));
    const watched = await publishFlow(app, 'Slow invoice', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'bill', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/bill` } }],
      edges: [{ from: 'start', to: 'bill' }],
    });
    const other = await publishFlow(app, 'Other', { nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] });
    const stream = openStream(port, `/api/runs/stream?flowId=${watched}`, { cookie });
    await stream.ready();
    expect(stream.status).toBe(200);

    const unrelated = (await app.http().post(`/api/flows/${other}/run`).send({ payload: {} }).expect(202)).body.runId;
    await waitForRun(app, unrelated);
    const { runId } = (await app.http().post(`/api/flows/${watched}/run`).send({ payload: {} }).expect(202)).body;
    await eventually(async () => stream.statusesOf(runId), (s) => s.includes('succeeded'));
    const statuses = stream.statusesOf(runId);
    expect(statuses).toContain('running');
    expect(statuses.indexOf('running')).toBeLessThan(statuses.indexOf('succeeded'));
    expect(stream.events.find((e) => e.status === 'succeeded')).toMatchObject({ id: runId, flowId: watched, finishedAt: expect.any(String) });
    expect(stream.events.every((e) => e.flowId === watched)).toBe(true);
    stream.close();
  });

  it('tells a client watching a waiting run by id that an event resumed it', async () => {
    const flowId = await publishFlow(app, 'Signature', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'signed', type: 'core.waitForEvent', params: { eventType: 'doc.signed', correlationKey: '{{ $trigger.doc }}', timeoutAmount: 1, timeoutUnit: 'days' } },
      ],
      edges: [{ from: 'start', to: 'signed' }],
    });
    const { runId } = (await app.http().post(`/api/flows/${flowId}/run`).send({ payload: { doc: 'DOC-5' } }).expect(202)).body;
    await waitForRun(app, runId, ['waiting']);
    const stream = openStream(port, `/api/runs/stream?ids=${runId}`, bearer('analyst'));
    await stream.ready();
    await app.http().post('/api/events').send({ type: 'doc.signed', key: 'DOC-5', data: {} }).expect(202);
    await eventually(async () => stream.statusesOf(runId), (s) => s.includes('succeeded'));
    expect(stream.statusesOf(runId).at(-1)).toBe('succeeded');
    stream.close();
  });

  it('tells a client that a run it saw start is gone when its trigger found the event changed nothing', async () => {
    const bitrix = new Bitrix24Simulator({ applicationToken: 'b24-stream-token', now: () => clock.now() });
    await bitrix.start();
    try {
      await app.http().post('/api/connectors/bitrix24/enable').expect(200);
      const connection = (await app.http().post('/api/connections')
        .send({ connector: 'bitrix24', name: 'Bitrix24', credentials: { webhookUrl: bitrix.webhookUrl, applicationToken: 'b24-stream-token' } }).expect(201)).body.id as string;
      const flowId = await publishFlow(app, 'Deal stage', {
        nodes: [{ id: 'deal', type: 'bitrix24.dealStageChanged', params: { connection, path: 'bitrix24/stream-e2e' } }, { id: 'map', type: 'core.map', params: { fields: { stage: '{{ $trigger.stage.id }}' } } }],
        edges: [{ from: 'deal', to: 'map' }],
      });
      const deliver = async () => (await app.http().post('/hooks/bitrix24/stream-e2e').set('content-type', 'application/x-www-form-urlencoded')
        .send(bitrix.dealEvent('ONCRMDEALUPDATE', 410)).expect(202)).body.runId as string;
      bitrix.addDeal({ ID: '410', STAGE_ID: 'NEW' });
      await waitForRun(app, await deliver());

      const stream = openStream(port, `/api/runs/stream?flowId=${flowId}`, { cookie });
      await stream.ready();
      // The portal is busy at first, so the re-read waits for its retry while the run shows as live.
      bitrix.injectFault({ status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } });
      const runId = await deliver();
      await eventually(async () => stream.statusesOf(runId), (s) => s.length > 0);
      await eventually(() => app.http().get(`/api/runs/${runId}`), (r) => r.body.steps?.some((step: { status: string; retryAt: string | null }) => step.status === 'failed' && step.retryAt));
      expect(stream.removed).toEqual([]);

      clock.advance(10 * 60_000);
      await app.wakeDue();
      await eventually(async () => stream.removed, (ids) => ids.includes(runId));
      await app.http().get(`/api/runs/${runId}`).expect(404);
      stream.close();
    } finally {
      await bitrix.stop();
    }
  });

  it('bounds the streams one user holds and refuses a bad filter with 400', async () => {
    const streams = [];
    for (let i = 0; i < 5; i++) {
      const s = openStream(port, '/api/runs/stream?status=failed', bearer('admin'));
      await s.ready();
      expect(s.status).toBe(200);
      streams.push(s);
    }
    const sixth = openStream(port, '/api/runs/stream', bearer('admin'));
    await eventually(async () => sixth.ended, Boolean);
    expect(sixth.status).toBe(429);
    streams.pop()!.close();
    // The server notices the closed stream when its socket closes: ask until it has.
    const again = await eventually(async () => {
      const s = openStream(port, '/api/runs/stream', bearer('admin'));
      await eventually(async () => s.status, (status) => status !== 0);
      if (s.status !== 200) s.close();
      return s;
    }, (s) => s.status === 200);
    await again.ready();
    // These stay open: the app must close them when it shuts down.

    expect((await app.as('manager').get('/api/runs/stream?ids=nope').expect(400)).body.field).toMatch(/^ids/);
    expect((await app.as('manager').get('/api/runs/stream?status=asleep').expect(400)).body.field).toMatch(/^status/);
    await app.as('anonymous').get('/api/runs/stream').expect(401);
  });
});
