import { defineNode, f } from '../sdk';
import { sendEmail } from './notify-email';
import { sendTelegram } from './notify-telegram';

const whenEmail = { param: 'channel', equals: 'email' } as const;
const whenTelegram = { param: 'channel', equals: 'telegram' } as const;

/**
 * One node for telling a person something: e-mail through an SMTP connection, or a Telegram
 * message through a bot connection. Templates in the texts are resolved by the engine before `run`.
 */
export const notifyNode = defineNode({
  type: 'core.notify',
  kind: 'action',
  title: 'Notify',
  category: 'Actions',
  description:
    'Sends an e-mail (with attachments from an earlier step, e.g. the invoice PDF) or a Telegram message, e.g. to the head of department found upstream. '
    + 'A retried step sends e-mail with the same Message-ID; Telegram has no such key, so a retry after a lost answer may repeat the message.',
  params: {
    channel: f.select({ label: 'Channel', required: true, default: 'email', options: [{ value: 'email', label: 'E-mail' }, { value: 'telegram', label: 'Telegram' }] }),
    emailConnection: f.connection({ label: 'E-mail connection', connector: 'email', requiredWhen: whenEmail }),
    to: f.textList({ label: 'To', requiredWhen: whenEmail, placeholder: 'head@example.com, {{ $steps.dept.headEmail }}', description: 'Addresses separated by commas, or an expression that gives a list' }),
    cc: f.textList({ label: 'Cc' }),
    replyTo: f.text({ label: 'Reply to', placeholder: 'manager@example.com' }),
    subject: f.text({ label: 'Subject', requiredWhen: whenEmail, placeholder: 'Invoice {{ $steps.invoice.number }} created' }),
    text: f.text({ label: 'Text', multiline: true, description: 'The e-mail’s plain text, or the whole Telegram message (4096 characters at most)' }),
    html: f.text({ label: 'HTML body', multiline: true, description: 'E-mail only: the formatted version, shown instead of the text by mail programs that can' }),
    attachments: f.json({
      label: 'Attachments',
      description: 'E-mail only: {"filename": "invoice.pdf", "contentBase64": "…"} or {"filename", "url"}, or a list of them, e.g. {{ $steps.invoice.pdf }}; 10 files and 10 MB in all',
    }),
    telegramConnection: f.connection({ label: 'Telegram bot', connector: 'telegram', requiredWhen: whenTelegram }),
    chatId: f.key({ label: 'Chat id', requiredWhen: whenTelegram, placeholder: '-1001234567890', description: 'A person, group or channel the bot may write to: its numeric id, or @channelname' }),
    parseMode: f.select({ label: 'Formatting', default: 'plain', options: [{ value: 'plain', label: 'Plain text' }, { value: 'HTML', label: 'HTML' }, { value: 'MarkdownV2', label: 'MarkdownV2' }] }),
  },
  sampleOutput: {
    channel: 'email',
    to: ['head@example.com'],
    cc: [],
    subject: 'Invoice 1042 created',
    messageId: '<9f1c2e1e-0000-4000-8000-000000000000=3Anotify=3A0@flowbridge>',
    accepted: ['head@example.com'],
    rejected: [],
    attachments: [{ filename: 'invoice-1042.pdf', size: 48213, contentType: 'application/pdf' }],
  },
  async run(ctx, params) {
    return params.channel === 'telegram' ? sendTelegram(ctx, params) : sendEmail(ctx, params);
  },
});
