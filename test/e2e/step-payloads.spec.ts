import { RecordingServer } from '../support/recording-server';
import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

const stepOf = (run: { steps: any[] }, nodeId: string): any[] => run.steps.filter((s) => s.nodeId === nodeId);

describe('step payloads Postgres cannot store as they are', () => {
  const remote = new RecordingServer();
  const limit = 64 * 1024;
  let baseUrl: string;
  let app: TestApp;

  beforeAll(async () => {
    baseUrl = await remote.start();
    app = await startTestApp({ config: { stepPayloadLimitBytes: limit } });
  });
  afterAll(async () => {
    await app.close();
    await remote.stop();
  });

  it('sends a POST once when the answer holds NUL and lone surrogates, and stores them visibly replaced', async () => {
    remote.setReply(() => ({ status: 201, body: { id: 'INV-7', note: 'paid\u0000in full', ['ke\u0000y']: 'x', broken: 'a\ud800b' } }));
    const flowId = await publishFlow(app, 'NUL answer', {
      nodes: [
        { id: 'start', type: 'core.webhook', params: { path: 'nul-answer' } },
        { id: 'invoice', type: 'core.http', params: { method: 'POST', url: `${baseUrl}/invoices`, body: { deal: '{{ $trigger.body.deal }}' } } },
        { id: 'after', type: 'core.map', params: { fields: { note: '{{ $steps.invoice.body.note }}' } } },
      ],
      edges: [{ from: 'start', to: 'invoice' }, { from: 'invoice', to: 'after' }],
    });
    expect(flowId).toBeTruthy();
    // The API refuses NUL in what users send; a third party's webhook may carry it, and is stored.
    const { body } = await app.as('anonymous').post('/hooks/nul-answer').send({ deal: 'd\u0000l' }).expect(202);
    const run = await waitForRun(app, body.runId);

    expect(run.status).toBe('succeeded');
    expect(remote.requests.filter((r) => r.path === '/invoices')).toHaveLength(1);
    expect(stepOf(run, 'invoice')).toHaveLength(1);
    expect(stepOf(run, 'invoice')[0].output.body).toEqual({ id: 'INV-7', note: 'paid\uFFFDin full', ['ke\uFFFDy']: 'x', broken: 'a\uFFFDb' });
    expect(stepOf(run, 'after')[0].output).toEqual({ note: 'paid\uFFFDin full' });
    expect(stepOf(run, 'start')[0].output.body).toEqual({ deal: 'd\uFFFDl' });
  });

  it('stores six outputs far over the limit as truncation markers with their full size', async () => {
    const bytes = 15 * 1024 * 1024;
    const nodes = [1, 2, 3, 4, 5, 6].map((i) => ({ id: `big${i}`, type: 'core.map', params: { fields: { blob: `{{ 'x'.repeat(${bytes}) }}` } } }));
    const flowId = await publishFlow(app, 'Huge outputs', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, ...nodes, { id: 'last', type: 'core.map', params: { fields: { sawMarker: '{{ $steps.big6.$truncated }}' } } }],
      edges: [{ from: 'start', to: 'big1' }, ...nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id })), { from: 'big6', to: 'last' }],
    });
    const { body } = await app.http().post(`/api/flows/${flowId}/run`).send({ payload: {} }).expect(202);
    const run = await waitForRun(app, body.runId, undefined, 30_000);

    expect(run.status).toBe('succeeded');
    for (const node of nodes) {
      const [step] = stepOf(run, node.id);
      expect(step.output).toEqual({ $truncated: true, size: bytes + '{"blob":""}'.length, preview: expect.stringMatching(/^\{"blob":"x{100}/) });
      expect(step.output.preview.length).toBeLessThanOrEqual(2000);
    }
    // Later steps see what the run log shows, whether or not the run was resumed in between.
    expect(stepOf(run, 'last')[0].output).toEqual({ sawMarker: true });
  });

  it('shows large stored values as previews in a run read and serves each in full per step', async () => {
    const flowId = await publishFlow(app, 'Large but stored', {
      nodes: [{ id: 'start', type: 'core.manual', params: {} }, { id: 'wide', type: 'core.map', params: { fields: { blob: "{{ 'y'.repeat(40000) }}" } } }],
      edges: [{ from: 'start', to: 'wide' }],
    });
    const { body } = await app.http().post(`/api/flows/${flowId}/run`).send({ payload: {} }).expect(202);
    const run = await waitForRun(app, body.runId);
    const [wide] = stepOf(run, 'wide');
    expect(wide.output).toEqual({ $truncated: true, size: 40000 + '{"blob": ""}'.length, preview: expect.stringMatching(/^\{"blob": "y+/) });
    expect(run).toMatchObject({ stepsTotal: run.steps.length, stepsTruncated: false });
    const full = await app.as('manager').get(`/api/runs/${run.id}/steps/${wide.id}`).expect(200);
    expect(full.body.output.blob).toHaveLength(40000);
    await app.as('manager').get(`/api/runs/${run.id}/steps/999999999`).expect(404);
  });
});
