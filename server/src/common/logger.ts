import pino from 'pino';

/** Structured logs. Anything that looks like a credential is cut before it is written. */
export const logger = pino({
  level: process.env.FLOWBRIDGE_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: {
    paths: ['*.password', '*.token', '*.secret', '*.apiKey', '*.authorization', '*.headers.authorization', '*.headers.cookie', '*.credentials'],
    censor: '[redacted]',
  },
});
