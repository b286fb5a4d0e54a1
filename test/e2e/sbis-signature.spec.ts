import { SbisSimulator } from '../../nodes/connectors/sbis/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { TriggerPolls } from '../../server/src/engine/polls/trigger-polls';
import { eventually, publishFlow, startTestApp, type TestApp } from '../support/test-app';

/**
 * Seed 004's wait for a signature, fed by SBIS itself: the polling trigger reads SBIS's change list
 * and the signed act resumes the run waiting on the act's id, on its "event" port.
 */
describe('an act signed in SBIS resumes the process waiting for it', () => {
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const sbis = new SbisSimulator({ now: () => clock.now() });
  let app: TestApp;

  beforeAll(async () => {
    await sbis.start();
    app = await startTestApp({ clock });
  });
  afterAll(async () => {
    await app.close();
    await sbis.stop();
  });

  it('delivers the signature once, as the event the waiting run is keyed on', async () => {
    await app.http().post('/api/connectors/sbis/enable').expect(200);
    const connection = (await app.http().post('/api/connections').send({
      connector: 'sbis', name: 'SBIS (simulator)',
      credentials: { baseUrl: sbis.url, login: sbis.login, password: sbis.password, ourInn: sbis.ourInn, ourKpp: sbis.ourKpp },
    }).expect(201)).body.id as string;
    const watcher = await publishFlow(app, 'SBIS outcomes', {
      nodes: [{ id: 'changed', type: 'sbis.documentChanged', params: { connection, onlyOutcomes: true } }],
      edges: [],
    });
    const process = await publishFlow(app, 'Act for signature', {
      settings: { calendar: 'ru', timezone: 'Europe/Moscow' },
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'signed', type: 'core.waitForEvent', params: { eventType: 'sbis.document.signed', correlationKey: '{{ $trigger.documentId }}', timeoutAmount: 5, timeoutUnit: 'workdays' } },
        { id: 'rendered', type: 'core.map', params: { fields: { status: 'Service rendered', doc: '{{ $steps.signed.event.documentId ?? $trigger.documentId }}' } } },
        { id: 'chase', type: 'core.map', params: { fields: { task: 'Specify act status' } } },
      ],
      edges: [{ from: 'start', to: 'signed' }, { from: 'signed', port: 'event', to: 'rendered' }, { from: 'signed', port: 'timeout', to: 'chase' }],
    });
    const polls = app.app.get(TriggerPolls);
    // The first poll learns where "now" is in SBIS: nothing before it is delivered.
    await polls.pollDue();

    const act = sbis.seedSentDocument();
    const { runId } = (await app.http().post(`/api/flows/${process}/run`).send({ payload: { documentId: act.id } }).expect(202)).body;
    await eventually(async () => (await app.http().get(`/api/runs/${runId}`)).body.status, (s) => s === 'waiting');

    clock.advance(3 * 24 * 3600_000);
    sbis.sign(act.id);
    clock.advance(61_000);
    await polls.pollDue();
    const run = await eventually(async () => (await app.http().get(`/api/runs/${runId}`)).body, (r) => r.status === 'succeeded');
    expect(run.steps.filter((s: { nodeId: string }) => s.nodeId === 'signed').at(-1).port).toBe('event');
    expect(run.steps.find((s: { nodeId: string }) => s.nodeId === 'chase').status).toBe('skipped');

    // Polled again: the signature is not delivered a second time.
    clock.advance(61_000);
    await polls.pollDue();
    const { body: runs } = await app.http().get(`/api/runs?flowId=${watcher}`).expect(200);
    expect(runs.items).toHaveLength(1);
  });
});
