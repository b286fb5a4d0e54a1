import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

/** What a person would see of one received e-mail, attachments as bytes. */
export interface ReceivedEmail {
  from: string;
  to: string[];
  cc: string[];
  /** Who the server was told to deliver to (RCPT TO), Bcc included. */
  envelopeTo: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  messageId?: string;
  attachments: { filename: string; contentType: string; size: number; content: Buffer }[];
  receivedAt: Date;
}

export interface EmailSimulatorOptions {
  /** When set, a client must sign in with exactly these (AUTH PLAIN/LOGIN). */
  user?: string;
  password?: string;
  /** How many messages are kept, newest first; older ones are dropped. */
  keep?: number;
  /** Messages larger than this are refused with 552, as real servers do. */
  maxMessageBytes?: number;
}

interface SmtpFault {
  responseCode: number;
  message: string;
  stage: 'rcpt' | 'data';
  left: number;
}

/**
 * A loopback SMTP server for specs and the demo outbox: accepts mail over plain SMTP (no STARTTLS),
 * checks the login, keeps what it received parsed, and refuses recipients or messages on demand.
 */
export class EmailSimulator {
  readonly messages: ReceivedEmail[] = [];
  readonly user?: string;
  readonly password?: string;
  private readonly keep: number;
  private readonly maxMessageBytes: number;
  private readonly unknownRecipients = new Set<string>();
  private readonly faults: SmtpFault[] = [];
  private readonly listeners = new Set<(message: ReceivedEmail) => void>();
  private server?: SMTPServer;
  port = 0;

  constructor(options: EmailSimulatorOptions = {}) {
    this.user = options.user;
    this.password = options.password;
    this.keep = options.keep ?? 200;
    this.maxMessageBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;
  }

  get host(): string {
    return '127.0.0.1';
  }

  /** Mailbox unknown here: RCPT TO answers 550 5.1.1. */
  rejectRecipient(address: string): void {
    this.unknownRecipients.add(address.toLowerCase());
  }

  /** The next `times` messages are refused at RCPT TO or after DATA with this reply (451: try later). */
  failNext(fault: { responseCode: number; message?: string; stage?: 'rcpt' | 'data'; times?: number }): void {
    this.faults.push({ responseCode: fault.responseCode, message: fault.message ?? 'Injected failure', stage: fault.stage ?? 'data', left: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
    this.unknownRecipients.clear();
  }

  onMessage(listener: (message: ReceivedEmail) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(port = 0): Promise<number> {
    const needsLogin = this.user !== undefined;
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: needsLogin ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      // Loopback only: a plain-text login cannot leave this machine.
      allowInsecureAuth: true,
      authOptional: !needsLogin,
      authMethods: ['PLAIN', 'LOGIN'],
      size: this.maxMessageBytes,
      logger: false,
      // Specs and the demo stop it often; a client mid-session is not worth waiting 30 s for.
      closeTimeout: 500,
      banner: 'Flowbridge SMTP simulator',
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.user && auth.password === this.password) return callback(null, { user: auth.username });
        callback(smtpFailure(535, '5.7.8 Authentication credentials invalid'));
      },
      onRcptTo: (address, _session, callback) => {
        if (this.unknownRecipients.has(address.address.toLowerCase())) return callback(smtpFailure(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`));
        const fault = this.takeFault('rcpt');
        callback(fault ? smtpFailure(fault.responseCode, fault.message) : null);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream).then((parsed) => {
          if (stream.sizeExceeded) return callback(smtpFailure(552, '5.3.4 Message too big'));
          const fault = this.takeFault('data');
          if (fault) return callback(smtpFailure(fault.responseCode, fault.message));
          this.record({
            from: addresses(parsed.from)[0] ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
            to: addresses(parsed.to),
            cc: addresses(parsed.cc),
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            replyTo: addresses(parsed.replyTo)[0],
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : undefined,
            messageId: parsed.messageId,
            attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, size: a.size, content: a.content })),
            receivedAt: new Date(),
          });
          callback();
        }, (error: Error) => callback(smtpFailure(451, `4.3.0 Could not read the message: ${error.message}`)));
      },
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private takeFault(stage: SmtpFault['stage']): SmtpFault | undefined {
    const fault = this.faults.find((f) => f.stage === stage && f.left > 0);
    if (fault) fault.left--;
    return fault;
  }

  private record(message: ReceivedEmail): void {
    this.messages.unshift(message);
    this.messages.length = Math.min(this.messages.length, this.keep);
    for (const listener of this.listeners) listener(message);
  }
}

function smtpFailure(responseCode: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(header) ? header : header ? [header] : [];
  return list.flatMap((h) => h.value).map((v) => v.address ?? '').filter(Boolean);
}
