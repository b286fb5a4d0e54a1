import type { RetryPolicy } from '@flowbridge/nodes/sdk';

/** Actions retry by default (remote systems fail transiently); pure nodes fail at once. */
export const DEFAULT_ACTION_RETRY: RetryPolicy = { attempts: 3, backoff: 'exponential', delayMs: 1000 };
/** A trigger's second phase re-reads what a remote just announced: worth minutes of patience (about 8.5 in all). */
export const TRIGGER_LOAD_RETRY: RetryPolicy = { attempts: 8, backoff: 'exponential', delayMs: 2000 };
export const NO_RETRY: RetryPolicy = { attempts: 1, backoff: 'fixed', delayMs: 0 };

/** Delay before attempt `attempt + 1`, with ±20% jitter on exponential so retries do not stampede. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  if (policy.backoff === 'fixed') return policy.delayMs;
  const base = policy.delayMs * 2 ** Math.max(0, attempt - 1);
  return Math.round(base * (0.8 + 0.4 * random()));
}
