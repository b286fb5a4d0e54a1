import type { NextFunction, Request, Response } from 'express';
import { logger } from './logger';

/**
 * One line per request, naming the route (`/api/flows/:id`, `/hooks/*path`), never the path itself:
 * hook paths are secrets of their own, and query strings, bodies and headers carry tokens.
 */
export function requestLog(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const principal = (req as Request & { principal?: { id: string } }).principal;
    logger.info({ method: req.method, route: routeOf(req), status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6, user: principal?.id }, 'request');
  });
  next();
}

function routeOf(req: Request): string {
  const pattern = (req as Request & { route?: { path?: unknown } }).route?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}`;
  if (req.path.startsWith('/hooks/')) return '/hooks/*path';
  return req.path.startsWith('/api/') ? '(no route)' : '(static)';
}
