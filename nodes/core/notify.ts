import { defineNode, f } from '../sdk';
import { sendBitrix24, sendKommo } from './notify-crm';
import { sendEmail } from './notify-email';
import { sendTelegram } from './notify-telegram';

const whenEmail = { param: 'channel', equals: 'email' } as const;
const whenTelegram = { param: 'channel', equals: 'telegram' } as const;
const whenBitrix24 = { param: 'channel', equals: 'bitrix24' } as const;
const whenKommo = { param: 'channel', equals: 'kommo' } as const;

/**
 * One node for telling a person something: e-mail through an SMTP connection, a Telegram message
 * through a bot connection, or a message inside the CRM through a Bitrix24 or Kommo connection.
 * Templates in the texts are resolved by the engine before `run`.
 */
export const notifyNode = defineNode({
  type: 'core.notify',
  kind: 'action',
  title: 'Notify',
  category: 'Actions',
  description:
    'Sends an e-mail (with attachments from an earlier step, e.g. the invoice PDF), a Telegram message, a Bitrix24 notification or a Kommo task, e.g. to the head of department found upstream. '
    + 'Kommo has no personal notifications, so the Kommo channel creates a task for the recipient on the lead, due in 24 hours. '
    + 'A retried step sends e-mail with the same Message-ID and the Bitrix24 notification with the same tag, which replaces the first; '
    + 'Telegram has no such key, so a retry after a lost answer may repeat the message; Kommo has none either, so a retry first looks for the open task it may have created.',
  params: {
    channel: f.select({ label: 'Channel', required: true, default: 'email', options: [{ value: 'email', label: 'E-mail' }, { value: 'telegram', label: 'Telegram' }, { value: 'bitrix24', label: 'Bitrix24 notification' }, { value: 'kommo', label: 'Kommo task' }] }),
    emailConnection: f.connection({ label: 'E-mail connection', connector: 'email', requiredWhen: whenEmail }),
    to: f.textList({ label: 'To', requiredWhen: whenEmail, placeholder: 'head@example.com, {{ $steps.dept.headEmail }}', description: 'Addresses separated by commas, or an expression that gives a list' }),
    cc: f.textList({ label: 'Cc' }),
    replyTo: f.text({ label: 'Reply to', placeholder: 'manager@example.com' }),
    subject: f.text({ label: 'Subject', requiredWhen: whenEmail, placeholder: 'Invoice {{ $steps.invoice.number }} created' }),
    text: f.text({ label: 'Text', multiline: true, description: 'The e-mail’s plain text, or the whole Telegram message (4096 characters at most), Bitrix24 notification or Kommo task' }),
    html: f.text({ label: 'HTML body', multiline: true, description: 'E-mail only: the formatted version, shown instead of the text by mail programs that can' }),
    attachments: f.json({
      label: 'Attachments',
      description: 'E-mail only: {"filename": "invoice.pdf", "contentBase64": "…"} or {"filename", "url"}, or a list of them, e.g. {{ $steps.invoice.pdf }}; 10 files and 10 MB in all',
    }),
    telegramConnection: f.connection({ label: 'Telegram bot', connector: 'telegram', requiredWhen: whenTelegram }),
    chatId: f.key({ label: 'Chat id', requiredWhen: whenTelegram, placeholder: '-1001234567890', description: 'A person, group or channel the bot may write to: its numeric id, or @channelname' }),
    parseMode: f.select({ label: 'Formatting', default: 'plain', options: [{ value: 'plain', label: 'Plain text' }, { value: 'HTML', label: 'HTML' }, { value: 'MarkdownV2', label: 'MarkdownV2' }] }),
    bitrix24Connection: f.connection({ label: 'Bitrix24 connection', connector: 'bitrix24', requiredWhen: whenBitrix24 }),
    bitrix24User: f.key({ label: 'Bitrix24 user id', requiredWhen: whenBitrix24, placeholder: '{{ $steps.head.head.id }}', description: 'The person to notify, e.g. the head of department found upstream' }),
    kommoConnection: f.connection({ label: 'Kommo connection', connector: 'kommo', requiredWhen: whenKommo }),
    kommoUser: f.key({ label: 'Kommo user id', requiredWhen: whenKommo, placeholder: '{{ $trigger.lead.responsibleUserId }}', description: 'The person the task is for' }),
    kommoLeadId: f.number({ label: 'Kommo lead id', integer: true, min: 1, requiredWhen: whenKommo, placeholder: '{{ $trigger.lead.id }}', description: 'The lead the task is on' }),
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
    switch (params.channel) {
      case 'telegram': return sendTelegram(ctx, params);
      case 'bitrix24': return sendBitrix24(ctx, params);
      case 'kommo': return sendKommo(ctx, params);
      default: return sendEmail(ctx, params);
    }
  },
});
