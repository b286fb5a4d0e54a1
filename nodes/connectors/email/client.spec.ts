import { createServer, type Server } from 'node:net';
import { AuthError, ConfigError, InputError, RemoteError } from '../../sdk';
import { readEmailAuth, type EmailConnection } from './auth';
import { emailClient, type OutgoingEmail } from './client';
import { emailConnector } from './index';
import { EmailSimulator } from './simulator';

const PASSWORD = 'smtp-pass-7d1f0c';

describe('e-mail client against a local SMTP server', () => {
  const smtp = new EmailSimulator({ user: 'robot', password: PASSWORD });
  let connection: EmailConnection;

  beforeAll(async () => {
    await smtp.start();
    connection = readEmailAuth({ host: smtp.host, port: String(smtp.port), secure: 'false', user: 'robot', password: PASSWORD, from: 'Flowbridge <robot@example.com>' });
  });
  afterAll(() => smtp.stop());
  beforeEach(() => smtp.clearFaults());

  const email = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
    to: ['head@example.com'],
    cc: [],
    subject: 'Invoice 1042 created',
    text: 'Invoice 1042 for 4,500 ILS',
    attachments: [],
    messageId: '<run-1.notify@flowbridge>',
    ...overrides,
  });

  it('delivers subject, text, HTML, reply-to, our Message-ID and the attachment bytes', async () => {
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0x00, 0x10]);
    const sent = await emailClient(connection).send(email({
      cc: ['accounting@example.com'],
      replyTo: 'manager@example.com',
      html: '<p>Invoice <b>1042</b></p>',
      attachments: [{ filename: 'invoice-1042.pdf', content: pdf, contentType: 'application/pdf' }],
    }));
    expect(sent).toEqual({ messageId: '<run-1.notify@flowbridge>', accepted: ['head@example.com', 'accounting@example.com'], rejected: [] });
    const received = smtp.messages[0];
    expect(received).toMatchObject({
      from: 'robot@example.com', to: ['head@example.com'], cc: ['accounting@example.com'], replyTo: 'manager@example.com',
      subject: 'Invoice 1042 created', text: 'Invoice 1042 for 4,500 ILS', messageId: '<run-1.notify@flowbridge>',
    });
    expect(received.html).toContain('<b>1042</b>');
    expect(received.attachments).toHaveLength(1);
    expect(received.attachments[0]).toMatchObject({ filename: 'invoice-1042.pdf', contentType: 'application/pdf', size: pdf.length });
    expect(received.attachments[0].content.equals(pdf)).toBe(true);
  });

  it('turns a wrong password into an AuthError that does not show the password', async () => {
    const wrong = { ...connection, password: 'wrong-password-123' };
    const error = await emailClient(wrong).send(email()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).retryable).toBe(false);
    expect((error as Error).message).not.toContain('wrong-password-123');
    await expect(emailClient(wrong).verify()).rejects.toBeInstanceOf(AuthError);
  });

  it('names the field of a recipient the server does not know, and does not retry it', async () => {
    smtp.rejectRecipient('nobody@example.com');
    const to = await emailClient(connection).send(email({ to: ['nobody@example.com'] })).catch((e: unknown) => e);
    expect(to).toBeInstanceOf(InputError);
    expect(to).toMatchObject({ field: 'to', retryable: false });
    expect((to as Error).message).toContain('nobody@example.com');
  });

  it('delivers to the others and reports who was refused when only some recipients are unknown', async () => {
    smtp.rejectRecipient('gone@example.com');
    const sent = await emailClient(connection).send(email({ to: ['head@example.com'], cc: ['gone@example.com'] }));
    expect(sent.rejected).toEqual(['gone@example.com']);
    expect(smtp.messages[0].envelopeTo).toEqual(['head@example.com']);
  });

  it('retries a 4xx "try again later" but not a 5xx refusal of the message', async () => {
    smtp.failNext({ responseCode: 451, message: '4.7.1 Greylisted, try again later' });
    const later = await emailClient(connection).send(email()).catch((e: unknown) => e);
    expect(later).toBeInstanceOf(RemoteError);
    expect((later as RemoteError).retryable).toBe(true);

    smtp.failNext({ responseCode: 552, message: '5.3.4 Message size exceeds fixed limit' });
    const never = await emailClient(connection).send(email()).catch((e: unknown) => e);
    expect(never).toBeInstanceOf(RemoteError);
    expect((never as RemoteError).retryable).toBe(false);
  });

  it('retries when nothing listens on the port', async () => {
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await emailClient({ ...connection, port }).send(email()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).retryable).toBe(true);
  });

  it('tests a connection by signing in', async () => {
    await expect(emailConnector.testConnection!({ host: smtp.host, port: String(smtp.port), user: 'robot', password: PASSWORD, from: 'robot@example.com' }, { http: undefined as never, now: () => new Date() })).resolves.toBeUndefined();
  });

  it('keeps only the newest messages it was told to keep', async () => {
    const small = new EmailSimulator({ keep: 2 });
    await small.start();
    try {
      const open = readEmailAuth({ host: small.host, port: String(small.port), from: 'robot@example.com' });
      for (const subject of ['one', 'two', 'three']) await emailClient(open).send(email({ subject }));
      expect(small.messages.map((m) => m.subject)).toEqual(['three', 'two']);
    } finally {
      await small.stop();
    }
  });
});

describe('e-mail connection fields', () => {
  it('reads port and secure from text, with 465 meaning TLS', () => {
    expect(readEmailAuth({ host: 'smtp.example.com', port: '465', from: 'a@b.c' })).toMatchObject({ port: 465, secure: true });
    expect(readEmailAuth({ host: 'smtp.example.com', from: 'a@b.c' })).toMatchObject({ port: 587, secure: false });
  });

  it('names the field an admin got wrong', () => {
    expect(() => readEmailAuth({ host: 'h', port: 'abc', from: 'a@b.c' })).toThrow(expect.objectContaining({ field: 'port' }));
    expect(() => readEmailAuth({ host: 'h', secure: 'maybe', from: 'a@b.c' })).toThrow(ConfigError);
    expect(() => readEmailAuth({ host: 'h', user: 'robot', from: 'a@b.c' })).toThrow(expect.objectContaining({ field: 'password' }));
    expect(() => readEmailAuth({ host: 'h' })).toThrow(expect.objectContaining({ field: 'from' }));
  });
});
