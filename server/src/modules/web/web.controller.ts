import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/roles';

/** Until the editor lands, the root page says what is running and where the API lives. */
@ApiExcludeController()
@Controller()
@Public()
export class WebController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index() {
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flowbridge</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}</style>
</head><body><h1>Flowbridge</h1><p>The engine is running. The flow editor is on its way.</p>
<ul><li>API reference: <a href="/api/docs">/api/docs</a> (<a href="/api/openapi.json">OpenAPI JSON</a>)</li>
<li>Health: <a href="/api/health">/api/health</a></li><li>Node catalogue: <a href="/api/nodes">/api/nodes</a></li></ul></body></html>`;
  }
}
