import { setTimeout as sleep } from 'node:timers/promises';
import { logger } from '../common/logger';
import { isDatabaseUnavailable } from './unavailable';

/**
 * A start-up step that needs Postgres, tried again while Postgres is away (still starting beside
 * us in a compose project, or restarting) until `waitMs` has passed, instead of ending the process
 * at its first refused connection. Any other error ends it at once.
 */
export async function whileDatabaseAway<T>(what: string, waitMs: number, step: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() >= deadline) throw error;
      logger.warn({ err: error, attempt }, `${what}: the database is not reachable; trying again`);
      await sleep(Math.min(250 * 2 ** attempt, 5_000, Math.max(0, deadline - Date.now())));
    }
  }
}
