import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/**
 * Body parsing with a size limit and JSON errors. The raw bytes are kept because hook triggers
 * verify signatures over exactly what the sender signed.
 */
export function bodyParsers(limitBytes: number): RequestHandler[] {
  const keepRaw = (req: Request, _res: Response, buf: Buffer) => {
    (req as Request & { rawBody?: Buffer }).rawBody = buf;
  };
  const parsers = [
    express.json({ limit: limitBytes, verify: keepRaw, type: ['application/json', 'application/*+json'] }),
    express.urlencoded({ limit: limitBytes, extended: true, verify: keepRaw, parameterLimit: 10_000 }),
    express.text({ limit: limitBytes, verify: keepRaw, type: ['text/*', 'application/xml'] }),
  ];
  return parsers.map((parser) => (req: Request, res: Response, next: NextFunction) =>
    parser(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { status?: number; type?: string; message?: string };
      if (e.type === 'entity.too.large') {
        res.status(413).json({ statusCode: 413, error: 'payload_too_large', message: `Request body is larger than the ${limitBytes} byte limit` });
      } else if (e.type === 'entity.parse.failed') {
        res.status(400).json({ statusCode: 400, error: 'malformed_body', message: `Malformed request body: ${e.message}` });
      } else {
        res.status(e.status ?? 400).json({ statusCode: e.status ?? 400, error: 'bad_body', message: e.message ?? 'Unreadable request body' });
      }
    }),
  );
}
