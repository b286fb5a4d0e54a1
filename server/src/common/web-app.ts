import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flowbridge</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
<h1>Flowbridge</h1><p>The API is running, but the editor has not been built: run <code>npm run build</code>.</p>
<p><a href="/api/docs">API reference</a> · <a href="/api/health">health</a></p></body></html>`;

/**
 * Serves the editor (web/dist) on every path that is not the API or a hook, so the single-page
 * app's own routes (/flows/…) survive a reload. Without a build, a page says how to make one.
 */
export function webApp(webDir = process.env.FLOWBRIDGE_WEB_DIR ?? resolve(process.cwd(), 'web/dist')): RequestHandler[] {
  const index = join(webDir, 'index.html');
  const isAppRoute = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && !/^\/(api|hooks|forms|approve|metrics)(\/|$)/.test(req.path);
  const fallback = (req: Request, res: Response, next: NextFunction) => {
    if (!isAppRoute(req)) return next();
    if (existsSync(index)) return res.sendFile(index);
    res.type('html').send(PLACEHOLDER);
  };
  return [express.static(webDir, { index: false, maxAge: '1h' }), fallback];
}
