import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { RunsService } from './runs.service';

const listSchema = z.object({
  flowId: z.uuid().optional(),
  status: z.enum(['queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled']).optional(),
  businessKey: z.string().min(1).max(500).optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

@ApiTags('runs')
@Controller('api/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  @Get()
  @ApiOperation({ summary: 'Runs, newest first; filter by flowId, status, businessKey; page with cursor' })
  list(@Query() query: unknown) {
    return this.runs.list(parseInput(listSchema, query, 'query'));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A run with every step attempt' })
  get(@Param('id') id: string) {
    return this.runs.get(id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  retry(@Param('id') id: string) {
    return this.runs.retry(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@Param('id') id: string) {
    return this.runs.cancel(id);
  }
}
