import { DateTime, IANAZone } from 'luxon';
import { ConfigError, InputError } from './errors';

/**
 * Production calendars: weekend days plus dated exceptions. All math here is on civil dates
 * (`yyyy-MM-dd`) in the calendar's time zone; instants are converted at the edges with Luxon.
 */
export const DAY_TYPES = ['holiday', 'dayoff', 'workday', 'short'] as const;
export type DayType = (typeof DAY_TYPES)[number];

/** The compact form a calendar travels in (to nodes, into the sandbox): no classes, only data. */
export interface CalendarData {
  id: string;
  /** Bumped on every edit: caches key on id + version. */
  version: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekend: number[];
  /** Exceptions by civil date. */
  days: Record<string, DayType>;
}

/** A year with nothing to work on would make "next working day" search forever. */
const SEARCH_LIMIT_DAYS = 3 * 366;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function civil(date: string): DateTime {
  const parsed = ISO_DATE.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : DateTime.invalid('not yyyy-MM-dd');
  if (!parsed.isValid) throw new InputError(`'${date}' is not a date (yyyy-MM-dd)`);
  return parsed;
}

const iso = (d: DateTime) => d.toISODate()!;

export class WorkingCalendar {
  private readonly weekend: ReadonlySet<number>;
  private readonly days: ReadonlyMap<string, DayType>;
  /** Parsing a date is most of the cost of a lookup; a year grid or a long wait asks for the same days again. */
  private readonly weekdays = new Map<string, number>();

  constructor(readonly data: CalendarData) {
    this.weekend = new Set(data.weekend);
    this.days = new Map(Object.entries(data.days));
  }

  get id(): string {
    return this.data.id;
  }

  /** ISO weekday of a valid `yyyy-MM-dd`; throws for anything else. */
  private weekdayOf(date: string): number {
    let weekday = this.weekdays.get(date);
    if (weekday === undefined) {
      weekday = civil(date).weekday;
      if (this.weekdays.size > 10_000) this.weekdays.clear();
      this.weekdays.set(date, weekday);
    }
    return weekday;
  }

  /** The exception listed for a date, if any. */
  exception(date: string): DayType | undefined {
    this.weekdayOf(date);
    return this.days.get(date);
  }

  isWeekend(date: string): boolean {
    return this.weekend.has(this.weekdayOf(date));
  }

  isWorkday(date: string): boolean {
    const type = this.exception(date);
    if (type === 'workday' || type === 'short') return true;
    if (type === 'holiday' || type === 'dayoff') return false;
    return !this.isWeekend(date);
  }

  /** Working hours of a day on an 8-hour week: short (pre-holiday) days are one hour shorter. */
  hours(date: string): number {
    if (!this.isWorkday(date)) return 0;
    return this.exception(date) === 'short' ? 7 : 8;
  }

  /**
   * The date `n` working days after `date` (before it for negative n), counting only working days
   * and not `date` itself: 1 working day after a Friday is the next working Monday.
   */
  addWorkdays(date: string, n: number): string {
    if (!Number.isInteger(n)) throw new InputError(`A number of working days must be whole, got ${n}`);
    let day = civil(date);
    const step = n < 0 ? -1 : 1;
    let left = Math.abs(n);
    let idle = 0;
    while (left > 0) {
      day = day.plus({ days: step });
      if (this.isWorkday(iso(day))) {
        left--;
        idle = 0;
      } else if (++idle > SEARCH_LIMIT_DAYS) {
        throw new ConfigError(`Calendar '${this.id}' has no working day near ${iso(day)}`);
      }
    }
    return iso(day);
  }

  /** The first working day strictly after `date`. */
  nextWorkday(date: string): string {
    return this.addWorkdays(date, 1);
  }

  /** The first working day strictly before `date`. */
  previousWorkday(date: string): string {
    return this.addWorkdays(date, -1);
  }

  /** `date` itself when it is a working day, else the nearest working day in `direction`. */
  shiftToWorkday(date: string, direction: 'next' | 'previous' = 'next'): string {
    const day = iso(civil(date));
    if (this.isWorkday(day)) return day;
    return direction === 'next' ? this.nextWorkday(day) : this.previousWorkday(day);
  }

  /** Working days in (a, b]: what `addWorkdays(a, n)` needs to reach b; negative when b is before a. */
  workdaysBetween(a: string, b: string): number {
    const from = civil(a);
    const to = civil(b);
    if (to < from) return -this.workdaysBetween(b, a);
    let count = 0;
    for (let day = from.plus({ days: 1 }); day <= to; day = day.plus({ days: 1 })) if (this.isWorkday(iso(day))) count++;
    return count;
  }

  /** Working days and hours of a year, per month (1–12) and in total. */
  summary(year: number): CalendarSummary {
    const months: CalendarSummary['months'] = [];
    for (let month = 1; month <= 12; month++) {
      let workdays = 0;
      let hours = 0;
      const first = DateTime.utc(year, month, 1);
      for (let day = first; day.month === month; day = day.plus({ days: 1 })) {
        const h = this.hours(iso(day));
        if (h > 0) workdays++;
        hours += h;
      }
      months.push({ month, workdays, days: first.daysInMonth!, hours, daysOff: first.daysInMonth! - workdays });
    }
    return {
      year,
      workdays: months.reduce((n, m) => n + m.workdays, 0),
      daysOff: months.reduce((n, m) => n + m.daysOff, 0),
      hours: months.reduce((n, m) => n + m.hours, 0),
      months,
    };
  }
}

export interface CalendarSummary {
  year: number;
  workdays: number;
  daysOff: number;
  /** On a 40-hour week: 8 h days, 7 h short days. */
  hours: number;
  months: { month: number; days: number; workdays: number; daysOff: number; hours: number }[];
}

/**
 * How a wake time was computed, stored with the wait so that an edited calendar can move it.
 * `from` is the instant the wait started.
 */
export type WakePlan =
  | { kind: 'workdays'; from: string; amount: number }
  | { kind: 'nextWorkdayStart'; from: string; hour: number }
  | { kind: 'shiftToWorkday'; at: string; direction: 'next' | 'previous' };

/** The working-day functions of one flow: its calendar, read in its time zone. */
export interface FlowCalendar {
  readonly id: string;
  readonly timezone: string;
  /** The civil date of an instant in the flow's time zone. */
  dateOf(at: Date): string;
  isWorkday(at: Date | string): boolean;
  /** `n` working days later, at the same wall-clock time in the flow's time zone. */
  addWorkdays(at: Date, n: number): Date;
  /** The next working day after `at`, at the same wall-clock time. */
  nextWorkday(at: Date): Date;
  /** `at` itself on a working day, else the nearest working day in `direction`, same wall-clock time. */
  shiftToWorkday(at: Date, direction?: 'next' | 'previous'): Date;
  workdaysBetween(a: Date | string, b: Date | string): number;
  /** The next moment after `at` that a working day starts at `hour`:00: today's, if it is a working day not yet begun. */
  startOfNextWorkday(at: Date, hour: number): Date;
  /** The instant a plan wakes at, on this calendar as it is now. */
  wakeAt(plan: WakePlan): Date;
}

/** Zones found valid; a finite set (the IANA names), so it needs no bound. */
const validZones = new Set<string>();

/** An IANA time zone name this runtime knows. Remembered: asking ICU costs more than a whole step's other date work. */
export function isTimeZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  validZones.add(zone);
  return true;
}

export function flowCalendar(calendar: WorkingCalendar, timezone: string): FlowCalendar {
  if (!isTimeZone(timezone)) throw new ConfigError(`Unknown time zone '${timezone}'`);
  const local = (at: Date) => DateTime.fromJSDate(at, { zone: timezone });
  const dateOf = (at: Date | string) => (typeof at === 'string' ? iso(civil(at)) : iso(local(at)));
  const onDate = (at: Date, date: string) => {
    const d = civil(date);
    return local(at).set({ year: d.year, month: d.month, day: d.day }).toJSDate();
  };
  const self: FlowCalendar = {
    id: calendar.id,
    timezone,
    dateOf: (at) => dateOf(at),
    isWorkday: (at) => calendar.isWorkday(dateOf(at)),
    addWorkdays: (at, n) => onDate(at, calendar.addWorkdays(dateOf(at), n)),
    nextWorkday: (at) => onDate(at, calendar.nextWorkday(dateOf(at))),
    shiftToWorkday: (at, direction = 'next') => onDate(at, calendar.shiftToWorkday(dateOf(at), direction)),
    workdaysBetween: (a, b) => calendar.workdaysBetween(dateOf(a), dateOf(b)),
    startOfNextWorkday: (at, hour) => {
      if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new InputError(`An hour of the day must be 0–23, got ${hour}`, { field: 'hour' });
      const startOf = (date: string) => {
        const d = civil(date);
        return DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour }, { zone: timezone }).toJSDate();
      };
      const today = dateOf(at);
      if (calendar.isWorkday(today) && startOf(today) > at) return startOf(today);
      return startOf(calendar.nextWorkday(today));
    },
    wakeAt: (plan) => {
      switch (plan.kind) {
        case 'workdays': return self.addWorkdays(new Date(plan.from), plan.amount);
        case 'nextWorkdayStart': return self.startOfNextWorkday(new Date(plan.from), plan.hour);
        case 'shiftToWorkday': return self.shiftToWorkday(new Date(plan.at), plan.direction);
      }
    },
  };
  return self;
}
