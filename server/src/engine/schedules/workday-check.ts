import { Injectable } from '@nestjs/common';

/** Whether a civil date is a working day on a production calendar; bound to the real calendars by the app. */
export interface WorkdayCheck {
  isWorkday(calendarId: string, civilDate: string /* YYYY-MM-DD */): Promise<boolean>;
}

export const WORKDAY_CHECK = Symbol('WorkdayCheck');

/** The calendar a schedule uses when its flow's settings name none. */
export const DEFAULT_CALENDAR_ID = 'default';

/** Until production calendars are bound: Saturday and Sunday are days off, every other day is a working day. */
@Injectable()
export class WeekendWorkdayCheck implements WorkdayCheck {
  async isWorkday(_calendarId: string, civilDate: string): Promise<boolean> {
    const day = new Date(`${civilDate}T00:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6;
  }
}
