import Holidays from 'date-holidays';
import type { CalendarYear } from './formats';

/**
 * Public holidays of one country by date-holidays' rules. Not used at run time: its rules for every
 * country cost the server ~9 MB of heap for good once loaded, so `npm run calendars` writes the
 * built-in years to data/holidays-<id>.json and a spec holds those files equal to these rules.
 */
export function holidayYears(countryId: string, years: readonly number[]): CalendarYear[] {
  const holidays = new Holidays(countryId.toUpperCase(), { languages: ['en'], types: ['public'] });
  return years.map((year) => {
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
  });
}
