import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { AuthError, ConfigError, ExpressionError, InputError, NodeError } from '@flowbridge/nodes/sdk';
import { logger } from '../logger';

/** One JSON error shape for every failure; system faults answer 500 without leaking internals. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const status = exception.getStatus();
      response.status(status).json(typeof body === 'string' ? { statusCode: status, error: 'error', message: body } : normalise(body as Record<string, unknown>, status));
      return;
    }
    if (exception instanceof NodeError) {
      const status = exception instanceof AuthError ? 401 : exception instanceof InputError || exception instanceof ConfigError || exception instanceof ExpressionError ? 400 : 502;
      response.status(status).json({ statusCode: status, error: exception.kind, message: exception.message, field: exception.field });
      return;
    }
    logger.error({ err: exception }, 'unhandled error');
    response.status(500).json({ statusCode: 500, error: 'internal', message: 'Internal server error' });
  }
}

function normalise(body: Record<string, unknown>, status: number): Record<string, unknown> {
  // Nest's own exceptions use `error` for the reason phrase; keep ours, map theirs to a code.
  if (typeof body.error === 'string' && /^[a-z_]+$/.test(body.error)) return body;
  return { ...body, statusCode: status, error: String(body.error ?? 'error').toLowerCase().replace(/\s+/g, '_') };
}
