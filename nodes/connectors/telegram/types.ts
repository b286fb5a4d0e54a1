/** The Bot API's wire shapes (https://core.telegram.org/bots/api), as much of them as we use. */
export interface TelegramConnection {
  botToken: string;
  /** https://api.telegram.org, or a local Bot API server / the simulator. */
  baseUrl: string;
}

export type TelegramAnswer<T> =
  | { ok: true; result: T; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };

export interface TelegramUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

export interface TelegramChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
}

export interface TelegramMessage {
  message_id: number;
  from?: TelegramUser;
  chat: TelegramChat;
  /** Unix seconds. */
  date: number;
  text?: string;
}

export type ParseMode = 'HTML' | 'MarkdownV2';

export interface SendMessageRequest {
  chat_id: string | number;
  text: string;
  parse_mode?: ParseMode;
}
