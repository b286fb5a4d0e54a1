import { defineNode, f, outcome } from '../sdk';
import { DURATION_UNITS, waitEnd } from './durations';


export const waitForEventNode = defineNode({
  type: 'core.waitForEvent',
  kind: 'wait',
  title: 'Wait for event',
  category: 'Waits',
  description: 'Parks the run until a business event (e.g. payment.succeeded for this invoice) arrives, or the timeout passes. Matched by correlation key, not by a resume URL. A timeout in working days follows the flow’s production calendar.',
  params: {
    eventType: f.text({ label: 'Event type', required: true, placeholder: 'payment.succeeded' }),
    correlationKey: f.key({ label: 'Correlation key', required: true, description: 'e.g. {{ $steps.invoice.docId }}' }),
    timeoutAmount: f.number({ label: 'Time out after', required: true, min: 0, default: 5 }),
    timeoutUnit: f.select({ label: 'Unit', options: DURATION_UNITS, default: 'days' }),
  },
  ports: ['event', 'timeout'],
  sampleOutput: { event: { amount: 100, currency: 'ILS' } },
  run(ctx, params) {
    if (ctx.resumed?.reason === 'event') return outcome.port('event', { event: ctx.resumed.data });
    if (ctx.resumed) return outcome.port('timeout', { timedOutAt: ctx.now().toISOString() });
    const { until: timeoutAt, plan } = waitEnd(ctx.now(), params.timeoutAmount, params.timeoutUnit ?? 'days', ctx.calendar, 'timeoutAmount');
    return outcome.waitForEvent({ type: params.eventType, key: params.correlationKey }, timeoutAt, { waitingFor: params.eventType, key: params.correlationKey, timeoutAt: timeoutAt.toISOString() }, plan);
  },
});
