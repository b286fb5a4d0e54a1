import { ZodBody, ZodQuery, ZodResponse } from '../../common/openapi';
import { bulkAnswer, rerunAnswer, runAnswer, runPageAnswer, stepAnswer } from './runs.responses';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { BadRequestError } from '../../common/errors';
import { parseInput } from '../../common/parse-input';
import { RunsService } from './runs.service';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal';
import { ANY_ROLE, Roles, type Principal } from '../auth/roles';
import { businessKeyValue, checkRange, parseRangeQuery, runFilterSchema } from './run-filter';
import { RunStream } from './run-stream';

const listSchema = runFilterSchema.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const streamSchema = runFilterSchema.extend({
  ids: z.string().max(200 * 37).transform((text) => text.split(',').map((id) => id.trim())).pipe(z.array(z.uuid()).min(1).max(200)).optional(),
});

const wakeSchema = z.object({ event: z.unknown() }).partial().strict();

const bulkSchema = z.object({
  action: z.enum(['retry', 'cancel']),
  ids: z.array(z.uuid()).min(1).max(500).optional(),
  filter: runFilterSchema.strict().optional(),
}).strict();

const rerunSchema = z.object({ payload: z.record(z.string(), z.unknown()) }).strict();

@ApiTags('runs')
@Controller('api/runs')
export class RunsController {
  constructor(private readonly runs: RunsService, private readonly audit: AuditService, private readonly live: RunStream) {}

  @Get()
  @ZodQuery(listSchema)
  @ZodResponse(runPageAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Runs of every flow, newest first; filter by flowId, status, businessKey (`4711*` for a prefix), from/to, test, trigger, errorNode/errorMessage, connector; page with cursor' })
  list(@Query() query: unknown) {
    return this.runs.list(parseRangeQuery(listSchema, query));
  }

  @Get('stream')
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Server-sent events: `event: run` whenever a run matching the filter (the list\'s, or ids=<uuid,…> ≤ 200) is created or changes status; `: ping` every 15 s' })
  async stream(@CurrentPrincipal() actor: Principal, @Query() query: unknown, @Res() res: Response) {
    const filter = parseRangeQuery(streamSchema, query);
    if (filter.businessKey) businessKeyValue(filter.businessKey);
    await this.live.open(actor.id, res, filter, await this.runs.connectorFlows(filter.connector));
  }

  @Post('bulk')
  @ZodResponse(bulkAnswer)
  @ZodBody(bulkSchema)
  @HttpCode(200)
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'Retry failed runs or cancel live ones, by ids (≤ 500) or by a filter (≤ 1000 runs); audited once' })
  async bulk(@CurrentPrincipal() actor: Principal, @Body() body: unknown) {
    const input = parseInput(bulkSchema, body);
    if ((input.ids === undefined) === (input.filter === undefined)) throw new BadRequestError(`Invalid body: pass exactly one of 'ids' and 'filter'`, { field: input.ids ? 'filter' : 'ids' });
    if (input.filter) checkRange(input.filter, 'filter.');
    const { ids, truncated } = await this.runs.bulkTargets(input);
    const { done, skipped } = await this.runs.bulk(input.action, ids);
    await this.audit.record(actor, input.action === 'retry' ? 'runs.bulk_retried' : 'runs.bulk_cancelled', undefined, { count: done.length, ids: done, matched: ids.length, truncated });
    return { matched: ids.length, done, skipped, truncated };
  }

  @Get(':id')
  @ZodResponse(runAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'A run with its steps (earlier attempts and resumed waits folded into history), what it waits for, and the graph of the version it ran on' })
  get(@Param('id') id: string) {
    return this.runs.get(id);
  }

  @Get(':id/steps/:stepId')
  @ZodResponse(stepAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'One step attempt with its full input, output and error (the run read shows previews of large values)' })
  step(@Param('id') id: string, @Param('stepId') stepId: string) {
    return this.runs.step(id, stepId);
  }

  @Post(':id/retry')
  @ZodResponse(runAnswer)
  @HttpCode(200)
  @Roles('admin', 'manager')
  async retry(@CurrentPrincipal() actor: Principal, @Param('id') id: string) {
    const run = await this.runs.retry(id);
    await this.audit.record(actor, 'run.retried', { type: 'run', id });
    return run;
  }

  @Post(':id/rerun')
  @ZodResponse(rerunAnswer, { status: 202 })
  @ZodBody(rerunSchema)
  @HttpCode(202)
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'A new run of the same flow version with an edited trigger payload, linked to this one (retryOf)' })
  async rerun(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    const input = parseInput(rerunSchema, body);
    const started = await this.runs.rerun(id, input.payload);
    await this.audit.record(actor, 'run.rerun_with_input', { type: 'run', id: started.runId }, { originalRunId: id });
    return started;
  }

  @Post(':id/steps/:stepId/wake')
  @ZodResponse(runAnswer)
  @ZodBody(wakeSchema)
  @HttpCode(200)
  @Roles('admin', 'analyst')
  @ApiOperation({ summary: 'A waiting run goes on now: { "event": <data> } sends the awaited event, {} fires the timer or timeout. Test runs for authors; live runs for admins ("fire now")' })
  async wake(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Param('stepId') stepId: string, @Body() body: unknown) {
    const input = parseInput(wakeSchema, body ?? {});
    const { run, live } = await this.runs.wake(id, stepId, 'event' in input ? { data: input.event } : undefined, actor.roles.includes('admin'));
    await this.audit.record(actor, live ? 'run.fired_now' : 'run.woken', { type: 'run', id }, live ? { stepId } : undefined);
    return run;
  }

  @Post(':id/cancel')
  @ZodResponse(runAnswer)
  @HttpCode(200)
  @Roles('admin', 'manager')
  async cancel(@CurrentPrincipal() actor: Principal, @Param('id') id: string) {
    const run = await this.runs.cancel(id);
    await this.audit.record(actor, 'run.cancelled', { type: 'run', id });
    return run;
  }
}
