import { InputError, runNode } from '../../../sdk';
import type { KommoSimulator } from '../simulator';
import { nodeContext, startKommo } from '../spec-support';
import { kommoCreateTask } from './create-task';

const NOW = new Date('2026-03-02T09:00:00.000Z');

describe('kommo.createTask', () => {
  let sim: KommoSimulator;
  const createTask = (params: Record<string, unknown>, attempt = 1) =>
    runNode(kommoCreateTask, { connection: 'kommo-main', leadId: 4711, text: 'Call the client about the invoice', ...params },
      nodeContext(sim, { attempt, idempotencyKey: 'run-7:task:0', now: () => NOW }));

  beforeAll(async () => (sim = await startKommo()));
  afterAll(() => sim.stop());
  beforeEach(() => {
    sim.requests.length = 0;
    sim.tasks.length = 0;
    sim.leads.clear();
    sim.addLead({ id: 4711 });
  });

  it('posts a lead task with Unix-second due time, type, owner and request_id', async () => {
    const { output } = await createTask({ dueAt: '2026-03-05T15:00:00+02:00', taskType: '2', responsibleUserId: 2079718, durationMinutes: 30 });

    expect(sim.requests[0]).toMatchObject({ method: 'POST', path: '/api/v4/tasks' });
    expect(sim.requests[0].body).toEqual([{
      task_type_id: 2,
      text: 'Call the client about the invoice',
      complete_till: Date.parse('2026-03-05T13:00:00Z') / 1000,
      entity_id: 4711,
      entity_type: 'leads',
      responsible_user_id: 2079718,
      duration: 1800,
      request_id: 'run-7:task:0',
    }]);
    expect(sim.tasks).toHaveLength(1);
    expect(output).toEqual({ taskId: sim.tasks[0].id, leadId: 4711, dueAt: '2026-03-05T13:00:00.000Z' });
  });

  it('is due 24 hours from now when no due date is given, as a follow-up', async () => {
    const { output } = await createTask({});

    expect(sim.requests[0].body).toEqual([expect.objectContaining({ task_type_id: 1, complete_till: NOW.getTime() / 1000 + 86400 })]);
    expect(output).toMatchObject({ dueAt: '2026-03-03T09:00:00.000Z' });
  });

  it('accepts a due time in Unix seconds', async () => {
    await createTask({ dueAt: '1772701200' });

    expect(sim.requests[0].body).toEqual([expect.objectContaining({ complete_till: 1772701200 })]);
  });

  it('refuses a due value that is not a date before calling Kommo', async () => {
    await expect(createTask({ dueAt: 'next tuesday-ish' })).rejects.toBeInstanceOf(InputError);
    expect(sim.requests).toHaveLength(0);
  });

  it('on a retry finds the open task an earlier attempt created', async () => {
    const first = await createTask({});
    const retry = await createTask({}, 2);

    expect(sim.tasks).toHaveLength(1);
    expect(retry.output).toMatchObject({ taskId: (first.output as { taskId: number }).taskId });
    expect(sim.requests[1]).toMatchObject({ method: 'GET', path: '/api/v4/tasks' });
    expect(sim.requests[1].query).toMatchObject({ 'filter[entity_type]': 'leads', 'filter[entity_id][0]': '4711', 'filter[is_completed]': '0' });
  });
});
