import { Injectable } from '@nestjs/common';
import type { ReceivedEmail } from '@flowbridge/nodes/connectors/email/simulator';
import type { SentTelegramMessage } from '@flowbridge/nodes/connectors/telegram/simulator';

/** One notification as the demo's local SMTP server or Telegram simulator received it. */
export interface OutboxMessage {
  id: number;
  channel: 'email' | 'telegram';
  from: string;
  to: string[];
  cc: string[];
  subject?: string;
  text: string;
  html?: string;
  /** Names and sizes only: the bytes stay out of memory and out of the API. */
  attachments: { filename: string; contentType: string; size: number }[];
  receivedAt: string;
}

export const OUTBOX_SIZE = 200;
/** A message's text and HTML are cut here: the outbox is for seeing what went out, not archiving it. */
const MAX_BODY_CHARS = 100_000;

/**
 * What the demo workspace's notifications delivered, newest first and bounded, so a person can
 * see the e-mail or Telegram message a flow sent without a real mailbox or bot. Empty and not
 * `running` unless the demo started it.
 */
@Injectable()
export class DemoOutbox {
  private readonly messages: OutboxMessage[] = [];
  private nextId = 1;
  running = false;

  addEmail(email: ReceivedEmail): void {
    this.add({
      channel: 'email',
      from: email.from,
      to: email.to,
      cc: email.cc,
      subject: email.subject,
      text: cut(email.text),
      html: email.html === undefined ? undefined : cut(email.html),
      attachments: email.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, size: a.size })),
      receivedAt: email.receivedAt.toISOString(),
    });
  }

  addTelegram(message: SentTelegramMessage, bot: string): void {
    this.add({ channel: 'telegram', from: bot, to: [message.chatId], cc: [], text: cut(message.text), attachments: [], receivedAt: message.sentAt.toISOString() });
  }

  list(channel?: OutboxMessage['channel']): OutboxMessage[] {
    return channel ? this.messages.filter((m) => m.channel === channel) : [...this.messages];
  }

  private add(message: Omit<OutboxMessage, 'id'>): void {
    this.messages.unshift({ id: this.nextId++, ...message });
    this.messages.length = Math.min(this.messages.length, OUTBOX_SIZE);
  }
}

function cut(text: string): string {
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}\n[… cut at ${MAX_BODY_CHARS} characters]` : text;
}
