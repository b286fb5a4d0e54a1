import { ZodBody, ZodResponse } from '../../common/openapi';
import { calendarAnswer, dayAnswer, importAnswer, yearAnswer } from './calendars.responses';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ConfigError, DAY_TYPES, isTimeZone, WorkingCalendar, type CalendarData } from '@flowbridge/nodes/sdk';
import { parseInput } from '../../common/parse-input';
import { BadRequestError, ConflictError, NotFoundError } from '../../common/errors';
import { CalendarConflict, CalendarStore } from '../../engine/calendars/calendar-store';
import { CalendarFormatError, parseCsv, parseIsDayOff, parseXmlCalendar, parseXmlCalendarJson, validateYear, type CalendarYear } from '../../calendars/formats';
import { AuditService } from '../audit/audit.service';
import { CurrentPrincipal } from '../auth/current-principal';
import { ANY_ROLE, Roles, type Principal } from '../auth/roles';

const calendarId = z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, 'a calendar id is 2–32 lower-case letters, digits, _ or -, starting with a letter');
const yearSchema = z.coerce.number().int().min(1900).max(2200);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is yyyy-MM-dd').refine((d) => DateTime.fromISO(d, { zone: 'utc' }).isValid, 'not a calendar date');
const weekday = z.number().int().min(1).max(7);

const createSchema = z.object({
  id: calendarId,
  name: z.string().trim().min(1).max(200),
  weekend: z.array(weekday).max(6).default([6, 7]),
  timezone: z.string().refine(isTimeZone, 'unknown IANA time zone').default('UTC'),
});

const daySchema = z.object({
  /** null clears the date's exception: it follows the weekend rule again. */
  type: z.enum(DAY_TYPES).nullable(),
  name: z.string().max(200).nullable().optional(),
});

const importSchema = z.discriminatedUnion('format', [
  z.object({ format: z.literal('xmlcalendar-xml'), data: z.string().min(1).max(1_000_000), dryRun: z.boolean().optional() }),
  z.object({ format: z.literal('xmlcalendar-json'), data: z.union([z.string().min(1).max(1_000_000), z.record(z.string(), z.unknown())]), dryRun: z.boolean().optional() }),
  z.object({ format: z.literal('isdayoff'), year: yearSchema, data: z.string().min(1).max(400), dryRun: z.boolean().optional() }),
  z.object({ format: z.literal('csv'), data: z.string().min(1).max(1_000_000), dryRun: z.boolean().optional() }),
  z.object({
    format: z.literal('json'),
    data: z.object({ year: yearSchema, days: z.array(z.object({ date: isoDate, type: z.enum(DAY_TYPES), name: z.string().max(200).optional() })).max(366) }),
    dryRun: z.boolean().optional(),
  }),
]);

@ApiTags('calendars')
@Controller('api/calendars')
export class CalendarsController {
  constructor(private readonly calendars: CalendarStore, private readonly audit: AuditService) {}

  @Get()
  @ZodResponse(z.array(calendarAnswer))
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'List production calendars (short ids such as ru, il) with their weekend, time zone and the years they cover' })
  list() {
    return this.calendars.list();
  }

  @Post()
  @ZodResponse(calendarAnswer, { status: 201 })
  @ZodBody(createSchema)
  @Roles('admin')
  @ApiOperation({ summary: 'Create an empty calendar (weekend days, time zone); add days by import or one by one' })
  async create(@CurrentPrincipal() actor: Principal, @Body() body: unknown) {
    const input = parseInput(createSchema, body);
    try {
      const created = await this.calendars.create(input);
      await this.audit.record(actor, 'calendar.created', { type: 'calendar', id: input.id }, { name: input.name });
      return created;
    } catch (error) {
      if (error instanceof CalendarConflict) throw new ConflictError(error.message);
      throw error;
    }
  }

  @Get(':id/days')
  @ZodResponse(yearAnswer)
  @Roles(...ANY_ROLE)
  @ApiOperation({ summary: 'Every date of a year with its type (work, weekend, holiday, dayoff, workday, short), hours, and the year summary' })
  async days(@Param('id') id: string, @Query() query: unknown) {
    const { year } = parseInput(z.object({ year: yearSchema }), query, 'query');
    const calendar = await this.load(id);
    const days = [];
    for (let day = DateTime.utc(year, 1, 1); day.year === year; day = day.plus({ days: 1 })) {
      const date = day.toISODate()!;
      const exception = calendar.exception(date);
      days.push({
        date,
        type: exception ?? (calendar.isWeekend(date) ? 'weekend' : 'work'),
        working: calendar.isWorkday(date),
        hours: calendar.hours(date),
        ...(exception ? { exception: true } : {}),
      });
    }
    const names = await this.calendars.dayNames(id, year);
    for (const day of days) {
      const name = names.get(day.date);
      if (name) Object.assign(day, { name });
    }
    return { id, year, weekend: calendar.data.weekend, version: calendar.data.version, summary: calendar.summary(year), days };
  }

  @Put(':id/days/:date')
  @ZodResponse(dayAnswer)
  @ZodBody(daySchema)
  @Roles('admin')
  @ApiOperation({ summary: 'Set or clear one date’s exception; waits computed on this calendar are re-planned' })
  async setDay(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Param('date') date: string, @Body() body: unknown) {
    const day = parseInput(isoDate, date, 'date');
    const { type, name } = parseInput(daySchema, body);
    const calendar = await this.load(id);
    const problems = validateYear({ year: Number(day.slice(0, 4)), days: type ? [{ date: day, type }] : [] }, calendar.data.weekend);
    if (problems.length) throw new BadRequestError(`Invalid body: 'type' ${problems[0].message}`, { issues: problems.map((p) => ({ ...p, field: 'type' })) });
    const { replanned } = await this.calendars.setDay(id, day, type, name);
    await this.audit.record(actor, 'calendar.day_set', { type: 'calendar', id }, { date: day, dayType: type });
    const updated = await this.load(id);
    return { date: day, type: updated.exception(day) ?? (updated.isWeekend(day) ? 'weekend' : 'work'), working: updated.isWorkday(day), replanned, summary: updated.summary(Number(day.slice(0, 4))) };
  }

  @Post(':id/import')
  @ZodResponse(importAnswer)
  @ZodBody(importSchema)
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Import one year (xmlcalendar XML/JSON, isdayoff digits, CSV date,type,name, or JSON); validated, answers the yearly summary' })
  async import(@CurrentPrincipal() actor: Principal, @Param('id') id: string, @Body() body: unknown) {
    const input = parseInput(importSchema, body);
    const calendar = await this.load(id);
    const weekend = calendar.data.weekend;
    let year: CalendarYear;
    try {
      year = parseUpload(input, weekend);
    } catch (error) {
      if (error instanceof CalendarFormatError) throw new BadRequestError(`Invalid body: '${error.field}' ${error.message}`, { issues: [{ field: error.field, message: error.message }] });
      throw error;
    }
    const problems = validateYear(year, weekend);
    if (problems.length) {
      throw new BadRequestError(`Invalid body: ${problems.slice(0, 3).map((p) => `'${p.field}' ${p.message}`).join('; ')}`, { issues: problems });
    }
    // The summary of the year as uploaded, other years as they are.
    const days: CalendarData['days'] = Object.fromEntries(Object.entries(calendar.data.days).filter(([date]) => !date.startsWith(`${year.year}-`)));
    for (const day of year.days) days[day.date] = day.type;
    const summary = new WorkingCalendar({ ...calendar.data, days }).summary(year.year);
    if (input.dryRun) return { id, year: year.year, days: year.days.length, dryRun: true, summary };
    const { replanned } = await this.calendars.importYear(id, year);
    await this.audit.record(actor, 'calendar.imported', { type: 'calendar', id }, { year: year.year, format: input.format, days: year.days.length });
    return { id, year: year.year, days: year.days.length, replanned, summary };
  }

  private async load(id: string): Promise<WorkingCalendar> {
    // An id no calendar can have is simply not found, like any unknown one.
    if (!calendarId.safeParse(id).success) throw new NotFoundError('Calendar', id);
    try {
      return await this.calendars.get(id);
    } catch (error) {
      if (error instanceof ConfigError) throw new NotFoundError('Calendar', id);
      throw error;
    }
  }
}

function parseUpload(input: z.infer<typeof importSchema>, weekend: number[]): CalendarYear {
  switch (input.format) {
    case 'xmlcalendar-xml': return parseXmlCalendar(input.data, weekend);
    case 'xmlcalendar-json': {
      let data: unknown = input.data;
      if (typeof data === 'string') {
        try {
          data = JSON.parse(data);
        } catch {
          throw new CalendarFormatError('data is not JSON');
        }
      }
      return parseXmlCalendarJson(data, weekend);
    }
    case 'isdayoff': return parseIsDayOff(input.year, input.data, weekend);
    case 'csv': return parseCsv(input.data);
    case 'json': return input.data;
  }
}
