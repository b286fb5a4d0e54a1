import { DateTime } from 'luxon';
import type { WorkingCalendar } from '@flowbridge/nodes/sdk';

/** Which columns of a data table hold a call record's parts. */
export interface CallColumns {
  manager: string;
  startedAt: string;
  duration: string;
  direction?: string;
  phone?: string;
}

export interface CallRecord {
  manager: string;
  startedAt: string;
  seconds: number;
  direction: 'in' | 'out' | 'other';
}

export interface ReportOptions {
  /** Local dates, both inclusive, in `timezone`. */
  from: string;
  to: string;
  timezone: string;
  calendar: WorkingCalendar;
  /** Working hours, local "HH:mm". */
  dayStart: string;
  dayEnd: string;
  /** A gap is at least this long without a call, inside working hours. */
  gapMinutes: number;
}

export interface Gap {
  date: string;
  from: string;
  to: string;
  minutes: number;
}

export interface CallReport {
  period: { from: string; to: string; timezone: string; calendar: string; dayStart: string; dayEnd: string; gapMinutes: number; workdays: string[] };
  totals: { calls: number; seconds: number; minutes: number; inbound: number; outbound: number };
  managers: { manager: string; calls: number; seconds: number; minutes: number; inbound: number; outbound: number; averageSeconds: number; hours: number[]; gaps: Gap[]; idleMinutes: number }[];
  hours: { hour: number; label: string; calls: number; inbound: number; outbound: number; minutes: number }[];
  /** Calls on days off or outside working hours: counted per manager, not in the hourly chart. */
  outsideHours: number;
}

const INBOUND = new Set(['in', 'inbound', 'incoming', 'входящий', 'входящие', 'entrante']);
const OUTBOUND = new Set(['out', 'outbound', 'outgoing', 'исходящий', 'исходящие', 'saliente']);

export function direction(value: unknown): CallRecord['direction'] {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return INBOUND.has(text) ? 'in' : OUTBOUND.has(text) ? 'out' : 'other';
}

const minutesOf = (seconds: number) => Math.round((seconds / 60) * 10) / 10;

/**
 * The call-centre report: calls and minutes per manager, calls per hour of the working day (working
 * days of the calendar only), and each manager's idle gaps — stretches of working hours of at
 * least `gapMinutes` without a call, on the days the manager made or took any call.
 */
export function callReport(records: readonly CallRecord[], options: ReportOptions): CallReport {
  const { timezone, calendar } = options;
  const [startH, startM] = options.dayStart.split(':').map(Number);
  const [endH, endM] = options.dayEnd.split(':').map(Number);
  const firstHour = startH;
  const lastHour = endM > 0 ? endH : endH - 1;
  const hourList = Array.from({ length: Math.max(0, lastHour - firstHour + 1) }, (_, i) => firstHour + i);
  const hours = hourList.map((hour) => ({ hour, label: `${String(hour).padStart(2, '0')}:00`, calls: 0, inbound: 0, outbound: 0, seconds: 0 }));
  const workdays: string[] = [];
  for (let day = DateTime.fromISO(options.from, { zone: timezone }); day.toISODate()! <= options.to; day = day.plus({ days: 1 })) {
    if (calendar.isWorkday(day.toISODate()!)) workdays.push(day.toISODate()!);
  }
  const workdaySet = new Set(workdays);
  const byManager = new Map<string, { calls: number; seconds: number; inbound: number; outbound: number; hours: number[]; days: Map<string, { start: number; end: number }[]> }>();
  let outsideHours = 0;
  for (const record of records) {
    let entry = byManager.get(record.manager);
    if (!entry) {
      entry = { calls: 0, seconds: 0, inbound: 0, outbound: 0, hours: hourList.map(() => 0), days: new Map() };
      byManager.set(record.manager, entry);
    }
    entry.calls++;
    entry.seconds += record.seconds;
    if (record.direction === 'in') entry.inbound++;
    if (record.direction === 'out') entry.outbound++;
    const local = DateTime.fromISO(record.startedAt, { zone: 'utc' }).setZone(timezone);
    const date = local.toISODate()!;
    const dayStart = local.set({ hour: startH, minute: startM, second: 0, millisecond: 0 });
    const dayEnd = local.set({ hour: endH, minute: endM, second: 0, millisecond: 0 });
    const inHours = workdaySet.has(date) && local >= dayStart && local < dayEnd;
    if (!inHours) {
      outsideHours++;
    } else {
      const slot = hourList.indexOf(local.hour);
      if (slot >= 0) {
        const bucket = hours[slot];
        bucket.calls++;
        bucket.seconds += record.seconds;
        if (record.direction === 'in') bucket.inbound++;
        if (record.direction === 'out') bucket.outbound++;
        entry.hours[slot]++;
      }
    }
    if (workdaySet.has(date)) {
      const start = local.toMillis();
      const list = entry.days.get(date) ?? [];
      list.push({ start, end: start + record.seconds * 1000 });
      entry.days.set(date, list);
    }
  }
  const managers = [...byManager.entries()]
    .map(([manager, e]) => {
      const gaps: Gap[] = [];
      for (const [date, calls] of [...e.days.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        gaps.push(...gapsOfDay(date, calls, options, startH, startM, endH, endM));
      }
      return {
        manager,
        calls: e.calls,
        seconds: e.seconds,
        minutes: minutesOf(e.seconds),
        inbound: e.inbound,
        outbound: e.outbound,
        averageSeconds: e.calls ? Math.round(e.seconds / e.calls) : 0,
        hours: e.hours,
        gaps,
        idleMinutes: gaps.reduce((sum, g) => sum + g.minutes, 0),
      };
    })
    .sort((a, b) => b.calls - a.calls || a.manager.localeCompare(b.manager));
  const totals = managers.reduce((t, m) => ({ calls: t.calls + m.calls, seconds: t.seconds + m.seconds, minutes: 0, inbound: t.inbound + m.inbound, outbound: t.outbound + m.outbound }), { calls: 0, seconds: 0, minutes: 0, inbound: 0, outbound: 0 });
  totals.minutes = minutesOf(totals.seconds);
  return {
    period: { from: options.from, to: options.to, timezone, calendar: calendar.data.id, dayStart: options.dayStart, dayEnd: options.dayEnd, gapMinutes: options.gapMinutes, workdays },
    totals,
    managers,
    hours: hours.map(({ seconds, ...h }) => ({ ...h, minutes: minutesOf(seconds) })),
    outsideHours,
  };
}

/** Stretches of the working day not covered by any call (a call covers its start to its end). */
function gapsOfDay(date: string, calls: { start: number; end: number }[], options: ReportOptions, startH: number, startM: number, endH: number, endM: number): Gap[] {
  const day = DateTime.fromISO(date, { zone: options.timezone });
  const open = day.set({ hour: startH, minute: startM }).toMillis();
  const close = day.set({ hour: endH, minute: endM }).toMillis();
  const gaps: Gap[] = [];
  let cursor = open;
  const push = (until: number) => {
    const from = Math.max(cursor, open);
    const to = Math.min(until, close);
    if (to - from >= options.gapMinutes * 60_000) {
      const at = (ms: number) => DateTime.fromMillis(ms, { zone: options.timezone }).toFormat('HH:mm');
      gaps.push({ date, from: at(from), to: at(to), minutes: Math.round((to - from) / 60_000) });
    }
  };
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    if (call.start > cursor) push(call.start);
    cursor = Math.max(cursor, call.end);
  }
  push(close);
  return gaps;
}
