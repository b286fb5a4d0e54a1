import { ZodBody, ZodResponse } from '../../common/openapi';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ConfigError, isTimeZone, NodeError } from '@flowbridge/nodes/sdk';
import { CalendarStore } from '../../engine/calendars/calendar-store';
import { BadRequestError } from '../../common/errors';
import { parseInput } from '../../common/parse-input';
import { CLOCK, type Clock } from '../../engine/clock';
import { resolveValue } from '../../engine/expressions/resolve-params';
import { Sandbox } from '../../engine/sandbox/sandbox';
import { Roles } from '../auth/roles';

const previewSchema = z.object({
  template: z.string().max(10_000),
  /** The flow's calendar id and time zone; absent, the server's defaults. */
  calendar: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/).optional(),
  timezone: z.string().max(64).refine(isTimeZone, 'unknown IANA time zone').optional(),
  /** Sample data the editor has for upstream nodes: { $trigger, $steps, $prev, $vars }, and inside a loop $item and $index. */
  scope: z.object({ $trigger: z.unknown(), $steps: z.record(z.string(), z.unknown()), $prev: z.unknown(), $vars: z.record(z.string(), z.unknown()), $item: z.unknown(), $index: z.number().int().min(0) }).partial().default({}),
});

/** The value, or the error a person reads (a failing expression is an answer here, not a fault). */
const previewAnswer = z.union([z.object({ value: z.unknown() }), z.object({ error: z.string() })]);

@ApiTags('expressions')
@Controller('api/expressions')
@Roles('admin', 'analyst')
export class ExpressionsController {
  constructor(private readonly sandbox: Sandbox, @Inject(CLOCK) private readonly clock: Clock, private readonly calendars: CalendarStore) {}

  @Post('preview')
  @ZodResponse(previewAnswer)
  @ZodBody(previewSchema)
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate a {{ }} template against sample data in the sandbox, for the inspector’s live preview' })
  async preview(@Body() body: unknown) {
    const { template, scope, calendar: calendarId, timezone: zone } = parseInput(previewSchema, body);
    let flowCalendar;
    try {
      flowCalendar = await this.calendars.forFlow({ calendar: calendarId, timezone: zone });
    } catch (error) {
      if (error instanceof ConfigError) throw new BadRequestError(`Invalid body: 'calendar' ${error.message}`, { issues: [{ field: 'calendar', message: error.message }] });
      throw error;
    }
    const env = { timezone: flowCalendar.timezone, calendar: flowCalendar.calendar.data };
    const full = {
      $trigger: scope.$trigger ?? {},
      $steps: scope.$steps ?? {},
      $prev: scope.$prev ?? {},
      $vars: scope.$vars ?? {},
      ...('$item' in scope ? { $item: scope.$item, $index: scope.$index ?? 0 } : {}),
      $run: { id: 'preview', flowId: 'preview', businessKey: null, startedAt: this.clock.now().toISOString() },
      $now: this.clock.now().toISOString(),
    };
    try {
      return { value: (await resolveValue(template, { sandbox: this.sandbox, scope: full, nodeId: 'preview', path: 'value', env })) ?? null };
    } catch (error) {
      if (error instanceof NodeError) return { error: error.message };
      throw error;
    }
  }
}
