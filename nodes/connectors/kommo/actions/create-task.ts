import { defineNode, f, InputError } from '../../../sdk';
import { connectKommo } from '../api';
import { kommoProps, optionalId, USERS_SOURCE } from '../props';

const DEFAULT_DUE_MS = 24 * 60 * 60 * 1000;

export const kommoCreateTask = defineNode({
  type: 'kommo.createTask',
  kind: 'action',
  title: 'Create task on lead',
  category: 'CRM',
  connector: 'kommo',
  description: 'Creates a Kommo task on a lead, e.g. "Call the client: invoice unpaid for 3 working days".',
  params: {
    connection: kommoProps.connection(),
    leadId: kommoProps.leadId(),
    text: f.text({ label: 'Text', required: true, multiline: true, minLength: 1 }),
    dueAt: f.date({ label: 'Due', description: 'Date and time the task is due; 24 hours from now when empty' }),
    taskType: f.select({ label: 'Type', options: [{ value: '1', label: 'Follow-up' }, { value: '2', label: 'Meeting' }], default: '1' }),
    // Picked from the account's users; a number typed or computed by an expression still counts.
    responsibleUserId: f.dynamicSelect({ label: 'Responsible user', source: USERS_SOURCE, description: "Empty: the token's user" }),
    durationMinutes: f.number({ label: 'Duration (minutes)', integer: true, min: 1 }),
  },
  sampleOutput: { taskId: 6660001, leadId: 4711, dueAt: '2026-01-03T12:00:00.000Z' },
  async run(ctx, params) {
    const api = await connectKommo(ctx, params.connection);
    const dueAt = params.dueAt ? parseDue(params.dueAt) : new Date(ctx.now().getTime() + DEFAULT_DUE_MS);
    // Kommo only echoes request_id, it does not deduplicate: a retry after a lost answer looks for the task first.
    const existing = ctx.attempt > 1 ? await api.findOpenTask(params.leadId, params.text) : undefined;
    const task = existing ?? await api.createTask({
      leadId: params.leadId,
      text: params.text,
      completeTill: dueAt,
      taskTypeId: Number(params.taskType ?? '1'),
      responsibleUserId: optionalId(params.responsibleUserId, 'responsibleUserId'),
      durationSeconds: params.durationMinutes === undefined ? undefined : params.durationMinutes * 60,
      requestId: ctx.idempotencyKey,
    });
    return { taskId: task.id, leadId: params.leadId, dueAt: dueAt.toISOString() };
  },
});

/** Accepts an ISO date/time or Unix seconds (what Kommo itself stores). */
function parseDue(value: string): Date {
  const date = /^\d{9,11}$/.test(value.trim()) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new InputError(`Due '${value}' is not a date`, { field: 'dueAt' });
  return date;
}
