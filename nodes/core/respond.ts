import { defineNode, f } from '../sdk';

/** The webhook caller waits this long at most (FLOWBRIDGE_RESPOND_TIMEOUT_MS), then gets 202 with the run id. */
export const RESPOND_NODE_TYPE = 'core.respond';

export const respondNode = defineNode({
  type: RESPOND_NODE_TYPE,
  kind: 'action',
  // Its link or answer belongs to the run and node: one per item would not tell the items apart.
  inLoops: false,
  title: 'Respond to webhook',
  category: 'Data',
  description: 'Answers the webhook request that started the run with this status, body and headers, if the run gets here in time (10 s by default); otherwise the caller has had 202 with the run id.',
  params: {
    status: f.number({ label: 'Status', integer: true, min: 100, max: 599, default: 200 }),
    body: f.json({ label: 'Body', description: 'Sent as JSON; may use expressions, e.g. {{ $steps.invoice.body.id }}' }),
    headers: f.keyValue({ label: 'Headers' }),
  },
  errorPort: false,
  sideEffects: false,
  sampleOutput: { status: 200, body: {}, headers: {} },
  run: (_ctx, params) => ({ status: params.status ?? 200, body: params.body ?? null, headers: params.headers ?? {} }),
});
