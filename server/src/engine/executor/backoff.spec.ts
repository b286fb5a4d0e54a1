import { backoffDelay, DEFAULT_ACTION_RETRY, NO_RETRY } from './backoff';

describe('backoffDelay', () => {
  it('waits the same delay for every attempt with a fixed policy, without jitter', () => {
    const policy = { attempts: 5, backoff: 'fixed' as const, delayMs: 2000 };
    const random = jest.fn(() => 1);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(policy, attempt, random))).toEqual([2000, 2000, 2000, 2000]);
    expect(random).not.toHaveBeenCalled();
  });

  it('doubles the delay per attempt with an exponential policy', () => {
    const policy = { attempts: 6, backoff: 'exponential' as const, delayMs: 1000 };
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, middle))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('jitters exponential delays between 0.8× and 1.2×', () => {
    const policy = { attempts: 5, backoff: 'exponential' as const, delayMs: 1000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(800);
    expect(backoffDelay(policy, 1, () => 1)).toBe(1200);
    expect(backoffDelay(policy, 3, () => 0)).toBe(3200);
    expect(backoffDelay(policy, 3, () => 1)).toBe(4800);
  });

  it('stays inside the jitter bounds with the real random source', () => {
    const policy = { attempts: 5, backoff: 'exponential' as const, delayMs: 1000 };
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(policy, 2);
      expect(delay).toBeGreaterThanOrEqual(1600);
      expect(delay).toBeLessThanOrEqual(2400);
    }
  });

  it('returns whole milliseconds', () => {
    expect(backoffDelay({ attempts: 3, backoff: 'exponential', delayMs: 333 }, 1, () => 0.3)).toBe(Math.round(333 * 0.92));
  });

  it('treats attempt 0 like the first attempt', () => {
    expect(backoffDelay({ attempts: 3, backoff: 'exponential', delayMs: 1000 }, 0, () => 0.5)).toBe(1000);
  });

  it('has no delay with a zero delayMs', () => {
    expect(backoffDelay({ attempts: 3, backoff: 'exponential', delayMs: 0 }, 4, () => 1)).toBe(0);
  });

  it('retries actions three times by default, and pure nodes not at all', () => {
    expect(DEFAULT_ACTION_RETRY).toEqual({ attempts: 3, backoff: 'exponential', delayMs: 1000 });
    expect(NO_RETRY.attempts).toBe(1);
  });
});
