import type { StripeClient } from './client';
import type { StripeEvent } from './events';

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
