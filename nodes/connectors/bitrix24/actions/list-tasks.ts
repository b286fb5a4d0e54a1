import { defineNode, f, InputError } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { PAGE_SIZE } from '../client';
import { bitrix24Props, optionalId } from '../props';
import { sampleTask } from '../samples';

export const bitrix24ListTasks = defineNode({
  type: 'bitrix24.listTasks',
  kind: 'action',
  title: 'List tasks',
  category: 'CRM',
  connector: 'bitrix24',
  description:
    'Reads the tasks bound to a smart invoice or a deal (or given to a person), with how many are still open, '
    + 'e.g. to give the accountant a task once the last task of a paid invoice is completed.',
  params: {
    connection: bitrix24Props.connection(),
    invoiceId: f.key({ label: 'Invoice id', placeholder: '{{ $trigger.invoice.id }}', description: 'Tasks shown on this smart invoice' }),
    dealId: f.key({ label: 'Deal id', placeholder: '{{ $trigger.deal.id }}', description: 'Tasks shown on this deal' }),
    responsibleId: bitrix24Props.user('Responsible', 'Only tasks of this person'),
    maxTasks: f.number({ label: 'At most', integer: true, min: 1, max: 5000, default: 500, description: 'Tasks are read 50 at a time' }),
  },
  sampleOutput: { tasks: [sampleTask], count: 1, open: 1, completed: 0, allCompleted: false, truncated: false },
  async run(ctx, params) {
    const invoiceId = optionalId(params.invoiceId, 'invoiceId');
    const dealId = optionalId(params.dealId, 'dealId');
    const responsibleId = optionalId(params.responsibleId, 'responsibleId');
    if (!invoiceId && !dealId && !responsibleId) throw new InputError('Say whose tasks to read: an invoice, a deal or a responsible person', { field: 'invoiceId' });
    // One filter key holds one binding: with both given, Bitrix24 narrows by the invoice and we by the deal.
    const filter: Record<string, unknown> = {};
    if (invoiceId) filter.UF_CRM_TASK = `SI_${invoiceId}`;
    else if (dealId) filter.UF_CRM_TASK = `D_${dealId}`;
    if (responsibleId) filter.RESPONSIBLE_ID = responsibleId;
    const maxTasks = params.maxTasks ?? 500;
    const api = await connectBitrix24(ctx, params.connection);
    const page = await api.listTasks(filter, Math.ceil(maxTasks / PAGE_SIZE));
    const tasks = page.items.filter((t) => !(invoiceId && dealId) || t.dealIds.includes(dealId)).slice(0, maxTasks);
    const completed = tasks.filter((t) => t.completed).length;
    return {
      tasks,
      count: tasks.length,
      open: tasks.length - completed,
      completed,
      allCompleted: tasks.length > 0 && completed === tasks.length,
      truncated: page.truncated || page.items.length > maxTasks,
    };
  },
});
