import { flowCalendar, WorkingCalendar, type CalendarData } from '@flowbridge/nodes/sdk/calendar';
import { builtinCalendar, russianCalendar, type BuiltinCalendar } from './builtin';

function toData(c: BuiltinCalendar): CalendarData {
  const days: CalendarData['days'] = {};
  for (const year of c.years) for (const day of year.days) days[day.date] = day.type;
  return { id: c.id, version: 1, weekend: c.weekend, days };
}

const ru = new WorkingCalendar(toData(russianCalendar()));
const il = new WorkingCalendar(toData(builtinCalendar('il')));

describe('working days on the Russian production calendar', () => {
  it('counts 5 working days after Mon 2026-12-28 across the New Year holidays to Wed 2027-01-13', () => {
    expect(ru.addWorkdays('2026-12-28', 5)).toBe('2027-01-13');
  });

  it('treats Sat 2025-11-01 as a working day and Fri 2026-01-09 as a day off', () => {
    expect(ru.isWorkday('2025-11-01')).toBe(true);
    expect(ru.isWorkday('2026-01-09')).toBe(false);
  });

  it('makes the date a day off was transferred from (04.27 in 2024) a working Saturday though it is not listed as t=3', () => {
    expect(ru.exception('2024-04-27')).toBe('workday');
    expect(ru.isWorkday('2024-04-27')).toBe(true);
    expect(ru.isWorkday('2024-04-29')).toBe(false);
    // A day off moved from a weekend date that is itself a holiday leaves that date off.
    expect(ru.isWorkday('2024-01-06')).toBe(false);
  });

  it('keeps short pre-holiday days working with 7 hours', () => {
    expect(ru.isWorkday('2024-11-02')).toBe(true);
    expect(ru.hours('2024-11-02')).toBe(7);
    expect(ru.hours('2025-03-07')).toBe(7);
  });

  it('finds next and previous working days, shifts off days and counts working days between', () => {
    expect(ru.nextWorkday('2026-01-01')).toBe('2026-01-12');
    expect(ru.previousWorkday('2026-01-12')).toBe('2025-12-30');
    expect(ru.shiftToWorkday('2026-01-05', 'next')).toBe('2026-01-12');
    expect(ru.shiftToWorkday('2026-01-05', 'previous')).toBe('2025-12-30');
    expect(ru.shiftToWorkday('2026-01-12', 'next')).toBe('2026-01-12');
    expect(ru.workdaysBetween('2026-12-28', '2027-01-13')).toBe(5);
    expect(ru.workdaysBetween('2027-01-13', '2026-12-28')).toBe(-5);
    expect(ru.addWorkdays('2027-01-13', -5)).toBe('2026-12-28');
  });

  it('sums working days and 40-hour-week hours per year and month as the shipped data gives them', () => {
    const summary = ru.summary(2025);
    // 247 days, three of them short (03.07, 04.30, 06.11; the data lists Sat 11.01 as a full working day).
    expect(summary).toMatchObject({ year: 2025, workdays: 247, hours: 247 * 8 - 3 });
    expect(summary.months[0]).toMatchObject({ month: 1, workdays: 17, hours: 136 });
    expect(ru.summary(2024)).toMatchObject({ workdays: 248, hours: 1979 });
  });
});

describe('working days in a time zone', () => {
  it('reads the civil date of an instant in the flow time zone', () => {
    const moscow = flowCalendar(ru, 'Europe/Moscow');
    // 22:30 UTC on Thursday 2025-10-30 is already Friday 01:30 in Moscow.
    expect(moscow.dateOf(new Date('2025-10-30T22:30:00Z'))).toBe('2025-10-31');
    expect(moscow.addWorkdays(new Date('2025-10-31T07:00:00Z'), 1)).toEqual(new Date('2025-11-01T07:00:00Z'));
    expect(moscow.startOfNextWorkday(new Date('2025-12-30T15:00:00Z'), 9)).toEqual(new Date('2026-01-12T06:00:00Z'));
  });
});

describe('working days on the Israeli calendar', () => {
  it('has a Friday–Saturday weekend and works on Sunday', () => {
    expect(il.isWeekend('2026-03-06')).toBe(true);
    expect(il.isWorkday('2026-03-06')).toBe(false);
    expect(il.isWorkday('2026-03-07')).toBe(false);
    expect(il.isWorkday('2026-03-08')).toBe(true);
    expect(il.nextWorkday('2026-03-05')).toBe('2026-03-08');
  });

  it('takes public holidays from date-holidays (Yom Kippur 2026)', () => {
    expect(il.exception('2026-09-21')).toBe('holiday');
    expect(il.isWorkday('2026-09-21')).toBe(false);
  });
});
