import { Controller, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { HookIntakeService } from './hook-intake.service';
import { Public } from '../auth/roles';

/** Public by design: each trigger authenticates its own callers (secret, signature, token). */
@ApiTags('hooks')
@Controller('hooks')
@Public()
export class HooksController {
  constructor(private readonly intake: HookIntakeService) {}

  @Post('*path')
  @ApiOperation({ summary: 'Deliver an event to a published flow: 202 {runId}; a repeated dedupe key answers 200 with the first run' })
  async receive(@Param('path') path: string | string[], @Req() req: Request, @Res() res: Response) {
    const hookPath = (Array.isArray(path) ? path.join('/') : path).replace(/^\/+|\/+$/g, '');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
    const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v ?? '')]));
    const rawBody = (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
    const outcome = await this.intake.receive(hookPath, { method: req.method, path: hookPath, headers, query, body: req.body ?? {}, rawBody, ip: req.ip ?? '' });
    if (outcome.ignored) return res.status(HttpStatus.OK).json({ ignored: true });
    const fresh = outcome.runs.some((r) => !r.duplicate);
    const [first] = outcome.runs;
    // A single run answers {runId}; a batch delivery also lists every run it started or matched.
    const body = outcome.runs.length === 1
      ? { runId: first.runId, ...(first.duplicate ? { duplicate: true } : {}) }
      : { runId: first.runId, runs: outcome.runs, ...(fresh ? {} : { duplicate: true }) };
    return res.status(fresh ? HttpStatus.ACCEPTED : HttpStatus.OK).json(body);
  }
}
