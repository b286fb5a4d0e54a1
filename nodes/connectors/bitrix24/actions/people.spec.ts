import { InputError, runNode } from '../../../sdk';
import type { Bitrix24Simulator } from '../simulator';
import { nodeContext, startBitrix24 } from '../spec-support';
import { bitrix24AddTodo } from './add-todo';
import { bitrix24CreateTask } from './create-task';
import { bitrix24FindDepartmentHead } from './find-department-head';
import { bitrix24NotifyUser } from './notify-user';

const NOW = new Date('2026-03-02T09:00:00.000Z');

describe('bitrix24 tasks, to-dos, notifications and heads of department', () => {
  let sim: Bitrix24Simulator;
  const ctx = (attempt = 1) => nodeContext(sim, { attempt, idempotencyKey: 'run-7:task:0', now: () => NOW });

  beforeAll(async () => (sim = await startBitrix24()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.calls.length = 0;
    sim.tasks.clear();
    sim.activities.length = 0;
    sim.notifications.length = 0;
    sim.deals.clear();
    sim.addDeal({ ID: '410' });
  });

  it('creates a task for a person with a deadline, bound to the deal and the invoice, keyed by XML_ID', async () => {
    const { output } = await runNode(bitrix24CreateTask, {
      connection: 'b24', title: 'Prepare the act', description: 'Invoice 1201 is paid', responsibleId: '9', deadline: '2026-03-05T18:00:00+03:00', dealId: 410, invoiceId: '1201',
    }, ctx());

    expect(sim.calls[0]).toEqual({
      method: 'tasks.task.add',
      params: { fields: { TITLE: 'Prepare the act', RESPONSIBLE_ID: 9, XML_ID: 'run-7:task:0', DESCRIPTION: 'Invoice 1201 is paid', DEADLINE: '2026-03-05T18:00:00+03:00', UF_CRM_TASK: ['D_410', 'SI_1201'] } },
      inBatch: false,
    });
    expect(output).toMatchObject({ created: true, task: { title: 'Prepare the act', responsibleId: 9, crm: ['D_410', 'SI_1201'], dealIds: [410] } });
  });

  it('on a retry finds the task an earlier attempt created', async () => {
    const first = await runNode(bitrix24CreateTask, { connection: 'b24', title: 'Prepare the act', responsibleId: 9 }, ctx());
    sim.addTask({ title: 'Prepare the act', responsibleId: '9', xmlId: 'another-run:task:0' });
    const retry = await runNode(bitrix24CreateTask, { connection: 'b24', title: 'Prepare the act', responsibleId: 9 }, ctx(2));

    expect(sim.tasks.size).toBe(2);
    expect(retry.output).toMatchObject({ created: false, taskId: (first.output as { taskId: number }).taskId });
    expect(sim.calls[1]).toMatchObject({ method: 'tasks.task.list', params: { filter: { TITLE: 'Prepare the act', RESPONSIBLE_ID: 9 } } });
  });

  it('adds a to-do on a deal, due in 24 hours by default, and finds it on a retry', async () => {
    const first = await runNode(bitrix24AddTodo, { connection: 'b24', ownerId: 410, title: 'Meet the client', description: 'Check the finished work' }, ctx());
    const retry = await runNode(bitrix24AddTodo, { connection: 'b24', ownerId: 410, title: 'Meet the client', description: 'Check the finished work' }, ctx(2));

    expect(sim.calls[0]).toEqual({
      method: 'crm.activity.todo.add',
      params: { ownerTypeId: 2, ownerId: 410, title: 'Meet the client', description: 'Check the finished work', deadline: '2026-03-03T09:00:00.000Z' },
      inBatch: false,
    });
    expect(sim.activities).toHaveLength(1);
    expect(retry.output).toEqual({ activityId: (first.output as { activityId: number }).activityId, created: false });
  });

  it('sends a personal notification tagged per run and node, so a retry replaces rather than repeats it', async () => {
    await runNode(bitrix24NotifyUser, { connection: 'b24', userId: 7, message: 'New invoice [b]#1201[/b]' }, ctx());
    await runNode(bitrix24NotifyUser, { connection: 'b24', userId: 7, message: 'New invoice [b]#1201[/b]' }, ctx(2));

    expect(sim.calls[0]).toEqual({ method: 'im.notify.personal.add', params: { USER_ID: 7, MESSAGE: 'New invoice [b]#1201[/b]', TAG: 'flowbridge:run-7:task:0' }, inBatch: false });
    expect(sim.notifications).toEqual([expect.objectContaining({ USER_ID: 7, TAG: 'flowbridge:run-7:task:0' })]);
  });

  it('refuses a recipient that is not an id before calling', async () => {
    await expect(runNode(bitrix24NotifyUser, { connection: 'b24', userId: 'Olga', message: 'x' }, ctx())).rejects.toMatchObject({ field: 'userId' });
    expect(sim.calls).toHaveLength(0);
  });

  it("finds a manager's head of department: user, department, head", async () => {
    const { output } = await runNode(bitrix24FindDepartmentHead, { connection: 'b24', userId: '5' }, ctx());

    expect(sim.calls.map((c) => `${c.method} ${JSON.stringify(c.params)}`)).toEqual(['user.get {"ID":5}', 'department.get {"ID":3}', 'user.get {"ID":7}']);
    expect(output).toMatchObject({ found: true, user: { id: 5, name: 'Pavel Smirnov' }, head: { id: 7, name: 'Olga Petrova', email: 'petrova@example.ru' }, department: { id: 3, name: 'Sales' } });
  });

  it('takes the head of the department above for the head of a department', async () => {
    const { output } = await runNode(bitrix24FindDepartmentHead, { connection: 'b24', userId: 7 }, ctx());

    expect(output).toMatchObject({ found: true, head: { id: 1 }, department: { id: 1, name: 'Company' } });
  });

  it('climbs past a department without a head', async () => {
    const { output } = await runNode(bitrix24FindDepartmentHead, { connection: 'b24', userId: 9 }, ctx());

    expect(output).toMatchObject({ found: true, head: { id: 1 }, department: { id: 1 } });
  });

  it('answers no head for the head of the whole company', async () => {
    const { output } = await runNode(bitrix24FindDepartmentHead, { connection: 'b24', userId: 1 }, ctx());

    expect(output).toMatchObject({ found: false, head: null, department: { id: 1 } });
  });

  it('reports an unknown user as a bad user id', async () => {
    const error = await runNode(bitrix24FindDepartmentHead, { connection: 'b24', userId: 404 }, ctx()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ field: 'userId' });
  });
});
