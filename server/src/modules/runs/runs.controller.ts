import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { RunsService } from './runs.service';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal';
import { ANY_ROLE, Roles, type Principal } from '../auth/roles';

const listSchema = z.object({
  flowId: z.uuid().optional(),
  status: z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled']).optional(),
  businessKey: z.string().min(1).max(500).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const wakeSchema = z.object({ event: z.unknown() }).partial().strict();

@ApiTags('runs')
@Controller('api/runs')
export class RunsController {
  constructor(private readonly runs: RunsService, private readonly audit: AuditService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Runs, newest first; filter by flowId, status, businessKey; page with cursor' })
  list(@Query() query: unknown) {
    return this.runs.list(parseInput(listSchema, query, 'query'));
  }

  @Get(':id')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'A run with every step attempt' })
  get(@Param('id') id: string) {
    return this.runs.get(id);
  }

  @Get(':id/steps/:stepId')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'One step attempt with its full input, output and error (the run read shows previews of large values)' })
  step(@Param('id') id: string, @Param('stepId') stepId: string) {
    return this.runs.step(id, stepId);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('admin', 'manager')
  async retry(@CurrentPrincipal() actor: Principal, @Param('id') id: string) {
    const run = await this.runs.retry(id);
    await this.audit.record(actor, 'run.retried', { type: 'run', id });
    return run;
  }

  @Post(':id/steps/:stepId/wake')
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'A waiting test run goes on now: { "event": <data> } sends the awaited event, {} fires the timer or timeout' })
  async wake(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Param('stepId') stepId: string, @Body() body: unknown) {
    const input = parseInput(wakeSchema, body ?? {});
    const run = await this.runs.wake(id, stepId, 'event' in input ? { data: input.event } : undefined);
    await this.audit.record(actor, 'run.woken', { type: 'run', id });
    return run;
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('admin', 'manager')
  async cancel(@CurrentPrincipal() actor: Principal, @Param('id') id: string) {
    const run = await this.runs.cancel(id);
    await this.audit.record(actor, 'run.cancelled', { type: 'run', id });
    return run;
  }
}
