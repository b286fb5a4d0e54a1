import { Bitrix24Simulator } from '../../nodes/connectors/bitrix24/simulator';
import { FakeClock } from '../../server/src/engine/clock';
import { allAttempts, eventually, publishFlow, startTestApp, type TestApp } from '../support/test-app';

type Step = { nodeId: string; status: string; error?: { kind: string }; retryAt?: string | null };
type Run = { id: string; status: string; businessKey: string | null; steps: Step[] };

/**
 * Seed 003 (Bitrix24 automations), end to end through HTTP against the simulator, with the portal's
 * request limit on: a new invoice tells the manager's head of department; a paid
 * invoice moves its deal on, gives the accountant a task for the act and tells the manager.
 */
describe('scenario: Bitrix24 smart invoices notify the head of department and move the deal when paid', () => {
  const TOKEN = 'b24-app-token-scenario-1';
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  // A real portal lets bursts of 50 through; a burst of 3 makes these short flows hit the limit.
  const bitrix = new Bitrix24Simulator({ applicationToken: TOKEN, now: () => clock.now(), rateLimit: { perSecond: 2, burst: 3 } });
  let app: TestApp;

  beforeAll(async () => {
    await bitrix.start();
    app = await startTestApp({ clock });
    await app.http().post('/api/connectors/bitrix24/enable').expect(200);
    const connection = (await app.http().post('/api/connections')
      .send({ connector: 'bitrix24', name: 'Bitrix24 (simulator)', credentials: { webhookUrl: bitrix.webhookUrl, applicationToken: TOKEN } }).expect(201)).body.id as string;
    await publishFlow(app, 'New invoice → head of department', {
      nodes: [
        { id: 'created', type: 'bitrix24.invoiceCreated', params: { connection, path: 'bitrix24/invoice-created' } },
        { id: 'head', type: 'bitrix24.findDepartmentHead', params: { connection, userId: '{{ $trigger.invoice.assignedById }}' } },
        { id: 'tell', type: 'bitrix24.notifyUser', params: { connection, userId: '{{ $steps.head.head.id }}', message: 'New invoice #{{ $trigger.invoice.id }} for {{ $trigger.invoice.opportunity }} RUB by {{ $steps.head.user.name }}' } },
      ],
      edges: [{ from: 'created', to: 'head' }, { from: 'head', to: 'tell' }],
    });
    await publishFlow(app, 'Paid invoice → next stage, act task, manager told', {
      nodes: [
        { id: 'paid', type: 'bitrix24.invoicePaid', params: { connection, path: 'bitrix24/invoice-paid' } },
        { id: 'deal', type: 'bitrix24.getDeal', params: { connection, dealId: '{{ $trigger.invoice.dealId }}' } },
        { id: 'move', type: 'bitrix24.updateDeal', params: { connection, dealId: '{{ $trigger.invoice.dealId }}', stageId: 'EXECUTING' } },
        { id: 'act', type: 'bitrix24.createTask', params: { connection, title: 'Act for invoice #{{ $trigger.invoice.id }}', responsibleId: 9, dealId: '{{ $trigger.invoice.dealId }}', invoiceId: '{{ $trigger.invoice.id }}' } },
        { id: 'tell', type: 'bitrix24.notifyUser', params: { connection, userId: '{{ $steps.deal.deal.assignedById }}', message: 'Invoice #{{ $trigger.invoice.id }} is paid' } },
      ],
      edges: [{ from: 'paid', to: 'deal' }, { from: 'deal', to: 'move' }, { from: 'move', to: 'act' }, { from: 'act', to: 'tell' }],
    });
  });
  afterAll(async () => {
    await app.close();
    await bitrix.stop();
  });

  const deliver = (path: string, body: string) => app.http().post(`/hooks/${path}`).set('content-type', 'application/x-www-form-urlencoded').send(body).expect(202);
  /**
   * Lets a rate-limited run finish: each wake-up comes once the run waits for a retry, after the
   * portal's bucket has drained. Null once there is no run (its trigger found nothing changed).
   */
  async function outcome(runId: string): Promise<Run | null> {
    const terminal = (run: Run) => ['succeeded', 'failed', 'cancelled'].includes(run.status);
    const waitsForRetry = (run: Run) => {
      const last = run.steps.at(-1);
      return last?.status === 'failed' && !!last.retryAt && Date.parse(last.retryAt) > clock.now().getTime();
    };
    for (let wake = 0; wake < 20; wake++) {
      const read = await eventually(() => app.http().get(`/api/runs/${runId}`), (r) => r.status === 404 || (r.status === 200 && (terminal(r.body) || waitsForRetry(r.body))));
      if (read.status === 404) return null;
      if (terminal(read.body)) return read.body as Run;
      clock.advance(60_000);
      await app.wakeDue();
    }
    throw new Error(`Run ${runId} did not finish after 20 wake-ups`);
  }
  async function finish(runId: string): Promise<Run> {
    const run = await outcome(runId);
    if (!run) throw new Error(`Run ${runId} is gone: its trigger found nothing changed`);
    return run;
  }

  it('tells the head of sales about a new invoice of a sales manager', async () => {
    bitrix.addDeal({ ID: '410', ASSIGNED_BY_ID: '5' });
    bitrix.addInvoice({ id: 1201, opportunity: 150000, parentId2: 410, assignedById: 5 });
    const run = await finish((await deliver('bitrix24/invoice-created', bitrix.invoiceEvent('ONCRMDYNAMICITEMADD', 1201))).body.runId);

    expect(run).toMatchObject({ status: 'succeeded', businessKey: '1201' });
    expect(bitrix.notifications).toEqual([expect.objectContaining({ USER_ID: 7, MESSAGE: 'New invoice #1201 for 150000 RUB by Pavel Smirnov' })]);
  });

  it('on payment moves the deal on, tasks the accountant with the act and tells the manager, once, despite the rate limit', async () => {
    bitrix.moveInvoice(1201, 'DT31_1:S');
    // Sent, not paid: the paid trigger's flow leaves no run for it.
    expect(await outcome((await deliver('bitrix24/invoice-paid', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1201))).body.runId)).toBeNull();
    bitrix.moveInvoice(1201, 'DT31_1:P');
    const paid = await finish((await deliver('bitrix24/invoice-paid', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1201))).body.runId);
    // Once more, nothing changed: no run, however long the rate limit kept its re-read waiting.
    const again = await outcome((await deliver('bitrix24/invoice-paid', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1201))).body.runId);

    expect(paid.status).toBe('succeeded');
    expect(bitrix.deals.get(410)).toMatchObject({ STAGE_ID: 'EXECUTING' });
    expect([...bitrix.tasks.values()]).toEqual([expect.objectContaining({ title: 'Act for invoice #1201', responsibleId: '9', ufCrmTask: ['D_410', 'SI_1201'] })]);
    expect(bitrix.notifications.at(-1)).toMatchObject({ USER_ID: 5, MESSAGE: 'Invoice #1201 is paid' });
    expect(again).toBeNull();
    // The portal did refuse calls beyond 2 a second; every refused step was retried, none failed the run.
    const limited = (allAttempts(paid) as { status: string; error?: { kind: string } | null }[]).filter((s) => s.status === 'failed');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((s) => s.error?.kind === 'rate_limit')).toBe(true);
  });
});
