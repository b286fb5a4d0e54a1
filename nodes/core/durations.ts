/** Units a wait can be counted in; working days join them with the production calendars. */
export const DURATION_UNITS = ['minutes', 'hours', 'days'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

const UNIT_MS: Record<DurationUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

export function addDuration(from: Date, amount: number, unit: DurationUnit): Date {
  return new Date(from.getTime() + amount * UNIT_MS[unit]);
}
