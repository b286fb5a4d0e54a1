import { InputError, runNode } from '../../../sdk';
import type { Bitrix24Simulator } from '../simulator';
import { nodeContext, startBitrix24 } from '../spec-support';
import { bitrix24GetContact } from './get-contact';
import { bitrix24ListInvoices } from './list-invoices';
import { bitrix24ListTasks } from './list-tasks';

describe('bitrix24 task lists, invoice lists and contacts', () => {
  let sim: Bitrix24Simulator;
  const run = <P extends Record<string, unknown>>(node: Parameters<typeof runNode>[0], params: P) => runNode(node, { connection: 'b24', ...params }, nodeContext(sim));

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.calls.length = 0;
    sim.tasks.clear();
    sim.invoices.clear();
    sim.contacts.clear();
  });

  it('lists the tasks bound to an invoice and says whether every one is completed', async () => {
    sim.addTask({ id: '1', ufCrmTask: ['D_410', 'SI_1201'], status: '5' });
    sim.addTask({ id: '2', ufCrmTask: ['SI_1201'], status: '2' });
    sim.addTask({ id: '3', ufCrmTask: ['SI_1202'], status: '5' });
    const open = await run(bitrix24ListTasks, { invoiceId: '1201' });
    sim.setTaskStatus(2, 5);
    const done = await run(bitrix24ListTasks, { invoiceId: 1201 });

    expect(sim.calls[0]).toMatchObject({ method: 'tasks.task.list', params: { filter: { UF_CRM_TASK: 'SI_1201' }, start: 0 } });
    expect(open.output).toMatchObject({ count: 2, open: 1, completed: 1, allCompleted: false, truncated: false });
    expect((open.output as { tasks: { id: number }[] }).tasks.map((t) => t.id)).toEqual([1, 2]);
    expect(done.output).toMatchObject({ count: 2, open: 0, allCompleted: true });
  });

  it('narrows by the deal as well when both are given, and refuses to list every task of the portal', async () => {
    sim.addTask({ id: '1', ufCrmTask: ['D_410', 'SI_1201'] });
    sim.addTask({ id: '2', ufCrmTask: ['D_411', 'SI_1201'] });
    const both = await run(bitrix24ListTasks, { invoiceId: 1201, dealId: 410 });

    expect((both.output as { tasks: { id: number }[] }).tasks.map((t) => t.id)).toEqual([1]);
    expect((await run(bitrix24ListTasks, { invoiceId: 1202 })).output).toMatchObject({ count: 0, allCompleted: false });
    await expect(run(bitrix24ListTasks, {})).rejects.toBeInstanceOf(InputError);
  });

  it('lists the invoices at a stage, every page, and tells the paid ones even when items omit their semantics', async () => {
    for (let i = 0; i < 60; i++) sim.addInvoice({ id: 2000 + i, stageId: i % 2 ? 'DT31_1:S' : 'DT31_1:P', parentId2: 410 });
    sim.itemsCarrySemantics = false;
    try {
      const sent = await run(bitrix24ListInvoices, { stageId: 'DT31_1:S', dealId: '410' });
      const paid = await run(bitrix24ListInvoices, { stageId: 'DT31_1:P', maxItems: 10 });

      expect(sim.calls[0]).toMatchObject({ method: 'crm.item.list', params: { entityTypeId: 31, filter: { stageId: 'DT31_1:S', parentId2: 410 }, start: 0 } });
      expect(sent.output).toMatchObject({ count: 30, truncated: false });
      expect((sent.output as { invoices: { paid: boolean }[] }).invoices.every((i) => !i.paid)).toBe(true);
      expect(paid.output).toMatchObject({ count: 10, truncated: true, invoices: expect.arrayContaining([expect.objectContaining({ paid: true, stageSemantic: 'S' })]) });
      // One stage list per pipeline and listing, not one per invoice.
      expect(sim.calls.filter((c) => c.method === 'crm.status.list')).toHaveLength(2);
    } finally {
      sim.itemsCarrySemantics = true;
    }
  });

  it("reads a contact's first e-mail and phone, and names the param when the contact is gone", async () => {
    sim.addContact({ ID: '31', email: 'orlova@client.example.ru' });
    const { output } = await run(bitrix24GetContact, { contactId: '31' });

    expect(sim.calls[0]).toMatchObject({ method: 'crm.contact.get', params: { id: 31 } });
    expect(output).toMatchObject({ contact: { id: 31, name: 'Maria Orlova', email: 'orlova@client.example.ru', emails: ['orlova@client.example.ru'], phone: null } });
    await expect(run(bitrix24GetContact, { contactId: 99 })).rejects.toMatchObject({ field: 'contactId' });
  });
});
