import { KommoSimulator } from '../../nodes/connectors/kommo/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { eventually, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Run = { id: string; status: string; businessKey: string | null; steps: any[] };
/** Every row of a node, oldest first: the run read folds earlier ones into the step's history. */
const attempts = (run: Run, nodeId: string): any[] => run.steps.filter((s) => s.nodeId === nodeId).flatMap((s) => [...s.history, s]);

/** Intake stores first: a trigger's remote re-read happens inside the run, with retries. */
describe('a Kommo stage change while Kommo is down', () => {
  const TO_INVOICE = 70010001;
  const clock = new FakeClock(new Date());
  const kommo = new KommoSimulator({ accessToken: 'kommo-token-load-1' });
  let app: TestApp;

  beforeAll(async () => {
    await kommo.start();
    app = await startTestApp({ clock });
    await app.http().post('/api/connectors/kommo/enable').expect(200);
    const connection = await app.http().post('/api/connections')
      .send({ connector: 'kommo', name: 'Kommo', credentials: { baseUrl: kommo.url, accessToken: 'kommo-token-load-1' } }).expect(201);
    const flow = await app.http().post('/api/flows').send({
      name: 'Deal to invoice',
      graph: {
        nodes: [
          { id: 'deal', type: 'kommo.leadStatusChanged', params: { connection: connection.body.id, path: 'kommo/load', statusId: TO_INVOICE } },
          { id: 'shape', type: 'core.map', params: { fields: { name: '{{ $trigger.lead.name }}', price: '{{ $trigger.lead.price }}' } } },
        ],
        edges: [{ from: 'deal', to: 'shape' }],
      },
    }).expect(201);
    await app.http().post(`/api/flows/${flow.body.id}/publish`).expect(200);
  });
  afterAll(async () => {
    await app.close();
    await kommo.stop();
  });

  /** One form-encoded delivery listing every lead, as Kommo sends a bulk stage change. */
  function bulkMove(leadIds: number[]): string {
    const batch = new URLSearchParams();
    leadIds.forEach((id, i) => {
      for (const [key, value] of new URLSearchParams(kommo.moveLead(id, TO_INVOICE))) {
        if (key.startsWith('leads[status][0]')) batch.append(key.replace('[0]', `[${i}]`), value);
        else if (i === 0) batch.append(key, value);
      }
    });
    return batch.toString();
  }
  const deliver = (body: string) => app.http().post('/hooks/kommo/load').set('content-type', 'application/x-www-form-urlencoded').send(body);
  const getRun = async (id: string): Promise<Run> => (await app.http().get(`/api/runs/${id}`).expect(200)).body;
  const leadReads = () => kommo.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v4/leads/'));

  it('answers at once with one run per lead, and every run completes once Kommo is back', async () => {
    const leads = [1, 2, 3, 4, 5].map((i) => kommo.addLead({ name: `Tour ${i}`, price: 100 * i, pipeline_id: 7001 }));
    kommo.injectFault({ status: 503, times: 10_000 });

    const started = Date.now();
    const res = await deliver(bulkMove(leads.map((l) => l.id))).expect(202);
    const answeredInMs = Date.now() - started;
    expect(res.body.runs).toHaveLength(leads.length);
    const runIds: string[] = res.body.runs.map((r: { runId: string }) => r.runId);

    // Each run tried Kommo in its first job, got 503, and waits for a durable retry: none failed.
    const waiting = await eventually(() => Promise.all(runIds.map(getRun)), (runs) => runs.every((r) => r.steps.some((s) => s.nodeId === 'deal' && s.status === 'failed')));
    for (const run of waiting) {
      expect(run.status).toBe('running');
      // The trigger's first row (waiting to load) and its failed attempt are one step with its history.
      expect(attempts(run, 'deal').map((s) => s.status)).toEqual(['waiting', 'failed']);
      expect(attempts(run, 'deal').find((s) => s.status === 'failed')).toMatchObject({ error: { kind: 'remote', status: 503, retryable: true }, retryAt: expect.any(String) });
    }
    expect(waiting.map((r) => r.businessKey).sort()).toEqual(leads.map((l) => String(l.id)).sort());

    kommo.clearFaults();
    const readsBefore = leadReads().length;
    clock.advance(10 * 60_000);
    await app.wakeDue();
    const runs = await Promise.all(runIds.map((id) => waitForRun(app, id) as Promise<Run>));

    console.log(`bulk change of ${leads.length} leads answered in ${answeredInMs} ms; lead reads while down ${readsBefore}, after ${leadReads().length - readsBefore}`);
    for (const run of runs) {
      expect(run.status).toBe('succeeded');
      const lead = leads.find((l) => String(l.id) === run.businessKey)!;
      expect(attempts(run, 'deal').map((s) => s.status)).toEqual(['waiting', 'failed', 'succeeded']);
      expect(run.steps.find((s) => s.nodeId === 'shape')).toMatchObject({ status: 'succeeded', output: { name: lead.name, price: lead.price } });
    }
    // Once back, each lead is read exactly once: one run per lead, none repeated.
    expect(leadReads().slice(readsBefore).map((r) => r.path).sort()).toEqual(leads.map((l) => `/api/v4/leads/${l.id}`).sort());
  });

  it('ends the run of a lead deleted in the meantime as ignored, not failed', async () => {
    const lead = kommo.addLead({ name: 'Gone soon', pipeline_id: 7001 });
    const body = kommo.moveLead(lead.id, TO_INVOICE);
    kommo.leads.delete(lead.id);
    const res = await deliver(body).expect(202);

    const run = await waitForRun(app, res.body.runId) as Run;
    expect(run.status).toBe('succeeded');
    expect(run.steps.filter((s) => s.nodeId === 'deal').at(-1)).toMatchObject({ status: 'skipped', output: { ignored: `Kommo lead ${lead.id} no longer exists` } });
    expect(run.steps.find((s) => s.nodeId === 'shape')).toMatchObject({ status: 'skipped' });
  });
});
