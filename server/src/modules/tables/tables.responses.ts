import { z } from 'zod';
import { isoDate } from '../flows/flows.responses';

export const tableAnswer = z.object({
  id: z.uuid(),
  name: z.string().describe('Also its name in expressions: $tables.<name>'),
  description: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.enum(['text', 'number', 'boolean', 'date', 'datetime', 'json']), required: z.boolean() })),
  key: z.array(z.string()).describe('The unique key upserts match on; empty: none'),
  indexed: z.array(z.string()),
  report: z.record(z.string(), z.unknown()).nullable(),
  rowCount: z.number().int(),
  limits: z.object({ maxRows: z.number().int(), maxColumns: z.number().int(), maxRowBytes: z.number().int() }),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export const rowAnswer = z.object({ id: z.string(), data: z.record(z.string(), z.unknown()), createdAt: isoDate, updatedAt: isoDate });

export const rowPageAnswer = z.object({ rows: z.array(rowAnswer), next: z.string().nullable().describe('Pass as after for the next page'), total: z.number().int() });

export const writeAnswer = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  rows: z.array(z.object({ action: z.enum(['inserted', 'updated', 'skipped']), row: rowAnswer })),
});

export const importAnswer = z.object({ rows: z.number().int(), inserted: z.number().int(), updated: z.number().int(), skipped: z.number().int() });

const gap = z.object({ date: z.string(), from: z.string(), to: z.string(), minutes: z.number() });
export const callReportAnswer = z.object({
  table: z.object({ id: z.uuid(), name: z.string() }),
  columns: z.object({ manager: z.string(), startedAt: z.string(), duration: z.string(), direction: z.string().optional(), phone: z.string().optional() }),
  period: z.object({ from: z.string(), to: z.string(), timezone: z.string(), calendar: z.string(), dayStart: z.string(), dayEnd: z.string(), gapMinutes: z.number(), workdays: z.array(z.string()) }),
  totals: z.object({ calls: z.number().int(), seconds: z.number(), minutes: z.number(), inbound: z.number().int(), outbound: z.number().int() }),
  managers: z.array(z.object({
    manager: z.string(), calls: z.number().int(), seconds: z.number(), minutes: z.number(), inbound: z.number().int(), outbound: z.number().int(),
    averageSeconds: z.number(), hours: z.array(z.number()), gaps: z.array(gap), idleMinutes: z.number(),
  })),
  hours: z.array(z.object({ hour: z.number().int(), label: z.string(), calls: z.number().int(), inbound: z.number().int(), outbound: z.number().int(), minutes: z.number() })),
  outsideHours: z.number().int().describe('Calls on days off or outside working hours'),
});
