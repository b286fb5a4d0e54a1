import { DateTime } from 'luxon';
import { defineNode, f, InputError, outcome, type WakePlan } from '../sdk';

/**
 * An instant from a date param: a full ISO timestamp as it is, a bare date or local date-time
 * (no offset) on the flow's wall clock, so "2026-05-12" means that day in the flow's time zone.
 */
export function instantFrom(value: string, timezone: string, field: string): Date {
  const parsed = DateTime.fromISO(value.trim(), { zone: timezone, setZone: true });
  if (!parsed.isValid) throw new InputError(`'${value}' is not a date or date-time (ISO 8601)`, { field });
  return parsed.toJSDate();
}

const SHIFT_OPTIONS = [
  { value: 'none', label: 'keep the date' },
  { value: 'next', label: 'to the next working day' },
  { value: 'previous', label: 'to the previous working day' },
] as const;

export const waitUntilNode = defineNode({
  type: 'core.waitUntil',
  kind: 'wait',
  title: 'Wait until',
  category: 'Waits',
  description: 'Parks the run until a date and time, optionally moved off a weekend or holiday on the flow’s production calendar. A date without a time means its midnight in the flow’s time zone; a date already past continues at once.',
  params: {
    until: f.date({ label: 'Until', required: true, description: 'e.g. {{ $trigger.deal.paymentDate }} or 2026-05-12T09:00' }),
    shift: f.select({ label: 'Move to a working day', options: SHIFT_OPTIONS, default: 'none' }),
  },
  sampleOutput: { waitedUntil: '2026-01-01T00:00:00.000Z' },
  run(ctx, params) {
    if (ctx.resumed) return { waitedUntil: ctx.now().toISOString() };
    const at = instantFrom(params.until, ctx.calendar.timezone, 'until');
    const shift = params.shift ?? 'none';
    const plan: WakePlan | undefined = shift === 'none' ? undefined : { kind: 'shiftToWorkday', at: at.toISOString(), direction: shift };
    const until = plan ? ctx.calendar.wakeAt(plan) : at;
    return outcome.waitUntil(until, { waitingUntil: until.toISOString() }, plan);
  },
});
