import { Logger } from 'graphile-worker';

/**
 * graphile-worker is chatty at info level; only its warnings and errors reach our logs. Its warning
 * about a pool smaller than the concurrency is left out: the local queue fetches and acknowledges
 * jobs in batches, so the small pool is deliberate (QUEUE_POOL_SIZE).
 */
export const queueLogger = new Logger(() => (level: string, message: string) => {
  if (level === 'warning' && /maxPoolSize \(\d+\) smaller than concurrency/.test(message)) return;
  if (level === 'error' || level === 'warning') console.error(`[queue] ${level}: ${message}`);
});
