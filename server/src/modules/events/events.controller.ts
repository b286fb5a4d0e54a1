import { ZodBody, ZodResponse } from '../../common/openapi';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { parseInput } from '../../common/parse-input';
import { CLOCK, type Clock } from '../../engine/clock';
import { emitEvent } from '../../engine/events';
import { Roles } from '../auth/roles';

const eventSchema = z.object({ type: z.string().min(1).max(200), key: z.string().min(1).max(500), data: z.unknown().optional() });

@ApiTags('events')
@Controller('api/events')
@Roles('admin', 'analyst')
export class EventsController {
  constructor(private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  @Post()
  @ZodResponse(z.object({ accepted: z.literal(true), resumedRuns: z.array(z.uuid()).describe('Runs the event resumed') }), { status: 202 })
  @ZodBody(eventSchema)
  @HttpCode(202)
  @ApiOperation({ summary: 'Post a business event (e.g. act.signed for document 123); runs waiting for it resume' })
  async post(@Body() body: unknown) {
    const event = parseInput(eventSchema, body);
    const woken = await this.dataSource.transaction((tx) => emitEvent(tx, { ...event, source: 'api' }, this.clock.now()));
    return { accepted: true, resumedRuns: woken };
  }
}
