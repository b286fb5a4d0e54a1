import { ZodBody, ZodResponse } from '../../common/openapi';
import { isoDate } from './flows.responses';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ConfigError } from '@flowbridge/nodes/sdk';
import { cronSchedule, DEFAULT_SCHEDULE_TIMEZONE } from '@flowbridge/nodes/core/schedule';
import { BadRequestError } from '../../common/errors';
import { parseInput } from '../../common/parse-input';
import { CLOCK, type Clock } from '../../engine/clock';
import { Schedules } from '../../engine/schedules/schedules';
import { DEFAULT_CALENDAR_ID } from '../../engine/schedules/workday-check';
import { ANY_ROLE, Roles } from '../auth/roles';

const previewSchema = z.object({
  cron: z.string().trim().min(1).max(200),
  /** The node's zone, else the flow's; absent, the schedule default (as publishing decides). */
  timezone: z.string().trim().max(64).optional(),
  workingDaysOnly: z.boolean().optional(),
  /** The flow's calendar id; absent, the server's default calendar. */
  calendar: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/).optional(),
  count: z.number().int().min(1).max(20).default(5),
}).strict();

@ApiTags('flows')
@Controller('api/schedules')
export class SchedulesController {
  constructor(private readonly schedules: Schedules, @Inject(CLOCK) private readonly clock: Clock) {}

  @Post('preview')
  @ZodResponse(z.object({ timezone: z.string(), nextFireTimes: z.array(isoDate) }))
  @ZodBody(previewSchema)
  @HttpCode(200)
  // Read-only too: whoever sees a schedule node sees when it fires.
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'The next fire times of a cron schedule as drawn (not yet published), for the inspector of a schedule trigger' })
  async preview(@Body() body: unknown) {
    const q = parseInput(previewSchema, body);
    const spec = { cron: q.cron, timezone: q.timezone || DEFAULT_SCHEDULE_TIMEZONE, workingDaysOnly: q.workingDaysOnly ?? false, calendar: q.calendar ?? DEFAULT_CALENDAR_ID };
    try {
      cronSchedule(spec.cron, spec.timezone);
    } catch (error) {
      // Its sentences name the cron or the zone, as publishing reports them.
      const field = /zone/i.test((error as Error).message) ? 'timezone' : 'cron';
      throw new BadRequestError(`Invalid body: '${field}' ${(error as Error).message}`, { field });
    }
    try {
      return { timezone: spec.timezone, nextFireTimes: await this.schedules.nextFireTimes(spec, this.clock.now(), q.count) };
    } catch (error) {
      if (error instanceof ConfigError) throw new BadRequestError(`Invalid body: 'calendar' ${error.message}`, { field: 'calendar' });
      throw error;
    }
  }
}
