import { defineConnector } from '../../sdk';
import { createTelegramClient, TELEGRAM_API, telegramConnectionOf } from './client';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

/** Telegram bots for the core `core.notify` node, which sends messages through these connections. */
export const telegramConnector = defineConnector({
  key: 'telegram',
  title: 'Telegram',
  category: 'Messaging',
  description: 'A Telegram bot that the "Notify" node sends messages through: to a manager, a sales group or a channel.',
  credentials: {
    kind: 'bearer',
    fields: {
      botToken: { label: 'Bot token', secret: true, required: true, description: 'From @BotFather: /newbot, then the token it gives (123456789:AA…)' },
      baseUrl: { label: 'Bot API URL', default: TELEGRAM_API, placeholder: TELEGRAM_API, description: 'Change only for a local Bot API server' },
    },
  },
  async testConnection(credentials, ctx) {
    await createTelegramClient(ctx.http, telegramConnectionOf(credentials)).getMe();
  },
  nodes: [],
  texts: { ru, es },
});

