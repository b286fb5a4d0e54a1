import { Bitrix24Simulator } from '../../nodes/connectors/bitrix24/simulator';
import { EmailSimulator } from '../../nodes/connectors/email/simulator';
import { KommoSimulator } from '../../nodes/connectors/kommo/simulator';
import { TelegramSimulator } from '../../nodes/connectors/telegram/simulator';
import { DemoOutbox } from '../../server/src/demo/demo-outbox';
import { publishFlow, startTestApp, waitForRun, type TestApp } from '../support/test-app';

type Step = { nodeId: string; status: string; attempt: number; output?: Record<string, unknown> | null; error: { kind: string; message: string; retryable: boolean; field?: string } | null; retryAt: string | null; finishedAt: string; history?: Step[] };
type Run = { id: string; status: string; steps: Step[] };
/** Every attempt of a node, oldest first: the run read folds earlier ones into the step's history. */
const stepsOf = (run: Run, nodeId: string) => run.steps.filter((s) => s.nodeId === nodeId).flatMap((s) => [...(s.history ?? []), s]);

/**
 * The case study's "notify the head of department when an invoice is created", published and run
 * through the real engine against a real local SMTP server and the Telegram simulator.
 */
describe('core.notify in a published flow', () => {
  const SMTP_PASSWORD = 'smtp-e2e-password-3c2b';
  const BOT_TOKEN = '7000000001:AAE-e2e-bot-token';
  const SALES_CHAT = '-1001234567890';
  // Bytes that are not valid UTF-8, so a text round trip anywhere on the way would show.
  const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3]), Buffer.from('\n%%EOF\n')]);

  const smtp = new EmailSimulator({ user: 'robot', password: SMTP_PASSWORD });
  const telegram = new TelegramSimulator({ botToken: BOT_TOKEN, chats: [SALES_CHAT] });
  let app: TestApp;
  let emailConnection: string;
  let wrongPasswordConnection: string;
  let telegramConnection: string;
  let invoiceFlow: string;

  beforeAll(async () => {
    await Promise.all([smtp.start(), telegram.start()]);
    app = await startTestApp();
    const connect = async (connector: string, name: string, credentials: Record<string, string>) =>
      (await app.http().post('/api/connections').send({ connector, name, credentials }).expect(201)).body.id as string;
    const smtpFields = { host: smtp.host, port: String(smtp.port), secure: 'false', user: 'robot', from: 'Flowbridge <robot@example.com>' };
    emailConnection = await connect('email', 'Office mail', { ...smtpFields, password: SMTP_PASSWORD });
    wrongPasswordConnection = await connect('email', 'Office mail (old password)', { ...smtpFields, password: 'expired-password-99' });
    telegramConnection = await connect('telegram', 'Sales bot', { botToken: BOT_TOKEN, baseUrl: telegram.url });

    invoiceFlow = await publishFlow(app, 'Invoice created: tell the head of department', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        {
          id: 'invoice', type: 'core.code', params: {
            code: `return {
              number: $trigger.invoice.number,
              headEmail: $trigger.department.head,
              pdf: { filename: 'invoice-' + $trigger.invoice.number + '.pdf', contentBase64: $trigger.invoice.pdfBase64, contentType: 'application/pdf' },
            };`,
          },
        },
        {
          id: 'mail', type: 'core.notify', retry: { attempts: 3, backoff: 'fixed', delayMs: 100 }, params: {
            channel: 'email', emailConnection,
            to: '{{ $steps.invoice.headEmail }}', cc: 'accounting@example.com',
            subject: 'Invoice {{ $steps.invoice.number }} created',
            text: 'Invoice {{ $steps.invoice.number }} for {{ $trigger.invoice.amount }} ILS was created by {{ $trigger.manager }}.',
            attachments: '{{ $steps.invoice.pdf }}',
          },
        },
        {
          id: 'chat', type: 'core.notify', retry: { attempts: 3, backoff: 'fixed', delayMs: 100 }, params: {
            channel: 'telegram', telegramConnection, chatId: '{{ $trigger.salesChat }}',
            text: 'New invoice <b>{{ $steps.invoice.number }}</b>: {{ $trigger.invoice.amount }} ILS', parseMode: 'HTML',
          },
        },
      ],
      edges: [{ from: 'start', to: 'invoice' }, { from: 'invoice', to: 'mail' }, { from: 'invoice', to: 'chat' }],
    });
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([smtp.stop(), telegram.stop()]);
  });
  beforeEach(() => {
    smtp.clearFaults();
    telegram.clearFaults();
  });

  const runInvoiceFlow = async (number: string): Promise<Run> => {
    const payload = {
      invoice: { number, amount: 4500, pdfBase64: PDF.toString('base64') },
      department: { head: 'head.sales@example.com' },
      manager: 'Anna Petrova',
      salesChat: SALES_CHAT,
    };
    const { runId } = (await app.http().post(`/api/flows/${invoiceFlow}/run`).send({ payload }).expect(202)).body;
    return waitForRun(app, runId, undefined, 30_000);
  };

  it('e-mails the head of department with the invoice PDF and tells the sales chat', async () => {
    const run = await runInvoiceFlow('1042');
    expect(run.status).toBe('succeeded');

    const mail = smtp.messages.find((m) => m.subject === 'Invoice 1042 created')!;
    expect(mail).toMatchObject({
      from: 'robot@example.com',
      to: ['head.sales@example.com'],
      cc: ['accounting@example.com'],
      text: 'Invoice 1042 for 4500 ILS was created by Anna Petrova.',
      messageId: `<${run.id}=3Amail=3A0@flowbridge>`,
    });
    expect(mail.attachments.map((a) => a.filename)).toEqual(['invoice-1042.pdf']);
    expect(mail.attachments[0].contentType).toBe('application/pdf');
    expect(mail.attachments[0].content.equals(PDF)).toBe(true);

    expect(telegram.sent.find((m) => m.text.includes('1042'))).toMatchObject({ chatId: SALES_CHAT, text: 'New invoice <b>1042</b>: 4500 ILS', parseMode: 'HTML' });

    const [mailStep] = stepsOf(run, 'mail');
    expect(mailStep.output).toEqual({
      channel: 'email', to: ['head.sales@example.com'], cc: ['accounting@example.com'], subject: 'Invoice 1042 created',
      messageId: `<${run.id}=3Amail=3A0@flowbridge>`, accepted: ['head.sales@example.com', 'accounting@example.com'], rejected: [],
      attachments: [{ filename: 'invoice-1042.pdf', size: PDF.length, contentType: 'application/pdf' }],
    });
    expect(stepsOf(run, 'chat')[0].output).toMatchObject({ channel: 'telegram', chatId: SALES_CHAT, messageId: expect.any(Number) });
    const everything = JSON.stringify(await app.http().get(`/api/runs/${run.id}`).expect(200).then((r) => r.body));
    expect(everything).not.toContain(SMTP_PASSWORD);
    expect(everything).not.toContain(BOT_TOKEN);
  });

  it('retries the Telegram message after a 429 no sooner than Telegram asked, and sends it once', async () => {
    telegram.rateLimit(1);
    const run = await runInvoiceFlow('1043');
    expect(run.status).toBe('succeeded');
    const [limited, sent] = stepsOf(run, 'chat');
    expect(limited).toMatchObject({ status: 'failed', attempt: 1, error: { kind: 'rate_limit', retryable: true } });
    expect(Date.parse(limited.retryAt!) - Date.parse(limited.finishedAt)).toBeGreaterThanOrEqual(1000);
    expect(sent).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(telegram.sent.filter((m) => m.text.includes('1043'))).toHaveLength(1);
    // The e-mail branch was not held back or repeated by the other branch's retry.
    expect(smtp.messages.filter((m) => m.subject === 'Invoice 1043 created')).toHaveLength(1);
  });

  it('fails a wrong SMTP password at once as an auth error, without retrying', async () => {
    const flow = await publishFlow(app, 'Old password', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'mail', type: 'core.notify', retry: { attempts: 5, backoff: 'fixed', delayMs: 50 }, params: { channel: 'email', emailConnection: wrongPasswordConnection, to: 'head@example.com', subject: 'Never sent', text: 'x' } },
      ],
      edges: [{ from: 'start', to: 'mail' }],
    });
    const before = smtp.messages.length;
    const { runId } = (await app.http().post(`/api/flows/${flow}/run`).send({ payload: {} }).expect(202)).body;
    const run: Run = await waitForRun(app, runId);
    expect(run.status).toBe('failed');
    const steps = stepsOf(run, 'mail');
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ status: 'failed', attempt: 1, retryAt: null, error: { kind: 'auth', retryable: false } });
    expect(steps[0].error!.message).toMatch(/refused the user name or password/);
    expect(JSON.stringify(run)).not.toContain('expired-password-99');
    expect(smtp.messages.length).toBe(before);
  });

  it('fails a recipient the server does not know as an input error naming "to"', async () => {
    smtp.rejectRecipient('left.company@example.com');
    const flow = await publishFlow(app, 'Unknown recipient', {
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'mail', type: 'core.notify', params: { channel: 'email', emailConnection, to: '{{ $trigger.to }}', subject: 'Hello', text: 'x' } },
      ],
      edges: [{ from: 'start', to: 'mail' }],
    });
    const { runId } = (await app.http().post(`/api/flows/${flow}/run`).send({ payload: { to: ['left.company@example.com'] } }).expect(202)).body;
    const run: Run = await waitForRun(app, runId);
    expect(run.status).toBe('failed');
    expect(stepsOf(run, 'mail')).toEqual([expect.objectContaining({ attempt: 1, error: expect.objectContaining({ kind: 'input', field: 'to', retryable: false }) })]);
  });

  it('shows what was delivered in the demo outbox to admins and analysts, without attachment bytes', async () => {
    const outbox = app.app.get(DemoOutbox);
    const detach = [smtp.onMessage((m) => outbox.addEmail(m)), telegram.onMessage((m) => outbox.addTelegram(m, '@flowbridge_demo_bot'))];
    outbox.running = true;
    try {
      await runInvoiceFlow('1044');
      const listed = (await app.as('analyst').get('/api/demo/outbox').expect(200)).body as Record<string, unknown>[];
      expect(listed[0].channel === 'telegram' || listed[1].channel === 'telegram').toBe(true);
      const mail = listed.find((m) => m.subject === 'Invoice 1044 created');
      expect(mail).toMatchObject({
        channel: 'email', from: 'robot@example.com', to: ['head.sales@example.com'], cc: ['accounting@example.com'],
        text: 'Invoice 1044 for 4500 ILS was created by Anna Petrova.',
        attachments: [{ filename: 'invoice-1044.pdf', contentType: 'application/pdf', size: PDF.length }],
        receivedAt: expect.any(String),
      });
      expect(JSON.stringify(listed)).not.toContain(PDF.toString('base64'));
      const telegramOnly = (await app.as('admin').get('/api/demo/outbox?channel=telegram').expect(200)).body as { channel: string; to: string[]; text: string }[];
      expect(telegramOnly[0]).toMatchObject({ channel: 'telegram', from: '@flowbridge_demo_bot', to: [SALES_CHAT], text: 'New invoice <b>1044</b>: 4500 ILS' });
      expect(telegramOnly.every((m) => m.channel === 'telegram')).toBe(true);
      await app.as('manager').get('/api/demo/outbox').expect(403);
      const bad = await app.as('analyst').get('/api/demo/outbox?channel=fax').expect(400);
      expect(bad.body.message).toContain("'channel'");
    } finally {
      outbox.running = false;
      detach.forEach((off) => off());
    }
  });

  /** The same notification inside the CRM: the recipient is found upstream, as the case study's head of department is. */
  describe('in the CRM', () => {
    const bitrix = new Bitrix24Simulator({ applicationToken: 'b24-notify-e2e-token' });
    const kommo = new KommoSimulator({ accessToken: 'kommo-notify-e2e-token' });
    let bitrixFlow: string;
    let kommoFlow: string;
    let bellOnlyFlow: string;
    let bitrix24Connection: string;

    beforeAll(async () => {
      await Promise.all([bitrix.start(), kommo.start()]);
      await app.http().post('/api/connectors/bitrix24/enable').expect(200);
      await app.http().post('/api/connectors/kommo/enable').expect(200);
      const connect = async (connector: string, credentials: Record<string, string>) =>
        (await app.http().post('/api/connections').send({ connector, name: connector, credentials }).expect(201)).body.id as string;
      bitrix24Connection = await connect('bitrix24', { webhookUrl: bitrix.webhookUrl, applicationToken: 'b24-notify-e2e-token' });
      const kommoConnection = await connect('kommo', { baseUrl: kommo.url, accessToken: 'kommo-notify-e2e-token' });

      bitrixFlow = await publishFlow(app, 'Invoice created: tell the head of department in Bitrix24', {
        nodes: [
          { id: 'start', type: 'core.manual', params: {} },
          { id: 'head', type: 'bitrix24.findDepartmentHead', params: { connection: bitrix24Connection, userId: '{{ $trigger.managerId }}' } },
          {
            id: 'bell', type: 'core.notify', params: {
              channel: 'bitrix24', bitrix24Connection, bitrix24User: '{{ $steps.head.head.id }}',
              text: 'Invoice {{ $trigger.invoice }} was created by {{ $steps.head.user.name }}',
            },
          },
        ],
        edges: [{ from: 'start', to: 'head' }, { from: 'head', to: 'bell' }],
      });
      bellOnlyFlow = await publishFlow(app, 'Ping the head of sales in Bitrix24', bellOnly('ping'));
      kommoFlow = await publishFlow(app, 'Invoice paid: tell the lead owner in Kommo', {
        nodes: [
          { id: 'start', type: 'core.manual', params: {} },
          { id: 'lead', type: 'kommo.getLead', params: { connection: kommoConnection, leadId: '{{ $trigger.leadId }}' } },
          {
            id: 'task', type: 'core.notify', params: {
              channel: 'kommo', kommoConnection, kommoUser: '{{ $steps.lead.lead.responsibleUserId }}', kommoLeadId: '{{ $trigger.leadId }}',
              text: 'Invoice {{ $trigger.invoice }} for {{ $steps.lead.lead.name }} was paid',
            },
          },
        ],
        edges: [{ from: 'start', to: 'lead' }, { from: 'lead', to: 'task' }],
      });
    });
    afterAll(async () => {
      await Promise.all([bitrix.stop(), kommo.stop()]);
    });

    /** No Bitrix24 node: only the notification's channel goes through Bitrix24. */
    const bellOnly = (text: string) => ({
      nodes: [
        { id: 'start', type: 'core.manual', params: {} },
        { id: 'bell', type: 'core.notify', params: { channel: 'bitrix24', bitrix24Connection, bitrix24User: '7', text } },
      ],
      edges: [{ from: 'start', to: 'bell' }],
    });

    const run = async (flowId: string, payload: Record<string, unknown>): Promise<Run> => {
      const { runId } = (await app.http().post(`/api/flows/${flowId}/run`).send({ payload }).expect(202)).body;
      return waitForRun(app, runId, undefined, 30_000);
    };

    it('notifies the manager’s head of department in Bitrix24, tagged with the step so a retry replaces it', async () => {
      const finished = await run(bitrixFlow, { managerId: 5, invoice: 'INV-1042' });
      expect(finished.status).toBe('succeeded');
      // Pavel Smirnov (5) works in Sales, headed by Olga Petrova (7).
      expect(bitrix.notifications).toEqual([{
        id: expect.any(Number), USER_ID: 7, MESSAGE: 'Invoice INV-1042 was created by Pavel Smirnov', TAG: `flowbridge:${finished.id}:bell:0`,
      }]);
      expect(stepsOf(finished, 'bell')[0].output).toEqual({ channel: 'bitrix24', userId: 7, notificationId: bitrix.notifications[0].id });
    });

    it('gives the lead’s responsible user a Kommo task about it on the lead', async () => {
      kommo.addLead({ id: 4711, name: 'Tel Aviv office move', responsible_user_id: 2079718 });
      const finished = await run(kommoFlow, { leadId: 4711, invoice: 'INV-1001' });
      expect(finished.status).toBe('succeeded');
      expect(kommo.tasks).toEqual([expect.objectContaining({
        entity_id: 4711, entity_type: 'leads', responsible_user_id: 2079718, text: 'Invoice INV-1001 for Tel Aviv office move was paid', is_completed: false,
      })]);
      expect(stepsOf(finished, 'task')[0].output).toMatchObject({ channel: 'kommo', userId: 2079718, leadId: 4711, taskId: kommo.tasks[0].id });
    });

    it('sends nothing through Bitrix24 once an admin disables it: usage lists the flow, publishing names the field, a run fails the step', async () => {
      const usage = await app.http().get('/api/connectors/bitrix24/usage').expect(200);
      expect(JSON.stringify(usage.body)).toContain(bellOnlyFlow);
      const sent = bitrix.notifications.length;
      await app.http().post('/api/connectors/bitrix24/disable').expect(200);
      try {
        const draft = await app.http().post('/api/flows').send({ name: 'Ping while Bitrix24 is off', graph: { schema: 1, ...bellOnly('off') } }).expect(201);
        const refused = await app.http().post(`/api/flows/${draft.body.id}/publish`).expect(400);
        expect(refused.body.problems).toEqual([expect.objectContaining({ nodeId: 'bell', field: 'bitrix24Connection', code: 'unavailable', params: { connector: 'bitrix24' } })]);
        const finished = await run(bellOnlyFlow, {});
        expect(finished.status).toBe('failed');
        expect(stepsOf(finished, 'bell')).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ message: expect.stringContaining("Connector 'Bitrix24' is disabled") }) })]);
        expect(bitrix.notifications).toHaveLength(sent);
      } finally {
        await app.http().post('/api/connectors/bitrix24/enable').expect(200);
      }
    });

    it('refuses to publish a CRM notification without its connection, naming the param', async () => {
      const res = await app.http().post('/api/flows').send({
        name: 'No connection', graph: {
          schema: 1, nodes: [
            { id: 'start', type: 'core.manual', params: {}, position: { x: 0, y: 0 } },
            { id: 'bell', type: 'core.notify', params: { channel: 'bitrix24', bitrix24User: '7', text: 'x' }, position: { x: 0, y: 100 } },
          ], edges: [{ from: 'start', to: 'bell' }],
        },
      }).expect(201);
      const refused = await app.http().post(`/api/flows/${res.body.id}/publish`).expect(400);
      expect(refused.body.problems).toEqual([expect.objectContaining({ nodeId: 'bell', field: 'bitrix24Connection', code: 'missingParamWhen' })]);
    });
  });
});
