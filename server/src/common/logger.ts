import pino from 'pino';
import type { NodeLogger } from '@flowbridge/nodes/sdk/context';

/** Structured logs. Anything that looks like a credential is cut before it is written. */
export const logger = pino({
  level: process.env.FLOWBRIDGE_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: {
    paths: ['*.password', '*.token', '*.secret', '*.apiKey', '*.authorization', '*.headers.authorization', '*.headers.cookie', '*.credentials'],
    censor: '[redacted]',
  },
});

/**
 * A node's or trigger's logger, bound to where it runs. The child logger is made on the first line
 * written: most steps write none, and making one per step cost as much as a statement's encoding.
 */
export function nodeLogger(bindings: Record<string, unknown>): NodeLogger {
  let child: pino.Logger | undefined;
  const log = () => (child ??= logger.child(bindings));
  return {
    info: (message, data) => log().info(data ?? {}, message),
    warn: (message, data) => log().warn(data ?? {}, message),
    error: (message, data) => log().error(data ?? {}, message),
  };
}
