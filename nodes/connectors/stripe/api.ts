import type { NodeContext } from '../../sdk';
import { readStripeAuth, type StripeAuth } from './auth';
import { stripeClient, type StripeClient } from './client';
import type { StripeEvent } from './events';

/** The API of the connection a node names. */
export async function connectStripe(ctx: Pick<NodeContext, 'http' | 'now' | 'credentials'>, connectionId: string) {
  return stripeApiFor(ctx, readStripeAuth(await ctx.credentials(connectionId)));
}

/** The API over credentials already read (connection tests, triggers). */
export function stripeApiFor(ctx: Pick<NodeContext, 'http' | 'now'>, auth: StripeAuth) {
  return stripeApi(stripeClient({ http: ctx.http, now: ctx.now, auth }));
}

export function stripeApi(client: StripeClient) {
  return {
    async listEvents(limit = 10): Promise<StripeEvent[]> {
      const page = await client.get<{ data: StripeEvent[] }>('/v1/events', { limit });
      return page.data;
    },
    async retrieveEvent(id: string): Promise<StripeEvent> {
      return await client.get<StripeEvent>(`/v1/events/${encodeURIComponent(id)}`);
    },
  };
}
