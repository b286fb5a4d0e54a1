import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { WorkingCalendar } from '@flowbridge/nodes/sdk/calendar';
import { parseCsv, parseIsDayOff, parseXmlCalendar, parseXmlCalendarJson, validateYear, type CalendarYear } from './formats';

const xml2025 = parseXmlCalendar(readFileSync(path.join(__dirname, 'data/ru-2025.xml'), 'utf8'));
const calendarOf = (year: CalendarYear) => new WorkingCalendar({ id: 't', version: 1, weekend: [6, 7], days: Object.fromEntries(year.days.map((d) => [d.date, d.type])) });
const ru2025 = calendarOf(xml2025);

/** Every day of 2025 as [date, working, hours]: two imports agree when these do. */
function dayTable(calendar: WorkingCalendar) {
  const out: [string, boolean, number][] = [];
  for (let d = DateTime.utc(2025, 1, 1); d.year === 2025; d = d.plus({ days: 1 })) out.push([d.toISODate()!, calendar.isWorkday(d.toISODate()!), calendar.hours(d.toISODate()!)]);
  return out;
}

describe('calendar import formats', () => {
  it('reads xmlcalendar XML: holidays by h, transferred days off by f, short and working weekend days', () => {
    const byDate = new Map(xml2025.days.map((d) => [d.date, d]));
    expect(byDate.get('2025-01-07')).toMatchObject({ type: 'holiday', name: 'Рождество Христово' });
    expect(byDate.get('2025-05-02')).toMatchObject({ type: 'dayoff' });
    expect(byDate.get('2025-04-30')).toMatchObject({ type: 'short' });
    expect(byDate.get('2025-11-01')).toMatchObject({ type: 'workday' });
    expect(validateYear(xml2025, [6, 7])).toEqual([]);
  });

  it('reads xmlcalendar JSON (non-working days per month, N* short, N+ transferred) to the same working days as the XML', () => {
    const months = Array.from({ length: 12 }, (_, i) => {
      const tokens: string[] = [];
      for (let d = DateTime.utc(2025, i + 1, 1); d.month === i + 1; d = d.plus({ days: 1 })) {
        const date = d.toISODate()!;
        const type = ru2025.exception(date);
        if (type === 'short') tokens.push(`${d.day}*`);
        else if (!ru2025.isWorkday(date)) tokens.push(type === 'dayoff' ? `${d.day}+` : String(d.day));
      }
      return { month: i + 1, days: tokens.join(',') };
    });
    const json = parseXmlCalendarJson({ year: 2025, months, transitions: [], statistic: {} });
    expect(dayTable(calendarOf(json))).toEqual(dayTable(ru2025));
  });

  it('reads an isdayoff digit string (0 work, 1 off, 2 short) to the same working days', () => {
    const digits = dayTable(ru2025).map(([date, working]) => (ru2025.exception(date) === 'short' ? '2' : working ? '0' : '1')).join('');
    const parsed = parseIsDayOff(2025, digits);
    expect(dayTable(calendarOf(parsed))).toEqual(dayTable(ru2025));
    expect(() => parseIsDayOff(2024, digits)).toThrow(/366 days/);
    expect(() => parseIsDayOff(2025, digits.replace('0', '7'))).toThrow(/digits/);
  });

  it('reads CSV date,type,name with an optional header and quoted names', () => {
    const csv = parseCsv('date,type,name\n2026-01-01,holiday,"New Year, day 1"\r\n2026-01-03,workday,\n');
    expect(csv).toEqual({ year: 2026, days: [{ date: '2026-01-01', type: 'holiday', name: 'New Year, day 1' }, { date: '2026-01-03', type: 'workday' }] });
    expect(() => parseCsv('2026-13-01,holiday,x')).toThrow(/not a date/);
    expect(() => parseCsv('2026-01-01,festival,x')).toThrow(/type must be one of/);
  });

  it('validates one year, no duplicates, working weekend days only on weekends, transferred days off only on weekdays', () => {
    const problems = validateYear({ year: 2026, days: [
      { date: '2026-01-01', type: 'holiday' },
      { date: '2026-01-01', type: 'holiday' },
      { date: '2027-01-01', type: 'holiday' },
      { date: '2026-01-05', type: 'workday' },
      { date: '2026-01-10', type: 'dayoff' },
      { date: '2026-01-10', type: 'holiday' },
    ] }, [6, 7]);
    expect(problems.map((p) => p.field)).toEqual(['days[1].date', 'days[2].date', 'days[3].type', 'days[4].type', 'days[5].date']);
    // A Friday is a weekend day on a Friday–Saturday calendar.
    expect(validateYear({ year: 2026, days: [{ date: '2026-03-06', type: 'workday' }] }, [5, 6])).toEqual([]);
  });
});
