import { flowCalendar, WorkingCalendar, type CalendarData } from '../sdk/calendar';
import { InputError, runNode } from '../sdk';
import { delayNode } from './delay';
import { shiftToWorkdayNode } from './shift-to-workday';
import { waitUntilNode } from './wait-until';
import { waitForEventNode } from './wait-for-event';

// A slice of the Russian 2026/2027 calendar: the New Year break and the May holidays.
const days: CalendarData['days'] = {
  '2026-12-31': 'dayoff', '2027-01-01': 'holiday', '2027-01-04': 'holiday', '2027-01-05': 'holiday', '2027-01-06': 'holiday',
  '2027-01-07': 'holiday', '2027-01-08': 'holiday', '2027-05-10': 'dayoff', '2027-05-03': 'dayoff',
};
const calendar = flowCalendar(new WorkingCalendar({ id: 'ru', version: 1, weekend: [6, 7], days }), 'Europe/Moscow');
const at = (iso: string) => ({ now: () => new Date(iso), calendar });

describe('working-day waits and shifts', () => {
  it('core.delay waits whole working days at the same Moscow time and says how, for re-planning', async () => {
    const result = await runNode(delayNode, { amount: 5, unit: 'workdays' }, at('2026-12-28T09:00:00Z'));
    expect(result.wait?.until).toEqual(new Date('2027-01-13T09:00:00Z'));
    expect(result.wait?.plan).toEqual({ kind: 'workdays', from: '2026-12-28T09:00:00.000Z', amount: 5 });
    await expect(runNode(delayNode, { amount: 1.5, unit: 'workdays' }, at('2026-12-28T09:00:00Z'))).rejects.toBeInstanceOf(InputError);
  });

  it('core.delay can wait until the next working day starts at a given hour', async () => {
    const result = await runNode(delayNode, { until: 'nextWorkdayStart', hour: 9 }, at('2026-12-30T15:00:00Z'));
    // Wed 30th 18:00 Moscow → Mon 11 Jan 09:00 Moscow.
    expect(result.wait?.until).toEqual(new Date('2027-01-11T06:00:00Z'));
    // Before 09:00 on a working day, today's start is the next one.
    expect((await runNode(delayNode, { until: 'nextWorkdayStart', hour: 9 }, at('2027-01-11T04:00:00Z'))).wait?.until).toEqual(new Date('2027-01-11T06:00:00Z'));
    expect((await runNode(delayNode, { until: 'nextWorkdayStart', hour: 9 }, at('2027-01-11T06:00:00Z'))).wait?.until).toEqual(new Date('2027-01-12T06:00:00Z'));
    await expect(runNode(delayNode, { until: 'nextWorkdayStart', hour: 24 }, at('2026-12-30T15:00:00Z'))).rejects.toMatchObject({ field: 'hour' });
  });

  it('core.waitForEvent times out after working days', async () => {
    const result = await runNode(waitForEventNode, { eventType: 'paid', correlationKey: 'A', timeoutAmount: 3, timeoutUnit: 'workdays' }, at('2027-05-06T07:00:00Z'));
    expect(result.wait?.until).toEqual(new Date('2027-05-12T07:00:00Z'));
    expect(result.wait?.event).toEqual({ type: 'paid', key: 'A' });
  });

  it('core.waitUntil reads a bare date in the flow zone and can move it off a holiday', async () => {
    const plain = await runNode(waitUntilNode, { until: '2027-01-05' }, at('2026-12-01T00:00:00Z'));
    expect(plain.wait?.until).toEqual(new Date('2027-01-04T21:00:00Z'));
    expect(plain.wait?.plan).toBeUndefined();
    const shifted = await runNode(waitUntilNode, { until: '2027-01-05T10:00', shift: 'next' }, at('2026-12-01T00:00:00Z'));
    expect(shifted.wait?.until).toEqual(new Date('2027-01-11T07:00:00Z'));
    expect(shifted.wait?.plan).toMatchObject({ kind: 'shiftToWorkday', direction: 'next' });
    const back = await runNode(waitUntilNode, { until: '2027-01-05T10:00:00+03:00', shift: 'previous' }, at('2026-12-01T00:00:00Z'));
    expect(back.wait?.until).toEqual(new Date('2026-12-30T07:00:00Z'));
    await expect(runNode(waitUntilNode, { until: 'next tuesday' }, at('2026-12-01T00:00:00Z'))).rejects.toMatchObject({ field: 'until' });
  });

  it('core.waitUntil finishes when resumed', async () => {
    const result = await runNode(waitUntilNode, { until: '2027-01-05' }, { ...at('2027-01-05T00:00:01Z'), resumed: { reason: 'timer' } });
    expect(result).toMatchObject({ port: 'out', output: { waitedUntil: '2027-01-05T00:00:01.000Z' } });
  });

  it('core.shiftToWorkday moves a payment date off a holiday and keeps a working day', async () => {
    const moved = await runNode(shiftToWorkdayNode, { date: '2027-05-10' }, at('2027-04-01T00:00:00Z'));
    expect(moved.output).toEqual({ date: '2027-05-11', dateTime: '2027-05-10T21:00:00.000Z', shifted: true, original: '2027-05-10' });
    const earlier = await runNode(shiftToWorkdayNode, { date: '2027-05-10', direction: 'previous' }, at('2027-04-01T00:00:00Z'));
    expect(earlier.output).toMatchObject({ date: '2027-05-07', shifted: true });
    const kept = await runNode(shiftToWorkdayNode, { date: '2027-05-12' }, at('2027-04-01T00:00:00Z'));
    expect(kept.output).toMatchObject({ date: '2027-05-12', shifted: false });
  });
});
