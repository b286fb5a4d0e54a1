import { defineTrigger, triggerKeyFields } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props } from '../props';
import { sampleDeal, sampleEvent } from '../samples';
import { receiveEvent } from './event';
import { readOrIgnore, received } from './load';

export const bitrix24DealUpdated = defineTrigger({
  type: 'bitrix24.dealUpdated',
  title: 'Deal updated',
  category: 'CRM',
  connector: 'bitrix24',
  source: 'webhook',
  description:
    'Starts a run on every change of a Bitrix24 deal (outbound webhook event ONCRMDEALUPDATE, handler https://<flowbridge>/hooks/<hook path>). '
    + 'The event names only the deal; it is re-read inside the run. To react to stage moves only, use "Deal stage changed".',
  params: {
    connection: bitrix24Props.connection(),
    path: bitrix24Props.hookPath(),
    ...triggerKeyFields,
  },
  sampleOutput: { deal: sampleDeal, event: sampleEvent },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  async receive(request, params, ctx) {
    const got = await receiveEvent(request, params.connection, ctx, { events: ['ONCRMDEALUPDATE'] });
    // No dedupe key: two real updates within one second look alike, and neither may be dropped.
    return got && { output: got, businessKey: String(got.event.id) };
  },
  async load(ctx, output, params) {
    const { event } = received(output);
    const api = await connectBitrix24(ctx, params.connection);
    const read = await readOrIgnore(ctx, api.getDeal(event.id), `Deal ${event.id}`);
    if ('ignore' in read) return read;
    return { output: { deal: read.found, event }, businessKey: String(read.found.id) };
  },
});
