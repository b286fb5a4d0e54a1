import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APPROVAL_DECIDED, approvalEventKey, FORM_SUBMITTED, formEventKey, type ApprovalAnswer, type ApprovalSpec, type FormField, type FormSpec } from '@flowbridge/nodes/core/people';
import { ApiError, BadRequestError, ConflictError, NotFoundError } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { CLOCK, type Clock } from '../../engine/clock';
import { emitEvent } from '../../engine/events';
import { SignedLinks } from '../../engine/signed-links';

interface WaitingStep<T> {
  flowId: string;
  spec: T;
}

/** A file answer travels as a data URL inside the request body, so the body limit bounds it. */
const FILE_DATA_URL = /^data:[\w.+-]+\/[\w.+-]+;base64,[A-Za-z0-9+/=]*$/;

const gone = (what: string) => new ApiError(HttpStatus.GONE, 'closed', `This ${what} is closed: it was answered, timed out or its run ended`);

/**
 * Forms and approvals answered by people: both are steps waiting for an event, so an answer is
 * checked against what the waiting step published and then emitted as that event.
 */
@Injectable()
export class PeopleService {
  constructor(private readonly dataSource: DataSource, private readonly links: SignedLinks, @Inject(CLOCK) private readonly clock: Clock) {}

  /**
   * The step that waits for this link's answer. An approval link answers its own node; a form link
   * answers whichever step of the run now waits for the same form key, so a reminder's second wait
   * takes the answer given through the first link. 404 for a link that never was, 410 once answered.
   */
  private async waiting<T>(manager: EntityManager, runId: string, nodeId: string, kind: 'form' | 'approval', lock = false): Promise<WaitingStep<T> & { nodeId: string }> {
    const what = kind === 'form' ? 'Form' : 'Approval';
    if (!isUuid(runId) || nodeId.length > 64) throw new NotFoundError(what, nodeId);
    const [linked]: { spec: T & { key?: string } }[] = await manager.query(
      `select output -> $3 as spec from steps where run_id = $1 and node_id = $2 and output ? $3 order by id desc limit 1`, [runId, nodeId, kind],
    );
    if (!linked) throw new NotFoundError(what, nodeId);
    const [step]: { flow_id: string; node_id: string; spec: T }[] = await manager.query(
      `select r.flow_id, s.node_id, s.output -> $3 as spec
       from steps s join runs r on r.id = s.run_id
       where s.run_id = $1 and s.status = 'waiting' and r.status = 'waiting' and s.output ? $3
         and ${kind === 'form' ? `s.output -> 'form' ->> 'key' = $2` : 's.node_id = $2'}
         and not exists (select 1 from steps later where later.run_id = s.run_id and later.node_id = s.node_id and later.iteration_path = s.iteration_path and later.id > s.id)
       order by s.id desc limit 1 ${lock ? 'for update of s' : ''}`,
      [runId, kind === 'form' ? String(linked.spec.key ?? '') : nodeId, kind],
    );
    if (!step) throw gone(kind === 'form' ? 'form' : 'approval');
    return { flowId: step.flow_id, nodeId: step.node_id, spec: step.spec };
  }

  async form(runId: string, nodeId: string, sig: unknown): Promise<FormSpec> {
    if (!this.links.verify(sig, 'form', runId, nodeId)) throw new NotFoundError('Form', nodeId);
    return (await this.waiting<FormSpec>(this.dataSource.manager, runId, nodeId, 'form')).spec;
  }

  async submitForm(runId: string, nodeId: string, sig: unknown, body: unknown): Promise<{ submittedAt: string }> {
    if (!this.links.verify(sig, 'form', runId, nodeId)) throw new NotFoundError('Form', nodeId);
    return this.dataSource.transaction(async (tx) => {
      const { flowId, spec } = await this.waiting<FormSpec>(tx, runId, nodeId, 'form', true);
      const answers = checkAnswers(spec.fields, (body as { answers?: unknown } | null)?.answers);
      const submittedAt = this.clock.now().toISOString();
      await emitEvent(tx, { type: FORM_SUBMITTED, key: formEventKey(flowId, spec.key), data: { answers, submittedAt, runId, nodeId }, source: `form:${runId}:${nodeId}` }, this.clock.now());
      return { submittedAt };
    });
  }

  /** The approval behind a signed link, for that approver. */
  async approvalByLink(runId: string, nodeId: string, approver: string, sig: unknown): Promise<ApprovalSpec> {
    if (!this.links.verify(sig, 'approval', runId, nodeId, approver)) throw new NotFoundError('Approval', nodeId);
    return (await this.waiting<ApprovalSpec>(this.dataSource.manager, runId, nodeId, 'approval')).spec;
  }

  /** Approvals waiting for this user (by e-mail or one of their roles) that they have not answered. */
  async pendingFor(user: { email: string; roles: readonly string[] }) {
    const rows: { run_id: string; node_id: string; flow_id: string; flow_name: string; spec: ApprovalSpec; since: Date; timeout_at: Date | null }[] = await this.dataSource.query(
      `select s.run_id, s.node_id, r.flow_id, f.name as flow_name, s.output -> 'approval' as spec, s.started_at as since, s.wake_at as timeout_at
       from steps s join runs r on r.id = s.run_id join flows f on f.id = r.flow_id
       where s.status = 'waiting' and r.status = 'waiting' and s.event_type = $1 and s.output ? 'approval'
         and not exists (select 1 from steps later where later.run_id = s.run_id and later.node_id = s.node_id and later.iteration_path = s.iteration_path and later.id > s.id)
         and not exists (select 1 from approval_answers a where a.run_id = s.run_id and a.node_id = s.node_id and a.approver = $2)
       order by s.started_at limit 200`,
      [APPROVAL_DECIDED, user.email.toLowerCase()],
    );
    return rows
      .filter((row) => mayApprove(row.spec, user))
      .map((row) => ({ runId: row.run_id, nodeId: row.node_id, flowId: row.flow_id, flowName: row.flow_name, title: row.spec.title, details: row.spec.details ?? null, quorum: row.spec.quorum, veto: row.spec.veto, since: row.since, timeoutAt: row.timeout_at }));
  }

  /** Records one approver's answer; when it decides the approval, the waiting run goes on in the same transaction. */
  async answer(runId: string, nodeId: string, who: { email: string; roles: readonly string[] }, input: { decision: 'approve' | 'reject'; comment?: string }, via: 'app' | 'link') {
    return this.dataSource.transaction(async (tx) => {
      const { spec } = await this.waiting<ApprovalSpec>(tx, runId, nodeId, 'approval', true);
      const approver = who.email.toLowerCase();
      if (!mayApprove(spec, who)) throw new ApiError(HttpStatus.FORBIDDEN, 'forbidden', `${who.email} is not an approver of this approval`);
      const now = this.clock.now();
      const [inserted] = await tx.query(
        `insert into approval_answers (run_id, node_id, approver, decision, comment, via, answered_at) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (run_id, node_id, approver) do nothing returning id`,
        [runId, nodeId, approver, input.decision, input.comment?.trim() || null, via, now],
      );
      if (!inserted) throw new ConflictError(`${who.email} has already answered this approval`);
      const answers: ApprovalAnswer[] = (await tx.query(
        `select approver, decision, comment, answered_at from approval_answers where run_id = $1 and node_id = $2 order by id`, [runId, nodeId],
      )).map((a: { approver: string; decision: 'approve' | 'reject'; comment: string | null; answered_at: Date }) => ({ approver: a.approver, decision: a.decision, comment: a.comment, answeredAt: a.answered_at.toISOString() }));
      const decision = decide(spec, answers);
      if (decision) await emitEvent(tx, { type: APPROVAL_DECIDED, key: approvalEventKey(runId, nodeId), data: { decision, answers }, source: `approval:${runId}:${nodeId}` }, now);
      return { decision: decision ?? 'pending', answers };
    });
  }
}

function mayApprove(spec: ApprovalSpec, who: { email: string; roles: readonly string[] }): boolean {
  const email = who.email.toLowerCase();
  return spec.approvers.some((a) => ('email' in a ? a.email === email : who.roles.includes(a.role)));
}

/** Approved at the quorum; rejected by a veto, or once the approvals still possible cannot reach it. */
export function decide(spec: ApprovalSpec, answers: readonly ApprovalAnswer[]): 'approved' | 'rejected' | null {
  const approvals = answers.filter((a) => a.decision === 'approve').length;
  const rejections = answers.length - approvals;
  if (spec.veto && rejections > 0) return 'rejected';
  if (approvals >= spec.quorum) return 'approved';
  const namedOnly = spec.approvers.every((a) => 'email' in a);
  if (namedOnly && approvals + (spec.approvers.length - answers.length) < spec.quorum) return 'rejected';
  return null;
}

/** Validates a submission against the published fields; the 400 names the field. */
function checkAnswers(fields: FormField[], raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new BadRequestError(`'answers' must be an object of field → value`, { field: 'answers' });
  const given = raw as Record<string, unknown>;
  const known = new Set(fields.map((f) => f.name));
  const unknown = Object.keys(given).find((k) => !known.has(k));
  if (unknown !== undefined) throw new BadRequestError(`The form has no field '${unknown}'`, { field: `answers.${unknown}` });
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = Object.hasOwn(given, field.name) ? given[field.name] : undefined;
    const where = { field: `answers.${field.name}` };
    if (value === undefined || value === null || value === '') {
      if (field.required) throw new BadRequestError(`'${field.label}' is required`, where);
      continue;
    }
    switch (field.type ?? 'text') {
      case 'number': {
        const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
        if (!Number.isFinite(n)) throw new BadRequestError(`'${field.label}' must be a number`, where);
        out[field.name] = n;
        break;
      }
      case 'select': {
        const choices = (field.options ?? '').split(',').map((o) => o.trim()).filter(Boolean);
        if (typeof value !== 'string' || !choices.includes(value)) throw new BadRequestError(`'${field.label}' must be one of: ${choices.join(', ')}`, where);
        out[field.name] = value;
        break;
      }
      case 'date':
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw new BadRequestError(`'${field.label}' must be a date (YYYY-MM-DD)`, where);
        out[field.name] = value;
        break;
      case 'file': {
        const file = value as { name?: unknown; dataUrl?: unknown };
        if (typeof file !== 'object' || typeof file.name !== 'string' || typeof file.dataUrl !== 'string' || !FILE_DATA_URL.test(file.dataUrl)) {
          throw new BadRequestError(`'${field.label}' must be a file ({ name, dataUrl })`, where);
        }
        out[field.name] = { name: file.name.slice(0, 255), dataUrl: file.dataUrl };
        break;
      }
      default:
        if (typeof value !== 'string' || value.length > 10_000) throw new BadRequestError(`'${field.label}' must be text of at most 10,000 characters`, where);
        out[field.name] = value;
    }
  }
  return out;
}
