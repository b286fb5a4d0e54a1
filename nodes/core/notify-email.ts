import { readEmailAuth } from '../connectors/email/auth';
import { emailClient } from '../connectors/email/client';
import { InputError, type NodeContext } from '../sdk';
import { loadAttachments } from './notify-attachments';

export interface EmailParams {
  emailConnection?: string;
  to?: string | string[];
  cc?: string | string[];
  replyTo?: string;
  subject?: string;
  text?: string;
  html?: string;
  attachments?: unknown;
}

const MAX_RECIPIENTS = 50;
const MAX_SUBJECT = 998;
const MAX_BODY_CHARS = 1024 * 1024;
// Deliberately loose: the SMTP server is the judge of a mailbox; this catches the obvious slip.
const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** Sends the e-mail; the step's Message-ID comes from its idempotency key, so a repeat is recognisable. */
export async function sendEmail(ctx: NodeContext, params: EmailParams) {
  const to = recipients(params.to, 'to');
  // Someone in both To and Cc would get the message twice.
  const cc = recipients(params.cc, 'cc').filter((address) => !to.some((t) => t.toLowerCase() === address.toLowerCase()));
  if (!to.length) throw new InputError('No recipient: "To" is empty', { field: 'to' });
  if (to.length + cc.length > MAX_RECIPIENTS) throw new InputError(`At most ${MAX_RECIPIENTS} recipients in all, got ${to.length + cc.length}`, { field: cc.length ? 'cc' : 'to' });
  const replyTo = params.replyTo?.trim() || undefined;
  if (replyTo && !ADDRESS.test(replyTo)) throw new InputError(`'${replyTo}' is not an e-mail address`, { field: 'replyTo' });
  const subject = (params.subject ?? '').replace(/[\r\n]+/g, ' ').trim();
  if (!subject) throw new InputError('The subject is empty', { field: 'subject' });
  if (subject.length > MAX_SUBJECT) throw new InputError(`The subject is ${subject.length} characters long; ${MAX_SUBJECT} at most`, { field: 'subject' });
  const text = params.text || undefined;
  const html = params.html || undefined;
  if (!text && !html) throw new InputError('The message has neither text nor HTML', { field: 'text' });
  for (const [field, body] of [['text', text], ['html', html]] as const) {
    if (body && body.length > MAX_BODY_CHARS) throw new InputError(`The ${field} is ${body.length} characters long; ${MAX_BODY_CHARS} at most`, { field });
  }
  const attachments = await loadAttachments(params.attachments, ctx);
  const connection = readEmailAuth(await ctx.credentials<Record<string, string>>(params.emailConnection!));
  const messageId = messageIdFor(ctx.idempotencyKey);
  const sent = await emailClient(connection).send({ to, cc, replyTo, subject, text, html, attachments, messageId }, ctx.signal);
  if (sent.rejected.length) ctx.log.warn('SMTP server refused some recipients; the others got the message', { rejected: sent.rejected });
  ctx.log.info('E-mail sent', { messageId, recipients: to.length + cc.length, attachments: attachments.length });
  return {
    channel: 'email' as const,
    to,
    cc,
    subject,
    messageId,
    accepted: sent.accepted,
    rejected: sent.rejected,
    attachments: attachments.map((a) => ({ filename: a.filename, size: a.content.length, contentType: a.contentType })),
  };
}

/** `a@x.com, b@y.com; c@z.com`, a list of them, or both mixed; duplicates dropped. */
export function recipients(value: string | string[] | undefined, field: 'to' | 'cc'): string[] {
  const parts = (Array.isArray(value) ? value : [value ?? '']).flatMap((v) => String(v).split(/[,;\n]/)).map((s) => s.trim()).filter(Boolean);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of parts) {
    // "Anna Petrova <anna@example.com>" is what people paste from their mail program.
    const address = /<([^<>]+)>\s*$/.exec(part)?.[1]?.trim() ?? part;
    if (!ADDRESS.test(address)) throw new InputError(`'${part}' is not an e-mail address`, { field });
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    out.push(address);
  }
  return out;
}

/**
 * `<key@flowbridge>` with the key made safe for a Message-ID (RFC 5322 dot-atom): characters
 * outside [A-Za-z0-9_-] become =XX (dots too: a dot-atom may not hold '..'), so two keys never share an id.
 */
export function messageIdFor(idempotencyKey: string): string {
  const safe = [...Buffer.from(idempotencyKey, 'utf8')]
    .map((byte) => (/[A-Za-z0-9_-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
  return `<${safe}@flowbridge>`;
}
