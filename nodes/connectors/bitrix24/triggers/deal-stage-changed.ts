import { defineTrigger, triggerKeyFields } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props } from '../props';
import { sampleDeal, sampleEvent } from '../samples';
import { claimChange } from './change';
import { receiveEvent } from './event';
import { readOrIgnore, received } from './load';

export const bitrix24DealStageChanged = defineTrigger({
  type: 'bitrix24.dealStageChanged',
  title: 'Deal stage changed',
  category: 'CRM',
  connector: 'bitrix24',
  source: 'webhook',
  description:
    'Starts a run when a Bitrix24 deal moves to another stage (or to the chosen one). Send the events ONCRMDEALUPDATE and ONCRMDEALADD to '
    + 'https://<flowbridge>/hooks/<hook path>. They name only the deal, so the deal is re-read inside the run and its stage compared with the '
    + 'last one this flow saw; other edits of the deal start no run. The first event of a deal the flow has never seen counts as a change.',
  params: {
    connection: bitrix24Props.connection(),
    path: bitrix24Props.hookPath(),
    stageId: bitrix24Props.dealStage('Only deals that reached this stage; empty: any stage change'),
    ...triggerKeyFields,
  },
  sampleOutput: { deal: sampleDeal, stage: { id: 'PREPARATION', previousId: 'NEW' }, event: sampleEvent },
  hookPath: (params) => (typeof params.path === 'string' ? params.path.replace(/^\/+|\/+$/g, '') : undefined),
  async receive(request, params, ctx) {
    const got = await receiveEvent(request, params.connection, ctx, { events: ['ONCRMDEALUPDATE', 'ONCRMDEALADD'] });
    return got && { output: got, businessKey: String(got.event.id) };
  },
  async load(ctx, output, params) {
    const { event, delivery } = received(output);
    const api = await connectBitrix24(ctx, params.connection);
    const read = await readOrIgnore(ctx, api.getDeal(event.id), `Deal ${event.id}`);
    if ('ignore' in read) return read;
    const deal = read.found;
    // Recorded whatever the stage filter says, so that a later move into the wanted stage is told apart.
    const change = await claimChange(ctx.state, `deal:${deal.id}:stage`, deal.stageId, delivery);
    if (!change.changed) return { discard: `Deal ${deal.id} is still at stage ${deal.stageId}` };
    if (params.stageId && params.stageId !== deal.stageId) return { discard: `Deal ${deal.id} moved to ${deal.stageId}, not ${params.stageId}` };
    return { output: { deal, stage: { id: deal.stageId, previousId: change.previous }, event }, businessKey: String(deal.id) };
  },
});
