import { FakeClock } from '../../server/src/engine/clock';
import { Bitrix24TemplateScenario, failures, stepOf } from '../support/bitrix24-templates';

const ACT = 'Подготовить и согласовать акт выполненных работ по счёту №';

/**
 * Seed 003, the task automations built from their templates in Russian: a paid invoice moves its
 * deal and sets a task per product row; the last of those tasks completed gives the accountant the
 * act; any completed task of a deal puts a meeting on the deal for its manager.
 */
describe('scenario: Bitrix24 task templates (tasks per product, the act after the last one, meetings)', () => {
  // Monday 12:00 in Moscow.
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const scenario = new Bitrix24TemplateScenario(clock);
  const { bitrix } = scenario;
  const tasksOf = (invoiceId: number) => [...bitrix.tasks.values()].filter((t) => (t.ufCrmTask as string[]).includes(`SI_${invoiceId}`));
  const actsOf = (invoiceId: number) => tasksOf(invoiceId).filter((t) => t.title === `${ACT}${invoiceId}`);
  const complete = (taskId: number) => {
    bitrix.setTaskStatus(taskId, 5);
    return scenario.fire('b24/task-done-act', bitrix.taskEvent(taskId));
  };

  beforeAll(async () => {
    await scenario.start();
    await scenario.instantiate('bitrix24-invoice-paid-product-tasks', { dealStageId: 'EXECUTING', taskResponsibleId: 7, hookPath: 'b24/invoice-paid-tasks' });
    await scenario.instantiate('bitrix24-last-task-accountant', { accountantId: 9, hookPath: 'b24/task-done-act' });
    await scenario.instantiate('bitrix24-task-closed-meeting', { hookPath: 'b24/task-done-meeting' });
    bitrix.addDeal({ ID: '410', TITLE: 'Офис на Баумана, 5', ASSIGNED_BY_ID: '5', STAGE_ID: 'PREPARATION' });
  });
  afterAll(() => scenario.stop());

  it('on payment moves the deal on, sets one task per product row due in 3 working days, and tells the manager', async () => {
    bitrix.addInvoice({ id: 1701, opportunity: 300000, parentId2: 410, assignedById: 5, stageId: 'DT31_1:S' });
    bitrix.addProductRows(1701, 3);
    bitrix.moveInvoice(1701, 'DT31_1:P');
    const run = await scenario.fire('b24/invoice-paid-tasks', bitrix.invoiceEvent('ONCRMDYNAMICITEMUPDATE', 1701));

    expect(failures(run)).toEqual([]);
    expect(run.status).toBe('succeeded');
    expect(bitrix.deals.get(410)).toMatchObject({ STAGE_ID: 'EXECUTING' });
    expect(tasksOf(1701).map((t) => [t.title, t.responsibleId, t.ufCrmTask, t.deadline])).toEqual([1, 2, 3].map((i) => [
      `Item ${i} × 1: счёт №1701`, '7', ['D_410', 'SI_1701'], '2026-03-05T09:00:00.000Z',
    ]));
    expect(tasksOf(1701)[1].description).toBe('Счёт №1701 оплачен. Товарная позиция: Item 2, 1 pcs по 101.');
    expect(bitrix.notifications).toEqual([expect.objectContaining({ USER_ID: 5, MESSAGE: 'Счёт №1701 оплачен: сделка переведена на следующую стадию, по товарам счёта поставлено задач: 3.' })]);
  });

  it('gives the accountant the act only once the last product task is completed, and only once', async () => {
    const [first, second, third] = tasksOf(1701).map((t) => Number(t.id));

    const afterFirst = await complete(first);
    const afterSecond = await complete(second);
    expect([afterFirst.status, afterSecond.status]).toEqual(['succeeded', 'succeeded']);
    expect(stepOf(afterSecond, 'last')?.port).toBe('false');
    expect(stepOf(afterSecond, 'tasks')?.output).toMatchObject({ count: 3, open: 1 });
    expect(actsOf(1701)).toEqual([]);

    const afterLast = await complete(third);
    expect(afterLast.status).toBe('succeeded');
    expect(actsOf(1701)).toEqual([expect.objectContaining({
      responsibleId: '9', ufCrmTask: ['D_410', 'SI_1701'], deadline: '2026-03-04T09:00:00.000Z', description: 'Все задачи по счёту №1701 завершены (всего 3).',
    })]);

    // The act task is a task of the invoice too: completing it (or a task again) sets no second act.
    await complete(Number(actsOf(1701)[0].id));
    bitrix.setTaskStatus(third, 2);
    // Reopened, not completed: no run.
    await scenario.fireDiscarded('b24/task-done-act', bitrix.taskEvent(third));
    await complete(third);
    expect(actsOf(1701)).toHaveLength(1);
  });

  it('sets a single act when the last two tasks are completed at the same moment', async () => {
    bitrix.addInvoice({ id: 1702, opportunity: 50000, parentId2: 410, assignedById: 5 });
    const tasks = [bitrix.addTask({ title: 'Доставка', ufCrmTask: ['D_410', 'SI_1702'] }), bitrix.addTask({ title: 'Сборка', ufCrmTask: ['D_410', 'SI_1702'] })];
    for (const task of tasks) bitrix.setTaskStatus(Number(task.id), 5);
    const runIds = await Promise.all(tasks.map((t) => scenario.deliver('b24/task-done-act', bitrix.taskEvent(Number(t.id)))));
    const runs = await Promise.all(runIds.map((id) => scenario.finish(id)));

    expect(runs.flatMap(failures)).toEqual([]);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs.map((r) => stepOf(r, 'last')?.port).sort()).toEqual(['false', 'true']);
    expect(actsOf(1702)).toHaveLength(1);
  });

  it('ignores completed tasks that belong to no invoice', async () => {
    const task = bitrix.addTask({ title: 'Позвонить клиенту', ufCrmTask: ['D_410'] });
    const run = await complete(Number(task.id));

    expect(run.status).toBe('succeeded');
    expect(stepOf(run, 'bound')?.port).toBe('false');
    expect(stepOf(run, 'tasks')?.status).toBe('skipped');
  });

  it("puts a meeting to-do on the task's deal for the deal's manager, due the next working day", async () => {
    const task = bitrix.addTask({ title: 'Смонтировать перегородки', ufCrmTask: ['D_410'] });
    const loose = bitrix.addTask({ title: 'Заказать канцелярию', ufCrmTask: [] });
    bitrix.setTaskStatus(Number(task.id), 5);
    bitrix.setTaskStatus(Number(loose.id), 5);
    const run = await scenario.fire('b24/task-done-meeting', bitrix.taskEvent(Number(task.id)));
    const noDeal = await scenario.fire('b24/task-done-meeting', bitrix.taskEvent(Number(loose.id)));

    expect([...failures(run), ...failures(noDeal)]).toEqual([]);
    expect([run.status, noDeal.status]).toEqual(['succeeded', 'succeeded']);
    expect(bitrix.activities).toEqual([expect.objectContaining({
      OWNER_TYPE_ID: '2', OWNER_ID: '410', RESPONSIBLE_ID: '5', DEADLINE: '2026-03-03T09:00:00.000Z',
      SUBJECT: 'Встреча: согласовать с клиентом «Смонтировать перегородки»',
      DESCRIPTION: `Задача №${task.id} «Смонтировать перегородки» завершена. Проверьте выполнение, согласуйте работу с заказчиком и при необходимости добавьте комментарии для доработки.`,
    })]);
  });
});
