import type { NextFunction, Request, Response } from 'express';
import { logger } from './logger';

/**
 * One line per request. Only the path is logged: query strings and bodies can carry tokens
 * and personal data, and headers carry credentials.
 */
export function requestLog(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const principal = (req as Request & { principal?: { id: string } }).principal;
    logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, user: principal?.id }, 'request');
  });
  next();
}
