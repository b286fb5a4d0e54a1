import { AuthError, ConfigError, createHttpClient, InputError, RateLimitError, RemoteError } from '../../sdk';
import { readTelegramAuth } from './auth';
import { telegramClient } from './client';
import { telegramConnector } from './index';
import { TelegramSimulator } from './simulator';

const TOKEN = '7000000001:AAH-spec-token_42';

describe('Telegram client against the simulator', () => {
  const telegram = new TelegramSimulator({ botToken: TOKEN, chats: ['100200300', '-1001234567890', '@flowbridge_sales'] });
  const http = createHttpClient();
  const client = () => telegramClient(http, readTelegramAuth({ botToken: TOKEN, baseUrl: telegram.url }));

  beforeAll(() => telegram.start());
  afterAll(() => telegram.stop());
  beforeEach(() => telegram.clearFaults());

  it('sends a message and returns it as the Bot API does', async () => {
    const message = await client().sendMessage({ chat_id: '100200300', text: '<b>Invoice 1042</b> created', parse_mode: 'HTML' });
    expect(message).toMatchObject({ message_id: expect.any(Number), chat: { id: 100200300, type: 'private' }, text: '<b>Invoice 1042</b> created' });
    expect(telegram.sent[0]).toMatchObject({ chatId: '100200300', text: '<b>Invoice 1042</b> created', parseMode: 'HTML' });
  });

  it('turns a wrong token into an AuthError whose message has no token in it', async () => {
    const wrong = telegramClient(http, readTelegramAuth({ botToken: '7000000001:wrong-token', baseUrl: telegram.url }));
    const error = await wrong.sendMessage({ chat_id: '100200300', text: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).not.toContain('wrong-token');
    await expect(telegramConnector.testConnection!({ botToken: '7000000001:wrong-token', baseUrl: telegram.url }, { http, now: () => new Date() })).rejects.toBeInstanceOf(AuthError);
    await expect(telegramConnector.testConnection!({ botToken: TOKEN, baseUrl: telegram.url }, { http, now: () => new Date() })).resolves.toBeUndefined();
  });

  it('names the chat id when the chat does not exist, and the text when it is too long', async () => {
    await expect(client().sendMessage({ chat_id: '999', text: 'hi' })).rejects.toMatchObject({ constructor: InputError, field: 'chatId', retryable: false });
    await expect(client().sendMessage({ chat_id: '100200300', text: 'x'.repeat(4097) })).rejects.toMatchObject({ field: 'text' });
  });

  it('waits as long as Telegram says after a 429', async () => {
    telegram.rateLimit(7);
    const error = await client().sendMessage({ chat_id: '100200300', text: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7000 });
  });

  it('retries a 5xx but not another 4xx', async () => {
    telegram.injectFault({ status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    await expect(client().sendMessage({ chat_id: '100200300', text: 'hi' })).rejects.toMatchObject({ constructor: RemoteError, retryable: true, status: 502 });
    telegram.injectFault({ status: 409, body: { ok: false, error_code: 409, description: 'Conflict' } });
    await expect(client().sendMessage({ chat_id: '100200300', text: 'hi' })).rejects.toMatchObject({ retryable: false });
  });
});

describe('Telegram connection fields', () => {
  it('defaults to api.telegram.org and refuses a token that would change the URL path', () => {
    expect(readTelegramAuth({ botToken: '123:abc' })).toEqual({ botToken: '123:abc', baseUrl: 'https://api.telegram.org' });
    expect(() => readTelegramAuth({ botToken: '123:abc/../x' })).toThrow(ConfigError);
    expect(() => readTelegramAuth({ botToken: '123:abc', baseUrl: 'ftp://x' })).toThrow(expect.objectContaining({ field: 'baseUrl' }));
  });
});
