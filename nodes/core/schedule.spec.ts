import { isTrigger } from '../sdk';
import { civilDate, cronSchedule, scheduleTrigger } from './schedule';

describe('core.schedule', () => {
  it('is a schedule trigger with runOnce and not working days only by default', () => {
    expect(isTrigger(scheduleTrigger) && scheduleTrigger.definition.source).toBe('schedule');
    expect(scheduleTrigger.paramsSchema.parse({ cron: '0 9 * * 1-5' })).toMatchObject({ missed: 'runOnce', workingDaysOnly: false });
  });

  it('reads 5-field crons at minute precision and 6-field crons with seconds, in the given time zone', () => {
    const from = new Date('2031-01-06T05:59:00Z');
    // 09:00 in Moscow (UTC+3) is 06:00 UTC.
    expect(cronSchedule('0 9 * * 1-5', 'Europe/Moscow').nextRuns(2, from).map((d) => d.toISOString())).toEqual(['2031-01-06T06:00:00.000Z', '2031-01-07T06:00:00.000Z']);
    expect(cronSchedule('*/20 * * * * *', 'UTC').nextRuns(3, from).map((d) => d.toISOString())).toEqual(['2031-01-06T05:59:20.000Z', '2031-01-06T05:59:40.000Z', '2031-01-06T06:00:00.000Z']);
  });

  it('refuses other field counts, impossible values and unknown zones with a readable message', () => {
    expect(() => cronSchedule('* * * *', 'UTC')).toThrow(/has 4 fields; use 5 .* or 6/);
    expect(() => cronSchedule('0 0 0 1 1 * 2031', 'UTC')).toThrow(/has 7 fields/);
    expect(() => cronSchedule('61 * * * *', 'UTC')).toThrow(/Cron expression '61 \* \* \* \*' is invalid/);
    expect(() => cronSchedule('0 9 * * *', 'Mars/Olympus')).toThrow(/Unknown time zone 'Mars\/Olympus'/);
  });

  it('gives the civil date of an instant in a time zone', () => {
    expect(civilDate(new Date('2031-01-09T22:30:00Z'), 'Europe/Moscow')).toBe('2031-01-10');
    expect(civilDate(new Date('2031-01-09T22:30:00Z'), 'America/New_York')).toBe('2031-01-09');
  });
});
