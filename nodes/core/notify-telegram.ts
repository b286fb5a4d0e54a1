import { readTelegramAuth } from '../connectors/telegram/auth';
import { telegramClient } from '../connectors/telegram/client';
import type { ParseMode } from '../connectors/telegram/types';
import { InputError, type NodeContext } from '../sdk';

export interface TelegramParams {
  telegramConnection?: string;
  chatId?: string;
  text?: string;
  parseMode?: 'plain' | ParseMode;
}

const MAX_TEXT = 4096;
const CHAT_ID = /^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;

/**
 * Sends the message. The Bot API has no idempotency key: a step that fails after Telegram took the
 * message (a timeout on the answer) and is retried sends it again. Nothing else re-sends: a step
 * whose success was stored never runs again, whatever happens to the run after it.
 */
export async function sendTelegram(ctx: NodeContext, params: TelegramParams) {
  const chatId = (params.chatId ?? '').trim();
  if (!CHAT_ID.test(chatId)) throw new InputError(`'${chatId}' is not a Telegram chat id (a number such as -1001234567890, or @channelname)`, { field: 'chatId' });
  const text = params.text ?? '';
  if (!text.trim()) throw new InputError('The message text is empty', { field: 'text' });
  if (text.length > MAX_TEXT) throw new InputError(`Telegram takes at most ${MAX_TEXT} characters in a message; this one has ${text.length}`, { field: 'text' });
  const parseMode = params.parseMode && params.parseMode !== 'plain' ? params.parseMode : undefined;
  const connection = readTelegramAuth(await ctx.credentials<Record<string, string>>(params.telegramConnection!));
  const message = await telegramClient(ctx.http, connection).sendMessage({ chat_id: chatId, text, parse_mode: parseMode });
  ctx.log.info('Telegram message sent', { chatId, messageId: message.message_id });
  return {
    channel: 'telegram' as const,
    chatId,
    messageId: message.message_id,
    sentAt: new Date(message.date * 1000).toISOString(),
  };
}
