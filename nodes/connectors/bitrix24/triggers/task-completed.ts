import { defineTrigger, triggerKeyFields } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props } from '../props';
import { sampleEvent, sampleTask } from '../samples';
import { claimChange } from './change';
import { receiveEvent } from './event';
import { readOrIgnore, received } from './load';

export const bitrix24TaskCompleted = defineTrigger({
  type: 'bitrix24.taskCompleted',
  title: 'Task completed',
  category: 'CRM',
  connector: 'bitrix24',
  source: 'webhook',
  description:
    'Starts a run when a Bitrix24 task is completed (status 5), e.g. to add a meeting for the project manager. Send ONTASKUPDATE to '
    + 'https://<flowbridge>/hooks/<hook path>. Edits of a task that was already completed start nothing; a task reopened and completed again starts a new run.',
  params: {
    connection: bitrix24Props.connection(),
    path: bitrix24Props.hookPath(),
    ...triggerKeyFields,
  },
  sampleOutput: { task: { ...sampleTask, status: 5, completed: true, closedDate: '2026-03-04T16:20:00+03:00' }, event: { ...sampleEvent, name: 'ONTASKUPDATE', id: 3711 } },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  async receive(request, params, ctx) {
    const got = await receiveEvent(request, params.connection, ctx, { events: ['ONTASKUPDATE'], idIn: 'FIELDS_AFTER' });
    return got && { output: got, businessKey: String(got.event.id) };
  },
  async load(ctx, output, params) {
    const { event, delivery } = received(output);
    const api = await connectBitrix24(ctx, params.connection);
    const read = await readOrIgnore(ctx, api.getTask(event.id), `Task ${event.id}`);
    if ('ignore' in read) return read;
    const task = read.found;
    const change = await claimChange(ctx.state, `task:${task.id}:status`, String(task.status), delivery);
    if (!change.changed) return { discard: `Task ${task.id} is still in status ${task.status}` };
    if (!task.completed) return { discard: `Task ${task.id} moved to status ${task.status}, not completed` };
    return { output: { task, event }, businessKey: String(task.id) };
  },
});
