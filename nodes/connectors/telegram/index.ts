import { defineConnector } from '../../sdk';
import { readTelegramAuth, telegramCredentialFields } from './auth';
import { telegramClient } from './client';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

/** Telegram bots for the core `core.notify` node, which sends messages through these connections. */
export const telegramConnector = defineConnector({
  key: 'telegram',
  title: 'Telegram',
  category: 'Messaging',
  description: 'A Telegram bot that the "Notify" node sends messages through: to a manager, a sales group or a channel.',
  credentials: { kind: 'bearer', fields: telegramCredentialFields },
  async testConnection(credentials, ctx) {
    await telegramClient(ctx.http, readTelegramAuth(credentials)).getMe();
  },
  nodes: [],
  texts: { ru, es },
});

