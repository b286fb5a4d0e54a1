import { defineNode, f, outcome, type WakePlan } from '../sdk';
import { DURATION_UNITS, waitEnd } from './durations';

export const delayNode = defineNode({
  type: 'core.delay',
  kind: 'wait',
  title: 'Delay',
  category: 'Waits',
  description: 'Parks the run for a while, or until the next working day starts. Working days follow the flow’s production calendar and time zone. The wait lives in Postgres: no worker or memory is held, restarts lose nothing.',
  params: {
    amount: f.number({ label: 'Amount', required: true, min: 0, default: 1 }),
    unit: f.select({ label: 'Unit', options: DURATION_UNITS, default: 'hours' }),
    until: f.select({
      label: 'Wait',
      options: [{ value: 'duration', label: 'for the amount above' }, { value: 'nextWorkdayStart', label: 'until the next working day starts' }],
      default: 'duration',
    }),
    hour: f.number({ label: 'Working day starts at (hour)', min: 0, max: 23, integer: true, default: 9, description: 'Used with "until the next working day starts", in the flow’s time zone.' }),
  },
  sampleOutput: { waitedUntil: '2026-01-01T00:00:00.000Z' },
  run(ctx, params) {
    if (ctx.resumed) return { waitedUntil: ctx.now().toISOString() };
    const now = ctx.now();
    let until: Date;
    let plan: WakePlan | undefined;
    if (params.until === 'nextWorkdayStart') {
      plan = { kind: 'nextWorkdayStart', from: now.toISOString(), hour: params.hour ?? 9 };
      until = ctx.calendar.wakeAt(plan);
    } else {
      ({ until, plan } = waitEnd(now, params.amount, params.unit ?? 'hours', ctx.calendar));
    }
    return outcome.waitUntil(until, { waitingUntil: until.toISOString() }, plan);
  },
});
