import { isIP } from 'node:net';
import { AuthError, CancelledError, ConfigError, InputError, NodeError, RemoteError } from '../../sdk';
import type { EmailConnection } from './auth';

/**
 * The only file of the e-mail connector that touches the network: SMTP through nodemailer.
 *
 * SMTP is not HTTP, so the flows' outbound policy (which guards `ctx.http`) does not apply here:
 * the host is chosen by an admin in a connection, never by a flow, and a local relay on
 * 127.0.0.1:25 is a normal set-up.
 */
export interface OutgoingEmail {
  to: string[];
  cc: string[];
  replyTo?: string;
  subject: string;
  text?: string;
  html?: string;
  attachments: { filename: string; content: Buffer; contentType?: string }[];
  /** Our own Message-ID: the same step sends the same id, so receivers can tell a repeat. */
  messageId: string;
}

export interface SentEmail {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

export interface EmailClient {
  send(email: OutgoingEmail, signal?: AbortSignal): Promise<SentEmail>;
  /** Connects and signs in without sending anything. */
  verify(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/** Loaded on the first e-mail: a process that sends none (most workers, the API) never holds nodemailer. */
const mailerModule = () => import('nodemailer').then((m) => m.default);

export function emailClient(connection: EmailConnection): EmailClient {
  const transport = async () =>
    (await mailerModule()).createTransport({
      host: connection.host,
      port: connection.port,
      secure: connection.secure,
      // A password never crosses a network in clear: off this machine, a server without STARTTLS is refused.
      requireTLS: !connection.secure && !isLoopback(connection.host),
      auth: connection.user ? { user: connection.user, pass: connection.password } : undefined,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      greetingTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      // Attachments arrive as bytes; nodemailer must never read a file or fetch a URL a flow named.
      disableFileAccess: true,
      disableUrlAccess: true,
    });

  return {
    async send(email, signal) {
      const mailer = await transport();
      try {
        const info = await mailer.sendMail({
          from: connection.from,
          to: email.to,
          cc: email.cc.length ? email.cc : undefined,
          replyTo: email.replyTo,
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: email.messageId,
          attachments: email.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
          signal,
        });
        return {
          messageId: email.messageId,
          accepted: (info.accepted ?? []).map(addressText),
          rejected: (info.rejected ?? []).map(addressText),
        };
      } catch (error) {
        throw smtpError(error, connection, email);
      } finally {
        mailer.close();
      }
    },
    async verify() {
      const mailer = await transport();
      try {
        await mailer.verify();
      } catch (error) {
        throw smtpError(error, connection);
      } finally {
        mailer.close();
      }
    },
  };
}

interface SmtpFailure {
  message?: string;
  code?: string;
  responseCode?: number;
  permanent?: boolean;
  command?: string;
  rejected?: string[];
}

const NETWORK_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EPROTOCOL']);

/** Sorts a nodemailer failure into the engine's kinds, so only what a retry can fix is retried. */
export function smtpError(error: unknown, connection: EmailConnection, email?: OutgoingEmail): NodeError {
  if (error instanceof NodeError) return error;
  const e = (error ?? {}) as SmtpFailure;
  const server = `${connection.host}:${connection.port}`;
  const reply = scrub(e.message ?? String(error), connection.password);
  const details = { code: e.code, responseCode: e.responseCode, command: e.command };
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return new AuthError(`SMTP server ${server} refused the user name or password: ${reply}`, { details });
  }
  if (e.code === 'EABORT') return new CancelledError(`Sending e-mail through ${server} was cancelled`);
  if (e.code === 'ETLS' || e.code === 'EREQUIRETLS') {
    return new ConfigError(`TLS with SMTP server ${server} failed (is 'secure' right for port ${connection.port}?): ${reply}`, { field: 'secure', details });
  }
  if (e.code === 'EENVELOPE' && e.permanent !== false && email) {
    const refused = (e.rejected ?? []).map((a) => a.toLowerCase());
    if (refused.length) {
      const field = email.cc.some((a) => refused.includes(a.toLowerCase())) && !email.to.some((a) => refused.includes(a.toLowerCase())) ? 'cc' : 'to';
      return new InputError(`SMTP server ${server} refused the recipient(s) ${refused.join(', ')}: ${reply}`, { field, details });
    }
    if (/MAIL FROM/i.test(e.command ?? '')) return new ConfigError(`SMTP server ${server} refused the sender ${connection.from}: ${reply}`, { field: 'from', details });
  }
  if (e.code && NETWORK_CODES.has(e.code)) return new RemoteError(`SMTP server ${server} could not be reached: ${reply}`, { retryable: true, details });
  // 4xx replies (greylisting, mailbox busy) pass with time; 5xx ones (message too big) do not.
  const retryable = e.permanent === undefined ? !(e.responseCode && e.responseCode >= 500) : !e.permanent;
  return new RemoteError(`SMTP server ${server} did not take the message: ${reply}`, { retryable, status: e.responseCode, details });
}

function scrub(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}

function addressText(address: string | { address: string }): string {
  return typeof address === 'string' ? address : address.address;
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1';
}
