import { defineNode, f, FlowFailError, outcome } from '../sdk';
import { DURATION_UNITS, waitEnd } from './durations';

/** The event a child run emits when it ends, keyed by its run id. */
export const SUBFLOW_FINISHED = 'run.finished';

export const subflowNode = defineNode({
  type: 'core.subflow',
  kind: 'action',
  title: 'Run a sub-flow',
  category: 'Logic',
  description:
    'Starts a published flow (e.g. "notify the head of department", shared by many flows) with this input and waits for it to finish. '
    + 'Its nodes’ outputs come back here; its failure fails this step, so wire the error port to handle it. Parent and child runs link to each other.',
  params: {
    flowId: f.key({ label: 'Flow', required: true, description: 'Id of a published flow; it starts from its manual trigger with the input as payload' }),
    input: f.json({ label: 'Input', description: 'The sub-flow’s $trigger, e.g. {"dealId": "{{ $trigger.lead.id }}"}' }),
    timeoutAmount: f.number({ label: 'Give up after', required: true, min: 0, default: 1 }),
    timeoutUnit: f.select({ label: 'Unit', options: DURATION_UNITS, default: 'days' }),
  },
  sampleOutput: { runId: '9f1c2e1e-0000-4000-8000-000000000000', outputs: { notify: { sent: true } } },
  async run(ctx, params) {
    if (ctx.resumed?.reason === 'event') {
      const result = (ctx.resumed.data ?? {}) as { runId?: string; status?: string; outputs?: unknown; error?: { message?: string } | null };
      if (result.status !== 'succeeded') {
        throw new FlowFailError(`Sub-flow run ${result.runId} ${result.status ?? 'ended'}${result.error?.message ? `: ${result.error.message}` : ''}`);
      }
      return { runId: result.runId, outputs: result.outputs ?? {} };
    }
    const waited = ctx.resumed?.data as { childRunId?: string } | undefined;
    if (ctx.resumed) throw new FlowFailError(`Sub-flow run ${waited?.childRunId ?? ''} did not finish in time`.replace('  ', ' '));
    const { runId } = await ctx.subflows.start(params.flowId, params.input ?? {});
    const { until, plan } = waitEnd(ctx.now(), params.timeoutAmount, params.timeoutUnit ?? 'days', ctx.calendar, 'timeoutAmount');
    return outcome.waitForEvent({ type: SUBFLOW_FINISHED, key: runId }, until, { childRunId: runId, timeoutAt: until.toISOString() }, plan);
  },
});
