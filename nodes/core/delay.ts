import { defineNode, f, outcome } from '../sdk';
import { addDuration, DURATION_UNITS } from './durations';


export const delayNode = defineNode({
  type: 'core.delay',
  kind: 'wait',
  title: 'Delay',
  category: 'Waits',
  description: 'Parks the run for a while. The wait lives in Postgres: no worker or memory is held, restarts lose nothing.',
  params: {
    amount: f.number({ label: 'Amount', required: true, min: 0, default: 1 }),
    unit: f.select({ label: 'Unit', options: DURATION_UNITS, default: 'hours' }),
  },
  sampleOutput: { waitedUntil: '2026-01-01T00:00:00.000Z' },
  run(ctx, params) {
    if (ctx.resumed) return { waitedUntil: ctx.now().toISOString() };
    const until = addDuration(ctx.now(), params.amount, params.unit ?? 'hours');
    return outcome.waitUntil(until, { waitingUntil: until.toISOString() });
  },
});
