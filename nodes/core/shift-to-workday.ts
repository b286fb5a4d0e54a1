import { DateTime } from 'luxon';
import { defineNode, f } from '../sdk';
import { instantFrom } from './wait-until';

export const shiftToWorkdayNode = defineNode({
  type: 'core.shiftToWorkday',
  kind: 'expression',
  title: 'Shift to working day',
  category: 'Data',
  description: 'Moves a date off a weekend or holiday to the next (or previous) working day on the flow’s production calendar, e.g. a planned payment date. A working day stays as it is.',
  params: {
    date: f.date({ label: 'Date', required: true, description: 'e.g. {{ $steps.invoice.dueDate }}' }),
    direction: f.select({ label: 'Direction', options: [{ value: 'next', label: 'next working day' }, { value: 'previous', label: 'previous working day' }], default: 'next' }),
  },
  sampleOutput: { date: '2026-01-12', dateTime: '2026-01-12T06:00:00.000Z', shifted: true, original: '2026-01-05' },
  run(ctx, params) {
    const { calendar } = ctx;
    const input = params.date.trim();
    const at = instantFrom(input, calendar.timezone, 'date');
    const result = calendar.shiftToWorkday(at, params.direction ?? 'next');
    const date = DateTime.fromJSDate(result, { zone: calendar.timezone }).toISODate()!;
    return {
      /** The civil date in the flow's time zone, the form invoices and payment orders want. */
      date,
      dateTime: result.toISOString(),
      shifted: result.getTime() !== at.getTime(),
      original: input,
    };
  },
});
