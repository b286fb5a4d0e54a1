import { DateTime } from 'luxon';
import { DAY_TYPES, type DayType } from '@flowbridge/nodes/sdk/calendar';

/** One year of a calendar as admins upload it: exceptions to the weekend rule. */
export interface CalendarYear {
  year: number;
  days: CalendarDay[];
}

export interface CalendarDay {
  date: string;
  type: DayType;
  name?: string;
}

export class CalendarFormatError extends Error {
  constructor(message: string, readonly field = 'data') {
    super(message);
  }
}

const isoDay = (year: number, month: number, day: number) => DateTime.utc(year, month, day);

/** `MM.DD` of an xmlcalendar file, within the file's year. */
function monthDay(year: number, value: string, where: string): string {
  const match = /^(\d{2})\.(\d{2})$/.exec(value);
  const date = match ? isoDay(year, Number(match[1]), Number(match[2])) : undefined;
  if (!date?.isValid) throw new CalendarFormatError(`${where}: '${value}' is not a date of ${year} (MM.DD)`);
  return date.toISODate()!;
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1], m[2] ?? m[3]);
  return out;
}

const unescapeXml = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * xmlcalendar.ru `calendar.xml`. t=1 is a day off (a holiday when it names one with h, else a
 * transferred day off), t=2 a short working day, t=3 a working weekend day. A day off with
 * f="MM.DD" was moved from that date, which is then a working day even if it is not listed.
 */
export function parseXmlCalendar(xml: string, weekend: readonly number[] = [6, 7]): CalendarYear {
  const root = /<calendar\b([^>]*)>/.exec(xml);
  if (!root) throw new CalendarFormatError('not an xmlcalendar file: no <calendar> element');
  const year = Number(attributes(root[1]).get('year'));
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new CalendarFormatError('<calendar year> is missing or not a year', 'year');
  const holidays = new Map<string, string>();
  for (const m of xml.matchAll(/<holiday\b([^>]*?)\/?>/g)) {
    const attrs = attributes(m[1]);
    const id = attrs.get('id');
    if (id) holidays.set(id, unescapeXml(attrs.get('title') ?? ''));
  }
  const days: CalendarDay[] = [];
  const movedFrom: string[] = [];
  for (const m of xml.matchAll(/<day\b([^>]*?)\/?>/g)) {
    const attrs = attributes(m[1]);
    const date = monthDay(year, attrs.get('d') ?? '', 'day d');
    const t = attrs.get('t');
    const h = attrs.get('h');
    const f = attrs.get('f');
    if (t === '1') {
      const name = h ? holidays.get(h) : undefined;
      days.push({ date, type: h ? 'holiday' : 'dayoff', ...(name ? { name } : f ? { name: `Перенос выходного с ${f}` } : {}) });
      if (f) movedFrom.push(monthDay(year, f, `day ${date} f`));
    } else if (t === '2') days.push({ date, type: 'short' });
    else if (t === '3') days.push({ date, type: 'workday' });
    else throw new CalendarFormatError(`day ${date}: unknown type t="${t ?? ''}"`);
  }
  const listed = new Set(days.map((d) => d.date));
  for (const date of movedFrom) {
    const weekday = DateTime.fromISO(date, { zone: 'utc' }).weekday;
    if (!listed.has(date) && weekend.includes(weekday)) {
      days.push({ date, type: 'workday', name: 'Рабочий день (перенос)' });
      listed.add(date);
    }
  }
  return { year, days: days.sort((a, b) => a.date.localeCompare(b.date)) };
}

/**
 * xmlcalendar.ru `calendar.json`: each month lists all its non-working days ("N*" short, "N+"
 * transferred day off); a weekend date missing from the list is a working weekend day.
 */
export function parseXmlCalendarJson(input: unknown, weekend: readonly number[] = [6, 7]): CalendarYear {
  const data = input as { year?: unknown; months?: unknown };
  const year = Number(data?.year);
  if (!Number.isInteger(year)) throw new CalendarFormatError('year is missing', 'year');
  if (!Array.isArray(data.months)) throw new CalendarFormatError('months is missing', 'months');
  const days: CalendarDay[] = [];
  for (const entry of data.months as { month?: unknown; days?: unknown }[]) {
    const month = Number(entry?.month);
    if (!Number.isInteger(month) || month < 1 || month > 12 || typeof entry.days !== 'string') throw new CalendarFormatError(`months: bad entry ${JSON.stringify(entry)}`, 'months');
    const off = new Set<number>();
    for (const token of entry.days.split(',').map((s) => s.trim()).filter(Boolean)) {
      const m = /^(\d{1,2})([*+]?)$/.exec(token);
      const date = m ? isoDay(year, month, Number(m[1])) : undefined;
      if (!m || !date?.isValid) throw new CalendarFormatError(`months[${month}]: '${token}' is not a day of the month`, 'months');
      const isWeekend = weekend.includes(date.weekday);
      if (m[2] === '*') days.push({ date: date.toISODate()!, type: 'short' });
      else {
        off.add(date.day);
        if (!isWeekend) days.push({ date: date.toISODate()!, type: m[2] === '+' ? 'dayoff' : 'holiday' });
      }
    }
    const first = isoDay(year, month, 1);
    for (let day = first; day.month === month; day = day.plus({ days: 1 })) {
      if (weekend.includes(day.weekday) && !off.has(day.day) && !days.some((d) => d.date === day.toISODate())) days.push({ date: day.toISODate()!, type: 'workday' });
    }
  }
  return { year, days: days.sort((a, b) => a.date.localeCompare(b.date)) };
}

/** isdayoff.ru: one digit per day of the year, 0 working, 1 day off, 2 short (4, covid-era working, counts as 0). */
export function parseIsDayOff(year: number, digits: string, weekend: readonly number[] = [6, 7]): CalendarYear {
  const text = digits.trim();
  const length = DateTime.utc(year).daysInYear;
  if (!/^[0124]+$/.test(text)) throw new CalendarFormatError('an isdayoff string has only the digits 0, 1, 2 and 4');
  if (text.length !== length) throw new CalendarFormatError(`${year} has ${length} days, the string has ${text.length} digits`);
  const days: CalendarDay[] = [];
  let day = DateTime.utc(year, 1, 1);
  for (const digit of text) {
    const date = day.toISODate()!;
    const isWeekend = weekend.includes(day.weekday);
    if (digit === '1' && !isWeekend) days.push({ date, type: 'holiday' });
    else if (digit === '2') days.push({ date, type: 'short' });
    else if ((digit === '0' || digit === '4') && isWeekend) days.push({ date, type: 'workday' });
    day = day.plus({ days: 1 });
  }
  return { year, days };
}

/** CSV `date,type,name` (a header line is optional; the name may be quoted). */
export function parseCsv(text: string): CalendarYear {
  const days: CalendarDay[] = [];
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  lines.forEach((line, i) => {
    const cells = splitCsvLine(line);
    if (i === 0 && cells[0]?.toLowerCase() === 'date') return;
    const [date, type, name] = cells;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? '') || !DateTime.fromISO(date, { zone: 'utc' }).isValid) throw new CalendarFormatError(`line ${i + 1}: '${date ?? ''}' is not a date (yyyy-MM-dd)`, `days[${days.length}].date`);
    if (!(DAY_TYPES as readonly string[]).includes(type ?? '')) throw new CalendarFormatError(`line ${i + 1}: type must be one of ${DAY_TYPES.join(', ')}`, `days[${days.length}].type`);
    days.push({ date, type: type as DayType, ...(name ? { name } : {}) });
  });
  if (!days.length) throw new CalendarFormatError('the CSV lists no days');
  return { year: Number(days[0].date.slice(0, 4)), days };
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  for (const m of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) cells.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : (m[2] ?? '').trim());
  return cells;
}

/**
 * Problems that make an upload unusable: one year only, dates inside it, no date twice, a working
 * weekend day only on a weekend, a transferred day off only on a weekday.
 */
export function validateYear(input: CalendarYear, weekend: readonly number[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  input.days.forEach((day, i) => {
    const date = DateTime.fromISO(day.date, { zone: 'utc' });
    if (!date.isValid) problems.push({ field: `days[${i}].date`, message: `'${day.date}' is not a date` });
    else if (date.year !== input.year) problems.push({ field: `days[${i}].date`, message: `${day.date} is not in ${input.year}` });
    else if (seen.has(day.date)) problems.push({ field: `days[${i}].date`, message: `${day.date} is listed twice` });
    else if (day.type === 'workday' && !weekend.includes(date.weekday)) problems.push({ field: `days[${i}].type`, message: `${day.date} is a weekday; only a weekend day can be made a working day` });
    else if (day.type === 'dayoff' && weekend.includes(date.weekday)) problems.push({ field: `days[${i}].type`, message: `${day.date} is already a weekend day; a transferred day off falls on a weekday` });
    seen.add(day.date);
  });
  return problems;
}
