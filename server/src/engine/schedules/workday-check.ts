import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CalendarStore } from '../calendars/calendar-store';

/** Whether a civil date is a working day on a production calendar ("working days only" schedules). */
export interface WorkdayCheck {
  isWorkday(calendarId: string, civilDate: string /* YYYY-MM-DD */): Promise<boolean>;
}

export const WORKDAY_CHECK = Symbol('WorkdayCheck');

/** The calendar a schedule uses when its flow's settings name none: the server's default calendar. */
export const DEFAULT_CALENDAR_ID = 'default';

@Injectable()
export class CalendarWorkdayCheck implements WorkdayCheck {
  constructor(private readonly calendars: CalendarStore, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async isWorkday(calendarId: string, civilDate: string): Promise<boolean> {
    const id = calendarId === DEFAULT_CALENDAR_ID ? this.config.calendars.defaultCalendar : calendarId;
    return (await this.calendars.get(id)).isWorkday(civilDate);
  }
}
