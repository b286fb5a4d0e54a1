import { Logger } from 'graphile-worker';

/** graphile-worker is chatty at info level; only its warnings and errors reach our logs. */
export const queueLogger = new Logger(() => (level: string, message: string) => {
  if (level === 'error' || level === 'warning') console.error(`[queue] ${level}: ${message}`);
});
