import { z } from 'zod';
import { ZodResponse } from '../../common/openapi';
import { Controller, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { HookIntakeService } from './hook-intake.service';
import { Public } from '../auth/roles';
import { RespondWaiter, type FlowResponse } from './respond-waiter';
import { Metrics } from '../../observability/metrics';

/** Headers a flow may not set on its answer: they belong to the connection or to the server's own protections. */
const RESERVED_HEADERS = new Set(['connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'trailer', 'te', 'host', 'set-cookie', 'content-security-policy', 'strict-transport-security']);

const hookAnswer = z.union([
  z.object({ runId: z.uuid(), duplicate: z.literal(true).optional(), runs: z.array(z.object({ runId: z.uuid(), duplicate: z.boolean() })).optional().describe('Every run a batch delivery started or matched') }),
  z.object({ ignored: z.literal(true) }),
]);

/** Public by design: each trigger authenticates its own callers (secret, signature, token). */
@ApiTags('hooks')
@Controller('hooks')
@Public()
export class HooksController {
  constructor(private readonly intake: HookIntakeService, private readonly waiter: RespondWaiter, private readonly metrics: Metrics) {}

  @Post('*path')
  @ZodResponse(hookAnswer, { status: 202, description: 'Stored: the run started (200 with duplicate: true for a repeated dedupe key, { ignored: true } for a delivery the trigger ignores); a flow with core.respond answers what that node says' })
  @ApiOperation({ summary: 'Deliver an event to a published flow: 202 {runId}, or the answer of its core.respond node when the run reaches it in time; a repeated dedupe key answers 200 with the first run' })
  async receive(@Param('path') path: string | string[], @Req() req: Request, @Res() res: Response) {
    const hookPath = (Array.isArray(path) ? path.join('/') : path).replace(/^\/+|\/+$/g, '');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
    const query = Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v ?? '')]));
    const rawBody = (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0);
    const outcome = await this.intake.receive(hookPath, { method: req.method, path: hookPath, headers, query, body: req.body ?? {}, rawBody, ip: req.ip ?? '' }).catch((error: unknown) => {
      this.metrics.intake.inc({ outcome: 'refused' });
      throw error;
    });
    if (outcome.ignored) {
      this.metrics.intake.inc({ outcome: 'ignored' });
      return res.status(HttpStatus.OK).json({ ignored: true });
    }
    const fresh = outcome.runs.some((r) => !r.duplicate);
    this.metrics.intake.inc({ outcome: fresh ? 'accepted' : 'duplicate' });
    const [first] = outcome.runs;
    if (fresh && outcome.runs.length === 1 && outcome.respondNodeIds.length) {
      const answer = await this.waiter.wait(first.runId, outcome.respondNodeIds);
      if (answer) return sendFlowResponse(res, answer, first.runId);
    }
    // A single run answers {runId}; a batch delivery also lists every run it started or matched.
    const body = outcome.runs.length === 1
      ? { runId: first.runId, ...(first.duplicate ? { duplicate: true } : {}) }
      : { runId: first.runId, runs: outcome.runs, ...(fresh ? {} : { duplicate: true }) };
    return res.status(fresh ? HttpStatus.ACCEPTED : HttpStatus.OK).json(body);
  }
}

function sendFlowResponse(res: Response, answer: FlowResponse, runId: string) {
  const status = Number.isInteger(answer.status) && answer.status >= 200 && answer.status <= 599 ? answer.status : 200;
  res.status(status);
  for (const [name, value] of Object.entries(answer.headers ?? {})) {
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower) || !/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(lower)) continue;
    if (typeof value === 'string' || typeof value === 'number') res.setHeader(lower, String(value).replace(/[\r\n]/g, ' '));
  }
  res.setHeader('x-flowbridge-run-id', runId);
  if (typeof answer.body === 'string' && res.getHeader('content-type')) return res.send(answer.body);
  return res.json(answer.body ?? null);
}
