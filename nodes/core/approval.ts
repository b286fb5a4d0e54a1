import { ConfigError, defineNode, f, outcome } from '../sdk';
import { DURATION_UNITS, waitEnd } from './durations';
import { APPROVAL_DECIDED, approvalEventKey, parseApprovers, type ApprovalSpec } from './people';

export const approvalNode = defineNode({
  type: 'core.approval',
  kind: 'wait',
  // Its link or answer belongs to the run and node: one per item would not tell the items apart.
  inLoops: false,
  title: 'Approval',
  category: 'People',
  description:
    'Asks people to approve or reject (a commission, a discount, an act). Approvers answer on their Approvals page in Flowbridge or from a signed link; '
    + 'the run goes on when the quorum approves, or rejects at once when veto is on and someone rejects. Who answered and when is kept in the step.',
  params: {
    title: f.text({ label: 'What to approve', required: true, placeholder: 'Commission for deal {{ $trigger.lead.id }}' }),
    details: f.text({ label: 'Details', multiline: true }),
    approvers: f.text({ label: 'Approvers', required: true, description: 'E-mails of users and role:<name> for everyone with a role, comma-separated; or an expression giving a list' }),
    quorum: f.number({ label: 'Approvals needed', required: true, min: 1, integer: true, default: 1 }),
    veto: f.boolean({ label: 'One rejection rejects', default: true }),
    timeoutAmount: f.number({ label: 'Time out after', required: true, min: 0, default: 5 }),
    timeoutUnit: f.select({ label: 'Unit', options: DURATION_UNITS, default: 'days' }),
  },
  ports: ['approved', 'rejected', 'timeout'],
  sampleOutput: { decision: 'approved', answers: [{ approver: 'head@example.com', decision: 'approve', comment: null, answeredAt: '2026-01-02T12:00:00.000Z' }] },
  run(ctx, params) {
    if (ctx.resumed?.reason === 'event') {
      const data = (ctx.resumed.data ?? {}) as { decision?: string; answers?: unknown };
      return outcome.port(data.decision === 'approved' ? 'approved' : 'rejected', { decision: data.decision, answers: data.answers ?? [] });
    }
    if (ctx.resumed) return outcome.port('timeout', { timedOutAt: ctx.now().toISOString() });
    const approvers = parseApprovers(params.approvers as string | string[]);
    if (!approvers.length) throw new ConfigError('An approval needs at least one approver', { field: 'approvers' });
    const quorum = params.quorum ?? 1;
    if (approvers.every((a) => 'email' in a) && quorum > approvers.length) {
      throw new ConfigError(`${quorum} approvals are needed but only ${approvers.length} approver(s) are named`, { field: 'quorum' });
    }
    const { until: timeoutAt, plan } = waitEnd(ctx.now(), params.timeoutAmount, params.timeoutUnit ?? 'days', ctx.calendar, 'timeoutAmount');
    const approval: ApprovalSpec = { title: params.title, details: params.details, approvers, quorum, veto: params.veto ?? true };
    const links = approvers.flatMap((a) => ('email' in a ? [{ approver: a.email, url: ctx.links.approval(a.email) }] : []));
    return outcome.waitForEvent({ type: APPROVAL_DECIDED, key: approvalEventKey(ctx.runId, ctx.nodeId) }, timeoutAt, { approval, links, timeoutAt: timeoutAt.toISOString() }, plan);
  },
});
