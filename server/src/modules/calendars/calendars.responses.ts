import { z } from 'zod';
import { isoDate } from '../flows/flows.responses';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe('YYYY-MM-DD');
const dayType = z.enum(['work', 'weekend', 'holiday', 'dayoff', 'workday', 'short']);

export const calendarAnswer = z.object({
  id: z.string(),
  name: z.string(),
  weekend: z.array(z.number().int().min(1).max(7)).describe('ISO weekdays: 6 Saturday, 7 Sunday'),
  timezone: z.string(),
  source: z.string(),
  version: z.number().int(),
  years: z.array(z.number().int()).describe('Years with at least one listed day'),
  updatedAt: isoDate,
});

const summary = z.object({
  year: z.number().int(),
  workdays: z.number().int(),
  daysOff: z.number().int(),
  hours: z.number(),
  months: z.array(z.object({ month: z.number().int(), days: z.number().int(), workdays: z.number().int(), daysOff: z.number().int(), hours: z.number() })),
});

export const yearAnswer = z.object({
  id: z.string(),
  year: z.number().int(),
  weekend: z.array(z.number().int()),
  version: z.number().int(),
  summary,
  days: z.array(z.object({ date: day, type: dayType, working: z.boolean(), hours: z.number(), exception: z.literal(true).optional(), name: z.string().optional() })),
});

export const dayAnswer = z.object({
  date: day,
  type: dayType,
  working: z.boolean(),
  replanned: z.number().int().describe('Waiting runs whose wake time moved with this change'),
  summary,
});

export const importAnswer = z.object({
  id: z.string(),
  year: z.number().int(),
  days: z.number().int().describe('Days listed in the imported year'),
  dryRun: z.literal(true).optional(),
  replanned: z.number().int().optional(),
  summary,
});
