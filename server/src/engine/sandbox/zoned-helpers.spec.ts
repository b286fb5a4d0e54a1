import type { CalendarData } from '@flowbridge/nodes/sdk';
import { russianCalendar } from '../../calendars/builtin';
import { Sandbox, SandboxError, type EvaluationEnv } from './sandbox';

function ruData(): CalendarData {
  const ru = russianCalendar();
  const days: CalendarData['days'] = {};
  for (const year of ru.years) for (const day of year.days) days[day.date] = day.type;
  return { id: 'ru', version: 1, weekend: ru.weekend, days };
}

const scope = { $now: '2026-12-28T21:30:00.000Z', $trigger: { due: '2026-01-05' } };
const moscow: EvaluationEnv = { timezone: 'Europe/Moscow', calendar: ruData() };

describe('zoned date helpers and $workdays in the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = new Sandbox({ poolSize: 1 });
  });
  afterAll(() => sandbox.dispose());

  const evaluate = (expression: string, env: EvaluationEnv = moscow) => sandbox.evaluate(expression, scope, { env });

  it('formats in the flow time zone and locale', async () => {
    // 21:30 UTC is 00:30 the next day in Moscow.
    expect(await evaluate(`$formatDate($now, 'dd.MM.yyyy HH:mm')`)).toBe('29.12.2026 00:30');
    expect(await evaluate(`$formatDate($now, 'd MMMM yyyy', 'ru')`)).toBe('29 декабря 2026');
    expect(await evaluate(`$formatDate($now, 'EEEE', 'es')`)).toBe('martes');
    expect(await evaluate(`$formatDate($now, 'dd.MM.yyyy HH:mm')`, {})).toBe('28.12.2026 21:30');
  });

  it('reads a bare date as midnight in the flow time zone', async () => {
    expect(await evaluate(`$date('2026-01-09')`)).toEqual(new Date('2026-01-08T21:00:00.000Z'));
    expect(await evaluate(`$date('2026-01-09T10:00:00Z')`)).toEqual(new Date('2026-01-09T10:00:00.000Z'));
  });

  it('adds working days on the flow calendar: 5 after Mon 2026-12-28 is Wed 2027-01-13', async () => {
    expect(await evaluate(`$workdays.add('2026-12-28', 5)`)).toBe('2027-01-13');
    // An instant keeps its wall-clock time in the flow zone: Tue 29th 00:30 Moscow + 5 working days is Thu 14th 00:30.
    expect(await evaluate(`$workdays.add($now, 5)`)).toEqual(new Date('2027-01-13T21:30:00.000Z'));
  });

  it('answers isWorkday, next, previous, shift and between', async () => {
    expect(await evaluate(`[$workdays.isWorkday('2025-11-01'), $workdays.isWorkday('2026-01-09'), $workdays.isWorkday('2024-04-27')]`)).toEqual([true, false, true]);
    expect(await evaluate(`$workdays.next('2026-01-01')`)).toBe('2026-01-12');
    expect(await evaluate(`$workdays.previous('2026-01-12')`)).toBe('2025-12-30');
    expect(await evaluate(`$workdays.shift($trigger.due)`)).toBe('2026-01-12');
    expect(await evaluate(`$workdays.shift($trigger.due, 'previous')`)).toBe('2025-12-30');
    expect(await evaluate(`$workdays.between('2026-12-28', '2027-01-13')`)).toBe(5);
  });

  it('uses the calendar version it is given: an edited calendar replaces the copy in the isolate', async () => {
    const edited: CalendarData = { ...moscow.calendar!, version: 2, days: { ...moscow.calendar!.days, '2027-01-11': 'dayoff' } };
    expect(await evaluate(`$workdays.add('2026-12-28', 5)`, { timezone: 'Europe/Moscow', calendar: edited })).toBe('2027-01-14');
    expect(await evaluate(`$workdays.add('2026-12-28', 5)`)).toBe('2027-01-13');
  });

  it('uses a Friday–Saturday weekend on a calendar that has one', async () => {
    const il: CalendarData = { id: 'il', version: 1, weekend: [5, 6], days: {} };
    expect(await evaluate(`[$workdays.isWorkday('2026-03-06'), $workdays.next('2026-03-05')]`, { timezone: 'Asia/Jerusalem', calendar: il })).toEqual([false, '2026-03-08']);
  });

  it('says so when no calendar is set, and keeps code nodes zoned too', async () => {
    const error = await evaluate(`$workdays.next('2026-01-01')`, {}).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxError);
    expect((error as Error).message).toMatch(/needs a production calendar/);
    expect(await sandbox.runCode(`return $workdays.add('2026-12-28', 5) + ' ' + $formatDate($now, 'HH:mm')`, scope, { env: moscow })).toBe('2027-01-13 00:30');
  });

  it('gives user code no way to Luxon settings or to the calendars of other runs', async () => {
    expect(await evaluate(`typeof luxon`)).toBe('undefined');
    expect(await evaluate(`Object.isFrozen($workdays)`)).toBe(true);
    for (const write of ['$workdays.add = () => 1', '$workdays.add.memo = 1', '$formatDate.last = $now', '$date.prototype.x = 1']) {
      const error = await evaluate(write).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(SandboxError);
    }
    expect(await evaluate(`$workdays.add.memo`)).toBeUndefined();
  });
});
