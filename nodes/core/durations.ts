import type { FlowCalendar, WakePlan } from '../sdk';
import { InputError } from '../sdk';

/** Units a wait can be counted in; working days count on the flow's production calendar. */
export const DURATION_UNITS = ['minutes', 'hours', 'days', 'workdays'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

const UNIT_MS: Record<Exclude<DurationUnit, 'workdays'>, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/**
 * When a wait of `amount` `unit` started at `from` ends. Working days keep the wall-clock time in
 * the flow's time zone and come with the plan the engine stores to re-plan on calendar edits.
 */
export function waitEnd(from: Date, amount: number, unit: DurationUnit, calendar: FlowCalendar, field = 'amount'): { until: Date; plan?: WakePlan } {
  if (unit !== 'workdays') return { until: new Date(from.getTime() + amount * UNIT_MS[unit]) };
  if (!Number.isInteger(amount)) throw new InputError(`Working days are counted whole, got ${amount}`, { field });
  const plan: WakePlan = { kind: 'workdays', from: from.toISOString(), amount };
  return { until: calendar.wakeAt(plan), plan };
}
