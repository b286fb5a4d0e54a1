import { SimulatorServer, type SimRequest, type SimResponse, type SimRoute } from '../../sdk';
import type { ParseMode, TelegramChat, TelegramMessage, TelegramUser } from './types';

export interface TelegramSimulatorOptions {
  botToken?: string;
  /** When given, only these chats exist; others answer 400 "chat not found". */
  chats?: readonly (string | number)[];
  /** How many sent messages are kept, newest first. */
  keep?: number;
  now?: () => Date;
}

/** A message the bot sent, as the chat would show it. */
export interface SentTelegramMessage {
  chatId: string;
  text: string;
  parseMode?: ParseMode;
  messageId: number;
  sentAt: Date;
}

const MAX_TEXT = 4096;
const REQUESTS_KEPT = 100;
const PARSE_MODES = new Set(['HTML', 'MarkdownV2', 'Markdown']);

/**
 * A loopback Telegram Bot API: `getMe` and `sendMessage` at /bot<token>/<method>, answering in the
 * API's `{ ok, result }` / `{ ok: false, error_code, description, parameters }` shapes, with
 * 401 for a wrong token and 429 + `retry_after` on demand.
 */
export class TelegramSimulator extends SimulatorServer {
  readonly sent: SentTelegramMessage[] = [];
  readonly botToken: string;
  readonly bot: TelegramUser = { id: 7000000001, is_bot: true, first_name: 'Flowbridge demo bot', username: 'flowbridge_demo_bot' };
  private readonly chats?: Set<string>;
  private readonly keep: number;
  private readonly now: () => Date;
  private readonly listeners = new Set<(message: SentTelegramMessage) => void>();
  private nextMessageId = 1;

  constructor(options: TelegramSimulatorOptions = {}) {
    super();
    this.botToken = options.botToken ?? '7000000001:simulated-bot-token';
    this.chats = options.chats ? new Set(options.chats.map(String)) : undefined;
    this.keep = options.keep ?? 200;
    this.now = options.now ?? (() => new Date());
  }

  /** The next `times` calls answer 429 with `retry_after`, as Telegram does under flood control. */
  rateLimit(retryAfterSeconds: number, times = 1): void {
    this.injectFault({
      status: 429,
      times,
      retryAfterSeconds,
      body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfterSeconds}`, parameters: { retry_after: retryAfterSeconds } },
    });
  }

  onMessage(listener: (message: SentTelegramMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected override authenticate(req: SimRequest): SimResponse | undefined {
    return req.params.token === this.botToken ? undefined : failure(401, 'Unauthorized');
  }

  protected routes(): SimRoute[] {
    return [
      { method: 'POST', path: '/bot:token/getMe', handler: () => ({ status: 200, body: { ok: true, result: this.bot } }) },
      { method: 'POST', path: '/bot:token/sendMessage', handler: (req) => this.sendMessage(req) },
    ];
  }

  private sendMessage(req: SimRequest): SimResponse {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const chatId = Object.hasOwn(body, 'chat_id') ? String(body.chat_id ?? '') : '';
    const text = Object.hasOwn(body, 'text') && typeof body.text === 'string' ? body.text : '';
    const parseMode = Object.hasOwn(body, 'parse_mode') ? body.parse_mode : undefined;
    if (!chatId) return failure(400, 'Bad Request: chat_id is empty');
    if (this.chats && !this.chats.has(chatId)) return failure(400, 'Bad Request: chat not found');
    if (!text.trim()) return failure(400, 'Bad Request: message text is empty');
    if (text.length > MAX_TEXT) return failure(400, 'Bad Request: message is too long');
    if (parseMode !== undefined && (typeof parseMode !== 'string' || !PARSE_MODES.has(parseMode))) return failure(400, `Bad Request: unsupported parse_mode`);
    const sentAt = this.now();
    const message: TelegramMessage = {
      message_id: this.nextMessageId++,
      from: this.bot,
      chat: chatOf(chatId),
      date: Math.floor(sentAt.getTime() / 1000),
      text,
    };
    this.record({ chatId, text, parseMode: parseMode as ParseMode | undefined, messageId: message.message_id, sentAt });
    return { status: 200, body: { ok: true, result: message } };
  }

  private record(message: SentTelegramMessage): void {
    this.sent.unshift(message);
    this.sent.length = Math.min(this.sent.length, this.keep);
    // The base class records every request (token and text included); a long-running demo must not grow without end.
    if (this.requests.length > 2 * REQUESTS_KEPT) this.requests.splice(0, this.requests.length - REQUESTS_KEPT);
    for (const listener of this.listeners) listener(message);
  }
}

function failure(code: number, description: string): SimResponse {
  return { status: code, body: { ok: false, error_code: code, description } };
}

function chatOf(chatId: string): TelegramChat {
  if (chatId.startsWith('@')) return { id: -1001000000000, type: 'channel', username: chatId.slice(1) };
  const id = Number(chatId);
  return id < 0 ? { id, type: 'supergroup', title: 'Sales' } : { id, type: 'private' };
}
