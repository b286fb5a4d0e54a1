import { InputError, RemoteError, missingIn, type HttpClient } from '../../sdk';
import { readKonturBillingAuth, type KonturBillingAuth } from './auth';
import { konturBillingClient, type KonturBillingClient } from './client';
import { paramOf, read, type InvoiceField, type Mapping, type SaleField } from './mapping';
import { normaliseInvoice, normaliseSale, type Invoice, type PotentialSale } from './normalise';
import { field, isRecord, text, type Json } from './wire';

/** The assumed API (ASSUMPTIONS.md): collections under the base URL, keyset pages of `{ items, hasMore }`. */
export const SALES = '/potential-sales';
export const INVOICES = '/invoices';
export const PAGE_SIZE = 100;
const MAX_ID_LENGTH = 100;

export interface Page<T> {
  items: T[];
  hasMore: boolean;
}

export interface ChangeCursor {
  since: string;
  afterId?: string;
}

export function konturBillingApi(client: KonturBillingClient) {
  const itemsOf = (body: unknown): Json[] => {
    const items = isRecord(body) ? field(body, 'items') : body;
    return (Array.isArray(items) ? items : []).filter(isRecord).slice(0, PAGE_SIZE);
  };
  const hasMore = (body: unknown, count: number) => field(body, 'hasMore') === true || (field(body, 'hasMore') === undefined && count >= PAGE_SIZE);
  const saleParams = (mapping: Mapping<SaleField>) => ({ fields: (portal: string) => paramOf(mapping, portal) });

  const api = {
    baseUrl: client.baseUrl,

    /**
     * Sales whose external id (or INN) is the one asked for. The portal's filter is assumed, so the
     * answer is checked again here: a portal that ignored the filter must not make us "find" a stranger.
     */
    async findSales(by: { externalId?: string; inn?: string }, mapping: Mapping<SaleField>): Promise<PotentialSale[]> {
      const { body } = await client.call({ method: 'GET', path: SALES, query: { ...by, limit: PAGE_SIZE } }, { field: by.externalId ? 'externalId' : 'inn' });
      return itemsOf(body)
        .filter((wire) => (by.externalId === undefined || text(read(wire, mapping, 'externalId')) === by.externalId) && (by.inn === undefined || text(read(wire, mapping, 'clientInn')) === by.inn))
        .map((wire) => normaliseSale(wire, mapping));
    },

    /** Creates a sale; undefined when the portal says one with this external id exists (409). */
    async createSale(body: Json, mapping: Mapping<SaleField>): Promise<PotentialSale | undefined> {
      const response = await client.call({ method: 'POST', path: SALES, body }, { ...saleParams(mapping), accept: [409] });
      if (response.status === 409) return undefined;
      return checked(normaliseSale(response.body, mapping), 'POST');
    },

    async updateSale(id: string, body: Json, mapping: Mapping<SaleField>): Promise<PotentialSale> {
      const { body: answer } = await client.call({ method: 'PATCH', path: `${SALES}/${segment(id, 'saleId')}`, body }, { ...saleParams(mapping), field: 'saleId' });
      return checked(normaliseSale(answer, mapping), 'PATCH');
    },

    async getSale(id: string, mapping: Mapping<SaleField>): Promise<PotentialSale> {
      const { body } = await client.call({ method: 'GET', path: `${SALES}/${segment(id, 'saleId')}` }, { field: 'saleId' });
      return checked(normaliseSale(body, mapping), 'GET');
    },

    /** Sales changed at or after `since`, ordered by (updatedAt, id), one page. */
    async salesChanged(from: ChangeCursor, mapping: Mapping<SaleField>): Promise<Page<PotentialSale>> {
      const { body } = await client.call({ method: 'GET', path: SALES, query: { updatedSince: from.since, afterId: from.afterId, limit: PAGE_SIZE } });
      const items = itemsOf(body);
      return { items: items.map((wire) => normaliseSale(wire, mapping)), hasMore: hasMore(body, items.length) };
    },

    async getInvoice(id: string, mapping: Mapping<InvoiceField>): Promise<Invoice> {
      const { body } = await client.call({ method: 'GET', path: `${INVOICES}/${segment(id, 'invoiceId')}` }, { field: 'invoiceId' });
      const invoice = normaliseInvoice(body, mapping);
      if (!invoice.id) throw new RemoteError('Kontur.Billing answered an invoice without an id; check the field mapping of id', { retryable: false });
      return invoice;
    },

    /** Invoices paid at or after `since`, ordered by (paidAt, id), one page. */
    async invoicesPaid(from: ChangeCursor, mapping: Mapping<InvoiceField>): Promise<Page<Invoice>> {
      const { body } = await client.call({ method: 'GET', path: INVOICES, query: { status: 'paid', paidSince: from.since, afterId: from.afterId, limit: PAGE_SIZE } });
      const items = itemsOf(body);
      return { items: items.map((wire) => normaliseInvoice(wire, mapping)), hasMore: hasMore(body, items.length) };
    },
  };
  return api;
}

function checked(sale: PotentialSale, method: string): PotentialSale {
  if (!sale.id) throw new RemoteError(`Kontur.Billing answered ${method} with a potential sale without an id; check the field mapping of id`, { retryable: false });
  return sale;
}

/** An id as one path segment: ids come from flows, so they are bounded and encoded. */
function segment(id: string, param: string): string {
  const value = id.trim();
  if (!value || value.length > MAX_ID_LENGTH || /[\u0000-\u001f\u007f]/.test(value)) throw new InputError(`'${value.slice(0, 40)}' is not a portal id`, { field: param });
  return encodeURIComponent(value);
}

export type KonturBillingApi = ReturnType<typeof konturBillingApi>;

interface ConnectContext {
  http: HttpClient;
  now(): Date;
  credentials<T>(connectionId: string): Promise<T>;
}

export async function connectKonturBilling(ctx: ConnectContext, connectionId: string): Promise<KonturBillingApi> {
  return konturBillingApiFor(ctx, readKonturBillingAuth(await ctx.credentials<Record<string, unknown>>(connectionId)));
}

export function konturBillingApiFor(ctx: Pick<ConnectContext, 'http' | 'now'>, auth: KonturBillingAuth): KonturBillingApi {
  return konturBillingApi(konturBillingClient(ctx.http, auth, () => ctx.now()));
}


/** A remote "no such …" as bad input naming the param that carried the id. */
export const orMissing = missingIn('Kontur.Billing', 'or this key cannot see it');
