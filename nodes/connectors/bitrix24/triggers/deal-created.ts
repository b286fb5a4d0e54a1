import { defineTrigger, triggerKeyFields } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props } from '../props';
import { sampleDeal, sampleEvent } from '../samples';
import { receiveEvent } from './event';
import { readOrIgnore, received } from './load';

export const bitrix24DealCreated = defineTrigger({
  type: 'bitrix24.dealCreated',
  title: 'Deal created',
  category: 'CRM',
  connector: 'bitrix24',
  source: 'webhook',
  description:
    'Starts a run when a deal is created in Bitrix24. In Bitrix24 add an outbound webhook (Developer resources → Other → Outbound webhook) '
    + 'for the event ONCRMDEALADD with the handler https://<flowbridge>/hooks/<hook path>, and copy its application token into the connection.',
  params: {
    connection: bitrix24Props.connection(),
    path: bitrix24Props.hookPath(),
    ...triggerKeyFields,
  },
  sampleOutput: { deal: sampleDeal, event: { ...sampleEvent, name: 'ONCRMDEALADD' } },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  async receive(request, params, ctx) {
    const got = await receiveEvent(request, params.connection, ctx, { events: ['ONCRMDEALADD'] });
    if (!got) return null;
    // A deal is created once: a second delivery of its creation is a repeat.
    return { output: got, dedupeKey: `bitrix24:${got.event.domain ?? ''}:deal:${got.event.id}:created`, businessKey: String(got.event.id) };
  },
  async load(ctx, output, params) {
    const { event } = received(output);
    const api = await connectBitrix24(ctx, params.connection);
    const read = await readOrIgnore(ctx, api.getDeal(event.id), `Deal ${event.id}`);
    if ('ignore' in read) return read;
    return { output: { deal: read.found, event }, businessKey: String(read.found.id) };
  },
});
