import { BUILTIN_CALENDAR_IDS, BUILTIN_YEARS, builtinCalendar, HOLIDAY_COUNTRIES } from './builtin';
import { holidayYears } from './holiday-rules';

describe('built-in calendars', () => {
  it.each(HOLIDAY_COUNTRIES.map((c) => c.id))('ships the %s public holidays date-holidays gives (npm run calendars rewrites them)', (id) => {
    expect(builtinCalendar(id).years).toEqual(holidayYears(id, BUILTIN_YEARS));
  });

  it('holds every built-in year for every calendar, and nothing but holidays from date-holidays', () => {
    for (const id of BUILTIN_CALENDAR_IDS) {
      const calendar = builtinCalendar(id);
      expect(calendar.years.map((y) => y.year)).toEqual([...BUILTIN_YEARS]);
      if (id !== 'ru') expect(new Set(calendar.years.flatMap((y) => y.days.map((d) => d.type)))).toEqual(new Set(['holiday']));
    }
    expect(builtinCalendar('es').years[2].days).toContainEqual({ date: '2026-12-25', type: 'holiday', name: 'Christmas Day' });
  });

  it('reads the built-in calendars without loading date-holidays, whose rules would stay in the heap', () => {
    jest.isolateModules(() => {
      jest.doMock('date-holidays', () => {
        throw new Error('date-holidays loaded at run time');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require('./builtin') as typeof import('./builtin');
      for (const id of fresh.BUILTIN_CALENDAR_IDS) expect(fresh.builtinCalendar(id).years).toHaveLength(BUILTIN_YEARS.length);
    });
  });
});
