import { DataSource } from 'typeorm';
import { EmailSimulator } from '../../nodes/connectors/email/simulator';
import { Alerts } from '../../server/src/engine/alerts/alerts';
import { FakeClock } from '../../server/src/engine/clock';
import { eventually, publishFlow, startTestApp, type TestApp } from '../support/test-app';

/** A failed run of a flow with alerts tells people once per digest window and starts the error flow with the failed runs. */
describe('alerts on failed runs', () => {
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const smtp = new EmailSimulator();
  let app: TestApp;
  let db: DataSource;
  let emailConnection: string;
  let errorFlowId: string;
  let flowId: string;

  const alerts = () => app.app.get(Alerts);
  const start = async (id: string, payload: Record<string, unknown>, draft = false) => (await app.http().post(`/api/flows/${id}/run`).send({ payload, draft }).expect(202)).body.runId as string;
  const ended = (runIds: string[]) => eventually(
    async () => (await db.query(`select count(*)::int as n from runs where id = any($1) and status in ('succeeded', 'failed')`, [runIds]))[0].n as number,
    (n) => n === runIds.length,
  );
  const runsOf = async (id: string) => db.query(`select r.id, s.output from runs r join steps s on s.run_id = r.id and s.node_id = 'failed' where r.flow_id = $1 order by r.seq`, [id]);
  const later = (ms: number) => clock.advance(ms);

  beforeAll(async () => {
    await smtp.start();
    app = await startTestApp({ clock });
    db = app.app.get(DataSource);
    emailConnection = (await app.http().post('/api/connections').send({
      connector: 'email', name: 'Ops mail', credentials: { host: smtp.host, port: String(smtp.port), secure: 'false', from: 'Flowbridge <robot@example.com>' },
    }).expect(201)).body.id;
    errorFlowId = await publishFlow(app, 'When an invoice flow fails', {
      nodes: [{ id: 'failed', type: 'core.manual', params: {} }, { id: 'note', type: 'core.map', params: { fields: { count: '{{ $trigger.count }}' } } }],
      edges: [{ from: 'failed', to: 'note' }],
    });
    flowId = await publishFlow(app, 'Invoice for the deal', {
      settings: { alerts: { notify: { channel: 'email', emailConnection, to: ['ops@example.com'] }, errorFlowId, digestMinutes: 5 } },
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'billing', type: 'core.fail', name: 'Create the invoice', params: { message: 'EasyCount refused deal {{ $trigger.deal }}' } },
      ],
      edges: [{ from: 'start', to: 'billing' }],
    });
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop();
  });

  it('sends one message for ten failures within the digest window, and starts the error flow once with them', async () => {
    const runIds: string[] = [];
    for (let deal = 4701; deal <= 4710; deal++) {
      runIds.push(await start(flowId, { deal: String(deal) }));
      later(10_000);
    }
    // A test run of the draft failing is the analyst's business, not an alert.
    const testRun = await start(flowId, { deal: 'test' }, true);
    await ended([...runIds, testRun]);

    later(3_000);
    await alerts().dispatchDue();
    expect(smtp.messages).toHaveLength(0);
    expect(await runsOf(errorFlowId)).toHaveLength(0);

    later(5 * 60_000);
    await alerts().dispatchDue();
    await alerts().dispatchDue();
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail.to).toEqual(['ops@example.com']);
    expect(mail.subject).toBe('Flowbridge: 10 runs of "Invoice for the deal" failed');
    for (const id of runIds) expect(mail.text).toContain(`/runs/${id}`);
    expect(mail.text).not.toContain(testRun);
    expect(mail.text).toContain('billing: EasyCount refused deal 4701');
    expect(mail.text).toMatch(/\/runs\?flowId=[0-9a-f-]+&status=failed&from=/);

    const errorRuns = await eventually(() => runsOf(errorFlowId), (rows) => rows.length === 1);
    expect(errorRuns[0].output).toMatchObject({ flow: { id: flowId, name: 'Invoice for the deal' }, count: 10 });
    // Listed in the order they failed, which the worker decides.
    expect(errorRuns[0].output.failures.map((f: { runId: string }) => f.runId).sort()).toEqual([...runIds].sort());
  });

  it('tells of a later failure in a message of its own, after its own window', async () => {
    const runId = await start(flowId, { deal: '4711' });
    await ended([runId]);
    later(3_000);
    await alerts().dispatchDue();
    expect(smtp.messages).toHaveLength(1);

    later(5 * 60_000);
    await alerts().dispatchDue();
    expect(smtp.messages).toHaveLength(2);
    // The simulator lists the newest message first.
    expect(smtp.messages[0].subject).toBe('Flowbridge: a run of "Invoice for the deal" failed');
    expect(smtp.messages[0].text).toContain(`/runs/${runId}`);
    expect(smtp.messages[0].text).not.toContain('4701');
    await eventually(() => runsOf(errorFlowId), (rows) => rows.length === 2);
  });

  it('tries an alert the mail server refused again later, without starting the error flow twice', async () => {
    smtp.failNext({ responseCode: 451, message: 'Try again later' });
    const runId = await start(flowId, { deal: '4712' });
    await ended([runId]);
    later(5 * 60_000 + 3_000);
    await alerts().dispatchDue();
    expect(smtp.messages).toHaveLength(2);
    const [pending] = await db.query(`select status, attempts, last_error, error_run_id from alert_deliveries order by created_at desc limit 1`);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending.last_error).toMatch(/451/);
    // The error flow is not part of what failed: it was started, and is not started again.
    expect(pending.error_run_id).toBeTruthy();

    await alerts().dispatchDue();
    expect(smtp.messages).toHaveLength(2);
    later(61_000);
    await alerts().dispatchDue();
    expect(smtp.messages).toHaveLength(3);
    expect(smtp.messages[0].text).toContain(`/runs/${runId}`);
    expect(await runsOf(errorFlowId)).toHaveLength(3);
    const [sent] = await db.query(`select status, attempts from alert_deliveries order by created_at desc limit 1`);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('refuses alert settings it could not send, naming the field', async () => {
    const res = await app.http().post('/api/flows').send({
      name: 'Bad alerts',
      graph: { settings: { alerts: { notify: { channel: 'email', to: ['not an address'] } } }, nodes: [{ id: 'start', type: 'core.manual', params: {} }], edges: [] },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('settings.alerts.notify');
  });
});
