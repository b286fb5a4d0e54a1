import { ZodQuery, ZodResponse } from '../../common/openapi';
import { errorsAnswer, flowStatsAnswer, runsPerBucketAnswer, waitingAnswer } from './stats.responses';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { BadRequestError } from '../../common/errors';
import { parseInput } from '../../common/parse-input';
import { ANY_ROLE, Roles } from '../auth/roles';
import { isoInstant, parseRangeQuery, runFilterShape } from '../runs/run-filter';
import { BUCKET_MS, MAX_BUCKETS, StatsService, bucketStart } from './stats.service';

const scope = { flowId: runFilterShape.flowId, connector: runFilterShape.connector, test: runFilterShape.test };
const period = { ...scope, from: isoInstant, to: isoInstant };

const runsSchema = z.object({ ...period, bucket: z.enum(['hour', 'day']).default('hour') }).strict();
const flowsSchema = z.object(period).strict();
const waitingSchema = z.object(scope).strict();
const errorsSchema = z.object({ ...period, limit: z.coerce.number().int().min(1).max(50).default(10) }).strict();

@ApiTags('stats')
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('runs')
  @ZodQuery(runsSchema)
  @ZodResponse(runsPerBucketAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Runs created per UTC hour or day and status in [from, to), every bucket present (at most 1000)' })
  runs(@Query() query: unknown) {
    const q = parseRangeQuery(runsSchema, query);
    const buckets = Math.ceil((q.to.getTime() - bucketStart(q.from, q.bucket)) / BUCKET_MS[q.bucket]);
    if (buckets > MAX_BUCKETS) {
      throw new BadRequestError(`Invalid query: 'to' makes ${buckets} ${q.bucket} buckets; at most ${MAX_BUCKETS} (choose bucket=day or a shorter period)`, { field: 'to' });
    }
    return this.stats.runs(q);
  }

  @Get('flows')
  @ZodQuery(flowsSchema)
  @ZodResponse(flowStatsAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Per flow in [from, to): runs, succeeded, failed, failure rate (failed of the runs that ended) and p95 duration' })
  flows(@Query() query: unknown) {
    return this.stats.flows(parseRangeQuery(flowsSchema, query));
  }

  @Get('waiting')
  @ZodResponse(waitingAnswer)
  @ZodQuery(waitingSchema)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Runs waiting now, grouped by flow, node and what they wait for' })
  waiting(@Query() query: unknown) {
    return this.stats.waiting(parseInput(waitingSchema, query, 'query'));
  }

  @Get('errors')
  @ZodQuery(errorsSchema)
  @ZodResponse(errorsAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Top errors of failed runs in [from, to), grouped by flow, node and message, most frequent first' })
  errors(@Query() query: unknown) {
    return this.stats.errors(parseRangeQuery(errorsSchema, query));
  }
}
