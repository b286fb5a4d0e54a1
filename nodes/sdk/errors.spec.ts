import { AuthError, CancelledError, ConfigError, ExpressionError, FlowFailError, InputError, NodeError, parseRetryAfter, RateLimitError, RemoteError, serializeError, isNotFound, missingIn } from './errors';

describe('RemoteError', () => {
  it.each([500, 502, 503, 504, 408])('retries status %i', (status) => {
    const error = new RemoteError('remote failed', { status });
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(status);
  });

  it.each([400, 401, 404, 409, 422])('does not retry status %i', (status) => {
    expect(new RemoteError('remote refused', { status }).retryable).toBe(false);
  });

  it('retries a network fault (no status)', () => {
    expect(new RemoteError('ECONNRESET').retryable).toBe(true);
  });

  it('lets the caller override the decision', () => {
    expect(new RemoteError('too big', { status: 502, retryable: false }).retryable).toBe(false);
    expect(new RemoteError('conflict, try again', { status: 409, retryable: true }).retryable).toBe(true);
  });

  it('serializes with kind, status and details', () => {
    const error = new RemoteError('GET api.example.com answered 503', { status: 503, details: { reason: 'maintenance' } });
    expect(error.toJSON()).toEqual({ kind: 'remote', message: 'GET api.example.com answered 503', retryable: true, status: 503, details: { reason: 'maintenance' } });
  });

  it('keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new RemoteError('failed', { cause }).cause).toBe(cause);
  });
});

describe('RateLimitError', () => {
  it('is retryable and carries retryAfterMs', () => {
    const error = new RateLimitError('slow down', { retryAfterMs: 30_000 });
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.toJSON()).toEqual({ kind: 'rate_limit', message: 'slow down', retryable: true, status: 429, retryAfterMs: 30_000 });
  });

  it('is retryable without a Retry-After as well', () => {
    expect(new RateLimitError('slow down').retryable).toBe(true);
  });
});

describe('errors that fail at once', () => {
  it.each([
    ['input', new InputError('amount must be a number', { field: 'amount' })],
    ['config', new ConfigError('no base URL')],
    ['auth', new AuthError('token revoked')],
    ['expression', new ExpressionError('x is not defined')],
    ['fail', new FlowFailError('customer has no VAT id')],
    ['cancelled', new CancelledError('run cancelled')],
  ] as const)('%s is not retryable', (kind, error) => {
    expect(error).toBeInstanceOf(NodeError);
    expect(error).toBeInstanceOf(Error);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(false);
  });

  it('names the error after its class and keeps field and details', () => {
    const error = new InputError('amount must be a number', { field: 'amount', details: { got: 'abc' } });
    expect(error.name).toBe('InputError');
    expect(error.toJSON()).toEqual({ kind: 'input', message: 'amount must be a number', retryable: false, field: 'amount', details: { got: 'abc' } });
  });
});

describe('serializeError', () => {
  it('uses the node error own serialization', () => {
    expect(serializeError(new AuthError('bad key'))).toMatchObject({ kind: 'auth', message: 'bad key', retryable: false });
    expect(serializeError(new RateLimitError('later', { retryAfterMs: 5 }))).toMatchObject({ kind: 'rate_limit', retryAfterMs: 5, status: 429 });
  });

  it('treats a plain Error as a retryable system fault and drops the stack', () => {
    const serialized = serializeError(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(serialized).toEqual({ kind: 'system', message: "Cannot read properties of undefined (reading 'id')", retryable: true });
  });

  it('turns thrown non-errors into text', () => {
    expect(serializeError('boom')).toEqual({ kind: 'system', message: 'boom', retryable: true });
    expect(serializeError(42)).toEqual({ kind: 'system', message: '42', retryable: true });
  });

  it('survives JSON round trips (it is stored in jsonb)', () => {
    const serialized = serializeError(new RemoteError('down', { status: 503 }));
    expect(JSON.parse(JSON.stringify(serialized))).toEqual({ kind: 'remote', message: 'down', retryable: true, status: 503 });
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-03-02T10:00:00.000Z');

  it('reads seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Mon, 02 Mar 2026 10:01:30 GMT', now)).toBe(90_000);
  });

  it('never returns a negative delay', () => {
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('-5', now)).toBe(0);
  });

  it('returns undefined when absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('a remote 404 as the analyst\'s mistake', () => {
  const orMissing = missingIn('Diadoc', 'or this login cannot see it');

  it('names the system and the param that carried the id, so the step is not retried', async () => {
    const notFound = new RemoteError('HTTP 404', { status: 404 });
    const refused = orMissing(Promise.reject(notFound), "Message 'm-1'", 'messageId');
    await expect(refused).rejects.toBeInstanceOf(InputError);
    await expect(refused).rejects.toMatchObject({ message: "Message 'm-1' does not exist in Diadoc (or this login cannot see it)", field: 'messageId' });
    expect(isNotFound(notFound)).toBe(true);
  });

  it('passes answers and every other failure through unchanged', async () => {
    await expect(orMissing(Promise.resolve(7), 'x', 'id')).resolves.toBe(7);
    const down = new RemoteError('HTTP 503', { status: 503 });
    await expect(orMissing(Promise.reject(down), 'x', 'id')).rejects.toBe(down);
    expect(isNotFound(down)).toBe(false);
  });
});
