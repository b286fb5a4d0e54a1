import { RemoteError, type TriggerContext } from '../../sdk';
import { readYooKassaAuth, type YooKassaAuth } from './auth';
import { yookassaClient, type YooKassaClient } from './client';

export type PaymentStatus = 'pending' | 'waiting_for_capture' | 'succeeded' | 'canceled';

export interface YooKassaPayment {
  id: string;
  status: PaymentStatus;
  paid: boolean;
  amount: { value: string; currency: string };
  income_amount?: { value: string; currency: string };
  description?: string;
  metadata?: Record<string, string>;
  confirmation?: { type: string; confirmation_url?: string; return_url?: string };
  created_at: string;
  captured_at?: string;
  test: boolean;
  [field: string]: unknown;
}

export interface Notification {
  type: 'notification';
  event: string;
  object: { id: string; [field: string]: unknown };
}

/** The API of the connection a node names. */
export async function connectYooKassa(ctx: Pick<TriggerContext, 'http' | 'now' | 'credentials'>, connectionId: string) {
  return yookassaApiFor(ctx, readYooKassaAuth(await ctx.credentials(connectionId)));
}

export function yookassaApiFor(ctx: Pick<TriggerContext, 'http' | 'now'>, auth: YooKassaAuth) {
  return yookassaApi(yookassaClient({ http: ctx.http, now: ctx.now, auth }));
}

export function yookassaApi(client: YooKassaClient) {
  return {
    /** The payment as YooKassa has it, or null when this shop has no such payment. */
    async getPayment(id: string): Promise<YooKassaPayment | null> {
      try {
        return await client.request<YooKassaPayment>({ method: 'GET', path: `/payments/${encodeURIComponent(id)}` });
      } catch (error) {
        if (error instanceof RemoteError && error.status === 404) return null;
        throw error;
      }
    },
    async listPayments(limit = 10): Promise<YooKassaPayment[]> {
      const page = await client.request<{ items: YooKassaPayment[] }>({ method: 'GET', path: '/payments', query: { limit } });
      return page.items;
    },
  };
}

export function isNotification(value: unknown): value is Notification {
  const v = value as Partial<Notification> | null;
  return typeof v === 'object' && v !== null && v.type === 'notification' && typeof v.event === 'string' && typeof v.object?.id === 'string';
}
