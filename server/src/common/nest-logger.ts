import type { LoggerService } from '@nestjs/common';
import { logger } from './logger';

const nest = logger.child({ component: 'nest' });

/** Where NestJS itself writes (bootstrap, route errors, lifecycle): the same pino stream as the rest, with its context. */
export class PinoNestLogger implements LoggerService {
  /** Nest logs at this level what a running server does not need: modules loaded, routes mapped. */
  log(message: unknown, ...rest: unknown[]): void {
    nest.debug(fields(rest), text(message));
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?) or (error, context?).
    const [stack, context] = rest;
    const err = message instanceof Error ? message : undefined;
    nest.error({ ...fields(context === undefined ? [] : [context]), ...(err ? { err } : typeof stack === 'string' ? { stack } : {}) }, err ? err.message : text(message));
  }

  warn(message: unknown, ...rest: unknown[]): void {
    nest.warn(fields(rest), text(message));
  }

  debug(message: unknown, ...rest: unknown[]): void {
    nest.debug(fields(rest), text(message));
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    nest.trace(fields(rest), text(message));
  }
}

function text(message: unknown): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}

/** Nest's last argument is the context (the class that logged). */
function fields(rest: unknown[]): Record<string, unknown> {
  const context = rest.at(-1);
  return typeof context === 'string' ? { context } : {};
}
