const CONNECTION_LOSS = /connection terminated|terminating connection|ECONNREFUSED|ECONNRESET|EPIPE|database system is (shutting down|starting up|in recovery mode)|connection error|Connection ended|too many clients/i;

/**
 * Postgres is away or refuses more work for now (SQLSTATE class 08, 53 or 57P0x, or the socket
 * closed), as opposed to a bug or a bad statement: what failed on it is tried again, not recorded.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^(08|53|57P0)/.test(e.code)) return true;
    if (typeof e.message === 'string' && CONNECTION_LOSS.test(e.message)) return true;
  }
  return false;
}
