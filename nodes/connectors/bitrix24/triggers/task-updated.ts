import { defineTrigger, triggerKeyFields } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props } from '../props';
import { sampleEvent, sampleTask } from '../samples';
import { receiveEvent } from './event';
import { readOrIgnore, received } from './load';

export const bitrix24TaskUpdated = defineTrigger({
  type: 'bitrix24.taskUpdated',
  title: 'Task updated',
  category: 'CRM',
  connector: 'bitrix24',
  source: 'webhook',
  description:
    'Starts a run on every change of a Bitrix24 task (outbound webhook event ONTASKUPDATE, handler https://<flowbridge>/hooks/<hook path>). '
    + 'The task is re-read inside the run with its status, responsible and CRM links.',
  params: {
    connection: bitrix24Props.connection(),
    path: bitrix24Props.hookPath(),
    ...triggerKeyFields,
  },
  sampleOutput: { task: sampleTask, event: { ...sampleEvent, name: 'ONTASKUPDATE', id: 3711 } },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  async receive(request, params, ctx) {
    const got = await receiveEvent(request, params.connection, ctx, { events: ['ONTASKUPDATE'], idIn: 'FIELDS_AFTER' });
    return got && { output: got, businessKey: String(got.event.id) };
  },
  async load(ctx, output, params) {
    const { event } = received(output);
    const api = await connectBitrix24(ctx, params.connection);
    const read = await readOrIgnore(ctx, api.getTask(event.id), `Task ${event.id}`);
    if ('ignore' in read) return read;
    return { output: { task: read.found, event }, businessKey: String(read.found.id) };
  },
});
