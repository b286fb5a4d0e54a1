import { defineNode, f } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props, optionalId, requiredId } from '../props';
import { DEAL_ENTITY_TYPE_ID, SMART_INVOICE_ENTITY_TYPE_ID } from '../types';

const DEFAULT_DUE_MS = 24 * 60 * 60 * 1000;

export const bitrix24AddTodo = defineNode({
  type: 'bitrix24.addTodo',
  kind: 'action',
  title: 'Add to-do',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Adds a to-do (a CRM activity with a deadline) to a deal or a smart invoice, e.g. "Check the finished work with the client". A retry looks for the open to-do an earlier attempt created first.',
  params: {
    connection: bitrix24Props.connection(),
    ownerType: f.select({ label: 'On', options: [{ value: 'deal', label: 'Deal' }, { value: 'invoice', label: 'Smart invoice' }], default: 'deal' }),
    ownerId: f.key({ label: 'Deal or invoice id', required: true, placeholder: '{{ $trigger.deal.id }}' }),
    title: f.text({ label: 'Title', required: true, minLength: 1 }),
    description: f.text({ label: 'Description', multiline: true }),
    deadline: f.date({ label: 'Deadline', description: '24 hours from now when empty' }),
    responsibleId: bitrix24Props.user('Responsible', "Empty: the deal's responsible"),
  },
  sampleOutput: { activityId: 999, created: true },
  async run(ctx, params) {
    const todo = {
      ownerTypeId: params.ownerType === 'invoice' ? SMART_INVOICE_ENTITY_TYPE_ID : DEAL_ENTITY_TYPE_ID,
      ownerId: requiredId(params.ownerId, 'ownerId'),
      title: params.title,
      description: params.description || undefined,
      deadline: params.deadline ?? new Date(ctx.now().getTime() + DEFAULT_DUE_MS).toISOString(),
      responsibleId: optionalId(params.responsibleId, 'responsibleId'),
    };
    const api = await connectBitrix24(ctx, params.connection);
    // crm.activity.todo.add takes no external id: a retry after a lost answer looks for the to-do first.
    const existing = ctx.attempt > 1 ? await api.findOpenTodo(todo) : undefined;
    if (existing) return { activityId: existing, created: false };
    return { activityId: await api.addTodo(todo), created: true };
  },
});
