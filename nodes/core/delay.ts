import { defineNode, f, outcome } from '../sdk';

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export const delayNode = defineNode({
  type: 'core.delay',
  kind: 'wait',
  title: 'Delay',
  category: 'Waits',
  description: 'Parks the run for a while. The wait lives in Postgres: no worker or memory is held, restarts lose nothing.',
  params: {
    amount: f.number({ label: 'Amount', required: true, min: 0, default: 1 }),
    unit: f.select({ label: 'Unit', options: ['minutes', 'hours', 'days'], default: 'hours' }),
  },
  sampleOutput: { waitedUntil: '2026-01-01T00:00:00.000Z' },
  run(ctx, params) {
    if (ctx.resumed) return { waitedUntil: ctx.now().toISOString() };
    const until = new Date(ctx.now().getTime() + params.amount * UNIT_MS[params.unit ?? 'hours']);
    return outcome.waitUntil(until, { waitingUntil: until.toISOString() });
  },
});
