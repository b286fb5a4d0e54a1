import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CalendarYear } from './formats';
import { parseXmlCalendar } from './formats';

export interface BuiltinCalendar {
  id: string;
  name: string;
  /** ISO weekdays, 1 = Monday. */
  weekend: number[];
  /** The zone the country works in, offered as a flow's default for it. */
  timezone: string;
  source: string;
  years: CalendarYear[];
}

export const BUILTIN_YEARS = [2024, 2025, 2026, 2027] as const;

/** Public-holiday calendars from date-holidays; Russia ships its own data because that package lacks transfers. */
const HOLIDAY_COUNTRIES = [
  { id: 'il', name: 'Israel', weekend: [5, 6], timezone: 'Asia/Jerusalem' },
  { id: 'es', name: 'Spain', weekend: [6, 7], timezone: 'Europe/Madrid' },
  { id: 'us', name: 'United States', weekend: [6, 7], timezone: 'America/New_York' },
  { id: 'de', name: 'Germany', weekend: [6, 7], timezone: 'Europe/Berlin' },
] as const;

export function russianCalendar(): BuiltinCalendar {
  const dir = path.join(__dirname, 'data');
  return {
    id: 'ru',
    name: 'Russia (производственный календарь)',
    weekend: [6, 7],
    timezone: 'Europe/Moscow',
    source: 'xmlcalendar.ru',
    years: BUILTIN_YEARS.map((year) => parseXmlCalendar(readFileSync(path.join(dir, `ru-${year}.xml`), 'utf8'))),
  };
}

export async function holidayCalendar(country: (typeof HOLIDAY_COUNTRIES)[number]): Promise<BuiltinCalendar> {
  // Its rules for every country weigh ~8 MB: loaded only while a missing calendar is seeded.
  const { default: Holidays } = await import('date-holidays');
  const holidays = new Holidays(country.id.toUpperCase(), { languages: ['en'], types: ['public'] });
  return {
    ...country,
    weekend: [...country.weekend],
    source: 'date-holidays',
    years: BUILTIN_YEARS.map((year) => {
      const seen = new Set<string>();
      const days: CalendarYear['days'] = [];
      for (const h of holidays.getHolidays(year, 'en')) {
        // Its date is local civil time ("2026-04-02 00:00:00 -0600"): the first ten characters are the day.
        const date = h.date.slice(0, 10);
        if (h.type !== 'public' || seen.has(date) || !date.startsWith(String(year))) continue;
        seen.add(date);
        days.push({ date, type: 'holiday', name: h.name });
      }
      return { year, days };
    }),
  };
}

export const BUILTIN_CALENDAR_IDS: readonly string[] = ['ru', ...HOLIDAY_COUNTRIES.map((c) => c.id)];

/** One built-in calendar, computed: only what is not in the database yet is worth the work. */
export async function builtinCalendar(id: string): Promise<BuiltinCalendar> {
  if (id === 'ru') return russianCalendar();
  const country = HOLIDAY_COUNTRIES.find((c) => c.id === id);
  if (!country) throw new Error(`no built-in calendar '${id}'`);
  return holidayCalendar(country);
}
