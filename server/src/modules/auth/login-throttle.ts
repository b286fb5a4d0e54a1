/**
 * Slows password guessing from one address: at most `limit` attempts per window. Per-account
 * lockout (in UsersService) stops a distributed guesser; this stops one address hammering many.
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();

  constructor(private readonly limit = 20, private readonly windowMs = 60_000) {}

  /** Records an attempt; returns seconds to wait when over the limit, else 0. */
  hit(ip: string, now = Date.now()): number {
    const recent = (this.attempts.get(ip) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    this.attempts.set(ip, recent);
    if (this.attempts.size > 10_000) this.attempts.clear();
    return recent.length > this.limit ? Math.ceil((this.windowMs - (now - recent[0])) / 1000) : 0;
  }
}
