import { AuthError, InputError, RateLimitError, RemoteError, type HttpClient } from '../../sdk';
import type { SendMessageRequest, TelegramAnswer, TelegramConnection, TelegramMessage, TelegramUser } from './types';

/**
 * The only file of the Telegram connector that does HTTP, through the engine's client (outbound
 * policy, keep-alive pool). The bot token is part of every URL, so no message here ever shows a URL.
 */
export interface TelegramClient {
  getMe(): Promise<TelegramUser>;
  sendMessage(request: SendMessageRequest): Promise<TelegramMessage>;
}

const TIMEOUT_MS = 20_000;

export function telegramClient(http: HttpClient, connection: TelegramConnection): TelegramClient {
  async function call<T>(method: string, body?: unknown): Promise<T> {
    const response = await http.request<TelegramAnswer<T> | string>({
      method: 'POST',
      url: `${connection.baseUrl}/bot${connection.botToken}/${method}`,
      headers: { accept: 'application/json' },
      body: body ?? {},
      timeoutMs: TIMEOUT_MS,
    });
    const answer = typeof response.body === 'object' && response.body !== null ? response.body : undefined;
    if (answer?.ok === true && response.status < 300) return answer.result;
    const description = answer && answer.ok === false ? answer.description : `HTTP ${response.status}`;
    const status = answer && answer.ok === false ? answer.error_code : response.status;
    const summary = `Telegram ${method} answered ${status}: ${description}`;
    if (status === 401 || status === 404) throw new AuthError(`${summary} (is the bot token right?)`);
    if (status === 429) {
      const seconds = answer && answer.ok === false ? answer.parameters?.retry_after : undefined;
      const header = Number(response.headers['retry-after']);
      const wait = seconds ?? (Number.isFinite(header) ? header : undefined);
      throw new RateLimitError(summary, { retryAfterMs: wait === undefined ? undefined : wait * 1000 });
    }
    // 400 "chat not found", 403 "bot was blocked by the user": the chat is wrong, not the moment.
    if (status === 400 || status === 403) throw new InputError(summary, { field: refusedField(description) });
    throw new RemoteError(summary, { status, retryable: status >= 500 || status === 408 });
  }
  return {
    getMe: () => call<TelegramUser>('getMe'),
    sendMessage: (request) => call<TelegramMessage>('sendMessage', request),
  };
}

/** Which of the sendMessage inputs Telegram's 400/403 description is about, named as the notify node names it. */
function refusedField(description: string): 'chatId' | 'parseMode' | 'text' {
  if (/chat|user|bot was|bot is not|peer/i.test(description)) return 'chatId';
  if (/parse entities|parse_mode/i.test(description)) return 'parseMode';
  return 'text';
}
