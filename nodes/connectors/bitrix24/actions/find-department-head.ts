import { defineNode } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props, requiredId } from '../props';
import { sampleHead, sampleUser } from '../samples';

export const bitrix24FindDepartmentHead = defineNode({
  type: 'bitrix24.findDepartmentHead',
  kind: 'action',
  title: 'Find head of department',
  category: 'CRM',
  connector: 'bitrix24',
  description: "Finds a user's head of department, e.g. the manager's supervisor to notify about a new invoice. When the user heads the department, the head of the department above is taken.",
  params: {
    connection: bitrix24Props.connection(),
    userId: bitrix24Props.requiredUser('User', 'Whose head to find, e.g. {{ $trigger.deal.assignedById }}'),
  },
  sampleOutput: { user: sampleUser, head: sampleHead, department: { id: 3, name: 'Sales' }, found: true },
  async run(ctx, params) {
    const api = await connectBitrix24(ctx, params.connection);
    const { user, head, department } = await api.headOf(requiredId(params.userId, 'userId'));
    return { user, head, department: department ? { id: Number(department.ID), name: department.NAME } : null, found: head !== null };
  },
});
