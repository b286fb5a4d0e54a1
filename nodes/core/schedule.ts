import { Cron } from 'croner';
import { defineTrigger, f } from '../sdk';

/** Used when neither the node nor the flow's settings name a time zone. */
export const DEFAULT_SCHEDULE_TIMEZONE = 'Europe/Moscow';

export const MISSED_FIRE_POLICIES = [
  { value: 'runOnce', label: 'Run once for all missed times' },
  { value: 'skip', label: 'Skip missed times' },
] as const;

/**
 * Parses a 5-field (minute precision) or 6-field (second precision) cron expression in a time
 * zone; throws with a readable message otherwise. Croner also reads 7 fields (years), which we do not offer.
 */
export function cronSchedule(expression: string, timezone: string): Cron {
  const fields = expression.trim().split(/\s+/).length;
  if (fields !== 5 && fields !== 6) throw new Error(`Cron expression '${expression}' has ${fields} fields; use 5 (minute hour day month weekday) or 6 (with seconds first)`);
  try {
    Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new Error(`Unknown time zone '${timezone}'; use an IANA name such as Europe/Moscow`);
  }
  try {
    return new Cron(expression.trim(), { timezone, paused: true });
  } catch (error) {
    throw new Error(`Cron expression '${expression}' is invalid: ${(error as Error).message.replace(/^CronPattern: /, '')}`);
  }
}

/** The civil date (YYYY-MM-DD) an instant falls on in a time zone: what a production calendar is keyed by. */
export function civilDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export const scheduleTrigger = defineTrigger({
  type: 'core.schedule',
  title: 'Schedule',
  category: 'Triggers',
  description: 'Starts a run at the times of a cron expression, in a time zone; exactly one run per time, however many workers run.',
  source: 'schedule',
  params: {
    cron: f.text({ label: 'Cron expression', required: true, expressions: false, description: 'Five fields (minute hour day month weekday) or six with seconds first, e.g. 0 9 * * 1-5' }),
    timezone: f.text({ label: 'Time zone', expressions: false, placeholder: DEFAULT_SCHEDULE_TIMEZONE, description: `IANA name; empty: the flow's time zone, else ${DEFAULT_SCHEDULE_TIMEZONE}` }),
    workingDaysOnly: f.boolean({ label: 'Working days only', default: false, description: "Times that fall on a day off of the flow's production calendar start no run" }),
    missed: f.select({ label: 'Missed times', options: MISSED_FIRE_POLICIES, default: 'runOnce', description: 'What happens to times that passed while the system was down' }),
  },
  sampleOutput: { firedAt: '2026-01-05T06:00:00.000Z', now: '2026-01-05T06:00:00.350Z' },
  // Scheduled runs are started by the engine; a manual or test run passes its payload through as the output.
  receive: (request) => ({ output: request.body ?? {} }),
});
