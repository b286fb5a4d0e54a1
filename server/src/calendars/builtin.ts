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
export const HOLIDAY_COUNTRIES = [
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

/** The years shipped in data/holidays-<id>.json, written from date-holidays by `npm run calendars`. */
export function holidayCalendar(country: (typeof HOLIDAY_COUNTRIES)[number]): BuiltinCalendar {
  const file = path.join(__dirname, 'data', `holidays-${country.id}.json`);
  const { years } = JSON.parse(readFileSync(file, 'utf8')) as { years: CalendarYear[] };
  return { ...country, weekend: [...country.weekend], source: 'date-holidays', years };
}

export const BUILTIN_CALENDAR_IDS: readonly string[] = ['ru', ...HOLIDAY_COUNTRIES.map((c) => c.id)];

/** One built-in calendar, read from the shipped data: only what is not in the database yet is worth reading. */
export function builtinCalendar(id: string): BuiltinCalendar {
  if (id === 'ru') return russianCalendar();
  const country = HOLIDAY_COUNTRIES.find((c) => c.id === id);
  if (!country) throw new Error(`no built-in calendar '${id}'`);
  return holidayCalendar(country);
}
