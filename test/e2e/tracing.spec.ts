import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { RecordingServer } from '../support/recording-server';
import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

/** A run is a trace: its steps are spans under the run's span, a node's HTTP calls spans under its step. */
describe('tracing with OpenTelemetry', () => {
  const exporter = new InMemorySpanExporter();
  const remote = new RecordingServer();
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    base = await remote.start();
    app = await startTestApp({ spanExporter: exporter });
  });
  afterAll(async () => {
    await app.close();
    await remote.stop();
  });

  const spansOf = (runId: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === runId.replace(/-/g, ''));
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it('traces a run with its business key, each step under the run, and each HTTP call under its step', async () => {
    remote.setReply((req) => (req.path.startsWith('/crm') ? { status: 503, body: {} } : { status: 200, body: { id: 'inv-1' } }));
    const flowId = await publishFlow(app, 'Traced invoice', {
      nodes: [
        { id: 'hook', type: 'core.webhook', params: { path: 'traced', businessKey: '{{ $trigger.body.deal }}' } },
        { id: 'fields', type: 'core.map', params: { fields: { deal: '{{ $trigger.body.deal }}' } } },
        { id: 'billing', type: 'core.http', params: { method: 'POST', url: `${base}/billing?apiKey=secret-in-query` } },
        { id: 'crm', type: 'core.http', retry: { attempts: 1 }, params: { method: 'PATCH', url: `${base}/crm/deals/4711` } },
      ],
      edges: [{ from: 'hook', to: 'fields' }, { from: 'fields', to: 'billing' }, { from: 'billing', to: 'crm' }],
    });
    const { runId } = (await app.as('anonymous').post('/hooks/traced').send({ deal: 4711 }).expect(202)).body;
    const run = await waitForRun(app, runId);
    expect(run.status).toBe('failed');

    const spans = spansOf(runId);
    const root = spans.find((s) => s.name === 'run')!;
    expect(root).toBeDefined();
    expect(parentOf(root)).toBeUndefined();
    expect(root.attributes).toMatchObject({ 'flowbridge.run_id': runId, 'flowbridge.flow_id': flowId, 'flowbridge.business_key': '4711', 'flowbridge.status': 'failed', 'flowbridge.failed_node_id': 'crm' });
    expect(root.status.code).toBe(2);

    const steps = spans.filter((s) => s.name.startsWith('step '));
    expect(steps.map((s) => s.name).sort()).toEqual(['step billing', 'step crm', 'step fields']);
    for (const step of steps) {
      expect(parentOf(step)).toBe(root.spanContext().spanId);
      expect(step.attributes['flowbridge.business_key']).toBe('4711');
    }
    const billing = steps.find((s) => s.name === 'step billing')!;
    expect(billing.attributes).toMatchObject({ 'flowbridge.node_type': 'core.http', 'flowbridge.attempt': 1 });

    const calls = spans.filter((s) => s.name.startsWith('HTTP '));
    expect(calls.map((c) => [c.name, parentOf(c) === steps.find((s) => s.name === (c.name === 'HTTP POST' ? 'step billing' : 'step crm'))!.spanContext().spanId])).toEqual([['HTTP POST', true], ['HTTP PATCH', true]]);
    const post = calls.find((c) => c.name === 'HTTP POST')!;
    expect(post.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.response.status_code': 200, 'url.full': `${base}/billing` });
    // A key in the query string stays out of the trace.
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('secret-in-query');
    expect(calls.find((c) => c.name === 'HTTP PATCH')!.status.code).toBe(2);
  });

  it('exports to an OTLP endpoint when one is set, flushing what is left when the app stops', async () => {
    const collector = new RecordingServer();
    const endpoint = await collector.start();
    const traced = await startTestApp({ config: { otlpEndpoint: endpoint } });
    try {
      await publishFlow(traced, 'Exported', { nodes: [{ id: 'hook', type: 'core.webhook', params: { path: 'exported' } }, { id: 'fields', type: 'core.map', params: { fields: { a: '1' } } }], edges: [{ from: 'hook', to: 'fields' }] });
      const { runId } = (await traced.as('anonymous').post('/hooks/exported').send({}).expect(202)).body;
      await waitForRun(traced, runId);
    } finally {
      await traced.close();
      await collector.stop();
    }
    const exports = collector.requests.filter((r) => r.method === 'POST' && r.path === '/v1/traces');
    expect(exports.length).toBeGreaterThan(0);
    const sent = exports.map((r) => r.body).join('');
    expect(sent).toContain('"step fields"');
    expect(sent).toContain('flowbridge.run_id');
  });
});
