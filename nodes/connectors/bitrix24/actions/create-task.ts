import { defineNode, f } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props, optionalId, requiredId } from '../props';
import { sampleTask } from '../samples';

export const bitrix24CreateTask = defineNode({
  type: 'bitrix24.createTask',
  kind: 'action',
  title: 'Create task',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Creates a Bitrix24 task for a person, with a deadline, linked to a deal and/or a smart invoice. A retry finds the task an earlier attempt created (by its external id).',
  params: {
    connection: bitrix24Props.connection(),
    title: f.text({ label: 'Title', required: true, minLength: 1 }),
    description: f.text({ label: 'Description', multiline: true }),
    responsibleId: bitrix24Props.requiredUser('Responsible', 'Who does the task'),
    deadline: f.date({ label: 'Deadline' }),
    createdBy: bitrix24Props.user('Created by', "Empty: the webhook's user"),
    dealId: f.key({ label: 'Deal id', placeholder: '{{ $trigger.deal.id }}', description: 'Shows the task on this deal' }),
    invoiceId: f.key({ label: 'Invoice id', description: 'Shows the task on this smart invoice' }),
  },
  sampleOutput: { taskId: 3711, task: sampleTask, created: true },
  async run(ctx, params) {
    const responsibleId = requiredId(params.responsibleId, 'responsibleId');
    const dealId = optionalId(params.dealId, 'dealId');
    const invoiceId = optionalId(params.invoiceId, 'invoiceId');
    const api = await connectBitrix24(ctx, params.connection);
    // Bitrix24 does not deduplicate writes; the idempotency key rides along as the task's XML_ID.
    const existing = ctx.attempt > 1 ? await api.findTaskByXmlId(ctx.idempotencyKey, params.title, responsibleId) : undefined;
    if (existing) return { taskId: existing.id, task: existing, created: false };
    const bindings = [dealId && `D_${dealId}`, invoiceId && `SI_${invoiceId}`].filter((b): b is string => !!b);
    const fields: Record<string, unknown> = { TITLE: params.title, RESPONSIBLE_ID: responsibleId, XML_ID: ctx.idempotencyKey };
    if (params.description) fields.DESCRIPTION = params.description;
    if (params.deadline) fields.DEADLINE = params.deadline;
    const creator = optionalId(params.createdBy, 'createdBy');
    if (creator) fields.CREATED_BY = creator;
    if (bindings.length) fields.UF_CRM_TASK = bindings;
    const task = await api.addTask(fields);
    return { taskId: task.id, task, created: true };
  },
});
