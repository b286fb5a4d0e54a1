import { z } from 'zod';
import { ZodResponse } from '../../common/openapi';
import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { HealthChecks } from '../../observability/health-checks';
import { Public } from '../auth/roles';

const check = z.enum(['ok', 'unavailable', 'stopped']);
const readinessAnswer = z.object({ status: z.enum(['ready', 'unavailable']), checks: z.object({ database: check, queue: check, worker: check.optional() }) });

@ApiTags('health')
@Controller('api/health')
@Public()
export class HealthController {
  constructor(private readonly health: HealthChecks) {}

  @Get()
  @ZodResponse(z.object({ status: z.enum(['ok', 'degraded']), db: z.string(), queue: z.string() }), { description: 'ok; 503 with the same shape when degraded' })
  @ApiOperation({ summary: 'Database and queue reachability (as readiness, in the older shape)' })
  async summary(@Res() res: Response) {
    const { checks } = await this.health.ready();
    const ok = checks.database === 'ok' && checks.queue === 'ok';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: ok ? 'ok' : 'degraded', db: checks.database, queue: checks.queue });
  }

  @Get('live')
  @ZodResponse(z.object({ status: z.literal('ok'), role: z.enum(['all', 'api', 'worker']), uptimeSeconds: z.number().int() }))
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency is asked)' })
  live() {
    return this.health.live();
  }

  @Get('ready')
  @ZodResponse(readinessAnswer, { description: 'Ready; 503 with the same shape names what is not' })
  @ApiOperation({ summary: 'Readiness: database, queue and (in processes that run flows) the worker; 503 names what is not ready, never an error text' })
  async ready(@Res() res: Response) {
    const readiness = await this.health.ready();
    res.status(readiness.ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: readiness.ready ? 'ready' : 'unavailable', checks: readiness.checks });
  }
}
