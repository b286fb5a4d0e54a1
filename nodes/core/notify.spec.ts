import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bitrix24Simulator } from '../connectors/bitrix24/simulator';
import { connectionTo as bitrix24ConnectionTo, startBitrix24 } from '../connectors/bitrix24/spec-support';
import { EmailSimulator } from '../connectors/email/simulator';
import type { KommoSimulator } from '../connectors/kommo/simulator';
import { connectionTo as kommoConnectionTo, startKommo } from '../connectors/kommo/spec-support';
import { TelegramSimulator } from '../connectors/telegram/simulator';
import { AuthError, createHttpClient, InputError, RateLimitError, runNode, type NodeContext } from '../sdk';
import { messageIdFor, recipients } from './notify-email';
import { MAX_ATTACHMENT_BYTES } from './notify-attachments';
import { notifyNode } from './notify';

const SMTP_PASSWORD = 'smtp-secret-5e6f7a';
const BOT_TOKEN = '7000000001:AAF-notify-spec-token';
const PDF = Buffer.from('%PDF-1.7\n\xff\xfe binary invoice body', 'latin1');

describe('core.notify', () => {
  const smtp = new EmailSimulator({ user: 'robot', password: SMTP_PASSWORD });
  const telegram = new TelegramSimulator({ botToken: BOT_TOKEN, chats: ['100200300', '@flowbridge_sales'] });
  let bitrix24: Bitrix24Simulator;
  let kommo: KommoSimulator;
  let files: Server;
  let filesUrl: string;
  const connections: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    await Promise.all([smtp.start(), telegram.start()]);
    [bitrix24, kommo] = await Promise.all([startBitrix24(), startKommo()]);
    files = createServer((req, res) => {
      if (req.url === '/invoice-1042.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return res.end(PDF);
      }
      res.writeHead(req.url === '/busy' ? 503 : 404).end();
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    connections.smtp = { host: smtp.host, port: String(smtp.port), user: 'robot', password: SMTP_PASSWORD, from: 'Flowbridge <robot@example.com>' };
    connections.badSmtp = { ...connections.smtp, password: 'not-the-password' };
    connections.bot = { botToken: BOT_TOKEN, baseUrl: telegram.url };
    connections.portal = bitrix24ConnectionTo(bitrix24) as Record<string, string>;
    connections.kommo = kommoConnectionTo(kommo) as Record<string, string>;
  });
  afterAll(async () => {
    await Promise.all([smtp.stop(), telegram.stop(), bitrix24.stop(), kommo.stop()]);
    files.closeAllConnections();
    await new Promise((resolve) => files.close(resolve));
  });
  beforeEach(() => {
    smtp.clearFaults();
    telegram.clearFaults();
  });

  const context = (overrides: Partial<NodeContext> = {}): Partial<NodeContext> => ({
    http: createHttpClient(),
    credentials: async <T,>(id: string) => {
      if (!Object.hasOwn(connections, id)) throw new AuthError(`no connection ${id}`);
      return connections[id] as T;
    },
    ...overrides,
  });
  const email = (params: Record<string, unknown> = {}) => ({
    channel: 'email', emailConnection: 'smtp', to: 'head@example.com', subject: 'Invoice 1042 created', text: 'Invoice 1042: 4,500 ILS', ...params,
  });
  const failure = (params: Record<string, unknown>, overrides: Partial<NodeContext> = {}) =>
    runNode(notifyNode, params, context(overrides)).then(() => undefined, (e: unknown) => e);

  describe('e-mail', () => {
    it('sends what a person reads, with the attachment bytes, and outputs what was sent without them', async () => {
      const result = await runNode(notifyNode, email({
        to: ['head@example.com', 'Anna Petrova <anna@example.com>'],
        cc: 'accounting@example.com; head@example.com',
        replyTo: 'manager@example.com',
        html: '<p>Invoice <b>1042</b></p>',
        attachments: { filename: 'invoice-1042.pdf', contentBase64: PDF.toString('base64'), contentType: 'application/pdf' },
      }), context({ idempotencyKey: 'run-7:notify:0' }));

      const received = smtp.messages[0];
      expect(received).toMatchObject({
        from: 'robot@example.com', to: ['head@example.com', 'anna@example.com'], cc: ['accounting@example.com'], replyTo: 'manager@example.com',
        subject: 'Invoice 1042 created', text: 'Invoice 1042: 4,500 ILS', messageId: '<run-7=3Anotify=3A0@flowbridge>',
      });
      expect(received.attachments[0].filename).toBe('invoice-1042.pdf');
      expect(received.attachments[0].content.equals(PDF)).toBe(true);
      expect(result.output).toEqual({
        channel: 'email', to: ['head@example.com', 'anna@example.com'], cc: ['accounting@example.com'], subject: 'Invoice 1042 created',
        messageId: '<run-7=3Anotify=3A0@flowbridge>', accepted: ['head@example.com', 'anna@example.com', 'accounting@example.com'], rejected: [],
        attachments: [{ filename: 'invoice-1042.pdf', size: PDF.length, contentType: 'application/pdf' }],
      });
      const everything = JSON.stringify([result.output, result.logs]);
      expect(everything).not.toContain(SMTP_PASSWORD);
      expect(everything).not.toContain(PDF.toString('base64'));
    });

    it('fetches an attachment given by URL through the flow HTTP client, taking its content type', async () => {
      const result = await runNode(notifyNode, email({ attachments: [{ filename: '../../etc/invoice-1042.pdf', url: `${filesUrl}/invoice-1042.pdf` }] }), context());
      expect(result.output).toMatchObject({ attachments: [{ filename: 'invoice-1042.pdf', size: PDF.length, contentType: 'application/pdf' }] });
      expect(smtp.messages[0].attachments[0].content.equals(PDF)).toBe(true);
    });

    it('gives a repeated step the same Message-ID, and different steps different ones', async () => {
      expect(messageIdFor('run-1:notify:0')).toBe(messageIdFor('run-1:notify:0'));
      expect(messageIdFor('run-1:a:b:0')).not.toBe(messageIdFor('run-1:a=3Ab:0'));
      expect(messageIdFor('r:n:1/2.x')).toMatch(/^<[A-Za-z0-9_=-]+@flowbridge>$/);
    });

    it('names the field of a recipient that is not an address, before connecting anywhere', async () => {
      const before = smtp.messages.length;
      await expect(failure(email({ to: 'head@example.com, not-an-address' }))).resolves.toMatchObject({ constructor: InputError, field: 'to' });
      await expect(failure(email({ cc: ['ok@example.com', 'broken@'] }))).resolves.toMatchObject({ field: 'cc' });
      await expect(failure(email({ replyTo: 'nobody' }))).resolves.toMatchObject({ field: 'replyTo' });
      await expect(failure(email({ to: '' }))).resolves.toMatchObject({ field: 'to' });
      await expect(failure(email({ text: '', html: '' }))).resolves.toMatchObject({ field: 'text' });
      expect(smtp.messages.length).toBe(before);
    });

    it('requires a recipient and subject only for e-mail', async () => {
      await expect(failure({ channel: 'email', emailConnection: 'smtp', text: 'x' })).resolves.toBeInstanceOf(InputError);
      await expect(failure({ channel: 'telegram', telegramConnection: 'bot', text: 'x' })).resolves.toMatchObject({ field: 'chatId' });
    });

    it('refuses attachments that are malformed or too big, naming which', async () => {
      await expect(failure(email({ attachments: { filename: 'a.pdf' } }))).resolves.toMatchObject({ constructor: InputError, field: 'attachments' });
      await expect(failure(email({ attachments: [{ filename: 'a.pdf', contentBase64: 'AAAA', url: `${filesUrl}/x` }] }))).resolves.toMatchObject({ field: 'attachments.0' });
      await expect(failure(email({ attachments: [{ contentBase64: 'AAAA' }] }))).resolves.toMatchObject({ field: 'attachments.0.filename' });
      await expect(failure(email({ attachments: [{ filename: 'a.pdf', contentBase64: '%%%' }] }))).resolves.toMatchObject({ field: 'attachments.0.contentBase64' });
      await expect(failure(email({ attachments: [{ filename: 'gone.pdf', url: `${filesUrl}/gone.pdf` }] }))).resolves.toMatchObject({ constructor: InputError, field: 'attachments.0.url' });
      const half = Buffer.alloc(MAX_ATTACHMENT_BYTES / 2 + 1).toString('base64');
      const tooBig = await failure(email({ attachments: [{ filename: 'a.bin', contentBase64: half }, { filename: 'b.bin', contentBase64: half }] }));
      expect(tooBig).toMatchObject({ constructor: InputError, field: 'attachments.1' });
      expect((tooBig as Error).message).toContain('10 MB');
    });

    it('retries an attachment server that is down', async () => {
      const error = await failure(email({ attachments: { filename: 'a.pdf', url: `${filesUrl}/busy` } }));
      expect(error).toMatchObject({ retryable: true, status: 503 });
    });

    it('fails a wrong SMTP password as an auth error that is not retried and does not show it', async () => {
      const error = await failure(email({ emailConnection: 'badSmtp' }));
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).retryable).toBe(false);
      expect((error as Error).message).not.toContain('not-the-password');
    });

    it('names "to" when the server knows none of the recipients', async () => {
      smtp.rejectRecipient('left@example.com');
      await expect(failure(email({ to: 'left@example.com' }))).resolves.toMatchObject({ constructor: InputError, field: 'to' });
    });
  });

  describe('telegram', () => {
    const message = (params: Record<string, unknown> = {}) => ({ channel: 'telegram', telegramConnection: 'bot', chatId: '100200300', text: 'Invoice <b>1042</b> created', parseMode: 'HTML', ...params });

    it('sends the message to the chat and outputs its id, not the token', async () => {
      const result = await runNode(notifyNode, message({ chatId: 100200300 }), context());
      expect(telegram.sent[0]).toMatchObject({ chatId: '100200300', text: 'Invoice <b>1042</b> created', parseMode: 'HTML' });
      expect(result.output).toEqual({ channel: 'telegram', chatId: '100200300', messageId: telegram.sent[0].messageId, sentAt: expect.any(String) });
      expect(JSON.stringify([result.output, result.logs])).not.toContain(BOT_TOKEN);
    });

    it('sends plain text without a parse mode', async () => {
      await runNode(notifyNode, message({ chatId: '@flowbridge_sales', parseMode: 'plain', text: 'a < b' }), context());
      expect(telegram.sent[0]).toMatchObject({ chatId: '@flowbridge_sales', text: 'a < b', parseMode: undefined });
    });

    it('names the chat id when it is malformed or unknown to Telegram', async () => {
      await expect(failure(message({ chatId: 'sales team' }))).resolves.toMatchObject({ constructor: InputError, field: 'chatId' });
      await expect(failure(message({ chatId: '555' }))).resolves.toMatchObject({ constructor: InputError, field: 'chatId' });
      await expect(failure(message({ text: 'x'.repeat(4097) }))).resolves.toMatchObject({ field: 'text' });
    });

    it('turns a 429 into a retry after the time Telegram asks for', async () => {
      telegram.rateLimit(3);
      const error = await failure(message());
      expect(error).toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ retryAfterMs: 3000 });
    });
  });

  describe('bitrix24', () => {
    const notification = (params: Record<string, unknown> = {}) => ({ channel: 'bitrix24', bitrix24Connection: 'portal', bitrix24User: '7', text: 'Invoice 1042 for 4 500 RUB created by Pavel Smirnov', ...params });
    beforeEach(() => {
      bitrix24.notifications.length = 0;
      bitrix24.calls.length = 0;
    });

    it('sends the head of department a personal notification tagged with the step, and outputs its id', async () => {
      const result = await runNode(notifyNode, notification({ bitrix24User: 7 }), context({ idempotencyKey: 'run-7:head:0' }));
      expect(bitrix24.calls.map((c) => c.method)).toEqual(['im.notify.personal.add']);
      expect(bitrix24.notifications).toEqual([{ id: expect.any(Number), USER_ID: 7, MESSAGE: 'Invoice 1042 for 4 500 RUB created by Pavel Smirnov', TAG: 'flowbridge:run-7:head:0' }]);
      expect(result.output).toEqual({ channel: 'bitrix24', userId: 7, notificationId: bitrix24.notifications[0].id });
      expect(JSON.stringify([result.output, result.logs])).not.toContain(bitrix24.webhookUrl);
    });

    it('leaves one notification when a step is retried, and one per step', async () => {
      await runNode(notifyNode, notification(), context({ idempotencyKey: 'run-8:head:0', attempt: 1 }));
      await runNode(notifyNode, notification(), context({ idempotencyKey: 'run-8:head:0', attempt: 2 }));
      expect(bitrix24.notifications.filter((n) => n.TAG === 'flowbridge:run-8:head:0')).toHaveLength(1);
      await runNode(notifyNode, notification(), context({ idempotencyKey: 'run-9:head:0' }));
      expect(bitrix24.notifications).toHaveLength(2);
    });

    it('requires a connection and a user only for Bitrix24, and names a user id that is not one before calling', async () => {
      await expect(failure(notification({ bitrix24Connection: undefined }))).resolves.toMatchObject({ constructor: InputError, field: 'bitrix24Connection' });
      await expect(failure(notification({ bitrix24User: '' }))).resolves.toMatchObject({ constructor: InputError, field: 'bitrix24User' });
      await expect(failure(notification({ bitrix24User: 'Olga' }))).resolves.toMatchObject({ constructor: InputError, field: 'bitrix24User' });
      await expect(failure(notification({ text: ' ' }))).resolves.toMatchObject({ constructor: InputError, field: 'text' });
      expect(bitrix24.calls).toHaveLength(0);
    });
  });

  describe('kommo', () => {
    const NOW = new Date('2026-03-02T09:00:00.000Z');
    const task = (params: Record<string, unknown> = {}) => ({ channel: 'kommo', kommoConnection: 'kommo', kommoUser: '2079718', kommoLeadId: 4711, text: 'Invoice INV-1001 was paid: 4,500 ILS', ...params });
    const kommoContext = (attempt: number) => context({ idempotencyKey: 'run-7:head:0', attempt, now: () => NOW });
    beforeEach(() => {
      kommo.requests.length = 0;
      kommo.tasks.length = 0;
      kommo.leads.clear();
      kommo.addLead({ id: 4711 });
    });

    it('creates a task for the recipient on the lead, due in a day', async () => {
      const result = await runNode(notifyNode, task({ kommoUser: 2079718 }), kommoContext(1));
      expect(kommo.tasks).toEqual([expect.objectContaining({
        entity_id: 4711, entity_type: 'leads', responsible_user_id: 2079718, text: 'Invoice INV-1001 was paid: 4,500 ILS',
        complete_till: Date.parse('2026-03-03T09:00:00Z') / 1000, request_id: 'run-7:head:0',
      })]);
      expect(result.output).toEqual({ channel: 'kommo', userId: 2079718, leadId: 4711, taskId: kommo.tasks[0].id, dueAt: '2026-03-03T09:00:00.000Z' });
    });

    it('does not create a second task when a retry finds the recipient already has it', async () => {
      const first = await runNode(notifyNode, task(), kommoContext(1));
      const retried = await runNode(notifyNode, task(), kommoContext(2));
      expect(kommo.tasks).toHaveLength(1);
      expect(retried.output).toEqual(first.output);
    });

    it('on a retry, the same text for someone else is not the recipient’s task', async () => {
      await runNode(notifyNode, task({ kommoUser: '2079676' }), kommoContext(1));
      await runNode(notifyNode, task(), kommoContext(2));
      expect(kommo.tasks.map((t) => t.responsible_user_id)).toEqual([2079676, 2079718]);
    });

    it('requires a connection, user and lead only for Kommo, and names a user id that is not one before calling', async () => {
      await expect(failure(task({ kommoConnection: undefined }))).resolves.toMatchObject({ constructor: InputError, field: 'kommoConnection' });
      await expect(failure(task({ kommoLeadId: undefined }))).resolves.toMatchObject({ constructor: InputError, field: 'kommoLeadId' });
      await expect(failure(task({ kommoUser: 'Ivan' }))).resolves.toMatchObject({ constructor: InputError, field: 'kommoUser' });
      expect(kommo.requests).toHaveLength(0);
    });
  });
});

describe('recipients', () => {
  it('splits on commas, semicolons and lines, keeps the address of "Name <address>", drops repeats', () => {
    expect(recipients(['a@x.com, b@y.com', 'A@x.com;\nAnna <c@z.com>'], 'to')).toEqual(['a@x.com', 'b@y.com', 'c@z.com']);
    expect(recipients(undefined, 'cc')).toEqual([]);
  });
});
