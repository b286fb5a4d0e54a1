import { ConfigError, type CredentialField } from '../../sdk';
import type { TelegramConnection } from './types';

export const TELEGRAM_API = 'https://api.telegram.org';

/** What a Telegram connection asks an admin for. */
export const telegramCredentialFields: Record<string, CredentialField> = {
  botToken: { label: 'Bot token', secret: true, required: true, description: 'From @BotFather: /newbot, then the token it gives (123456789:AA…)' },
  baseUrl: { label: 'Bot API URL', default: TELEGRAM_API, placeholder: TELEGRAM_API, description: 'Change only for a local Bot API server' },
};

export function readTelegramAuth(credentials: Record<string, string | undefined>): TelegramConnection {
  const botToken = credentials.botToken?.trim();
  if (!botToken) throw new ConfigError('The Telegram connection has no bot token', { field: 'botToken' });
  // Tokens look like 123456:ABC-…; anything with a slash or space would change the URL's path.
  if (!/^\d+:[\w-]+$/.test(botToken)) throw new ConfigError('The Telegram bot token is not of the form 123456789:AA… that @BotFather gives', { field: 'botToken' });
  const raw = credentials.baseUrl?.trim() || TELEGRAM_API;
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new ConfigError(`Telegram API URL '${raw}' is not an http(s) URL`, { field: 'baseUrl' });
  const url = new URL(raw);
  return { botToken, baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}
