import { RemoteError, missingIn, type HttpClient } from '../../sdk';
import { readAsproAuth, type AsproAuth } from './auth';
import { asproClient, type AsproClient } from './client';
import { isPaid, normaliseCustomer, normaliseInvoice, type AsproCustomer, type AsproInvoice, type ReadOptions } from './normalise';
import { field, isRecord, positiveInt, type Json } from './wire';

export interface NewInvoice {
  customerId: number;
  total: string;
  invoiceDate: string;
  dueDate?: string;
  description?: string;
  currencyId?: number;
  statusId?: number;
  customFields: Record<string, string>;
}

export interface InvoicePage {
  items: Json[];
  /** What Aspro says matched, when it says so (`total_result`, else `total`). */
  total: number | undefined;
}

export interface InvoiceList {
  items: Json[];
  total: number | undefined;
  /** More invoices exist than the pages read. */
  truncated: boolean;
}

/** Aspro caps a page (100 by its docs, 25 on some accounts): never assume the limit was honoured. */
export const PAGE_SIZE = 100;

/** Invoice fields → the createInvoice params they come from. */
const INVOICE_FIELDS: Record<string, string> = {
  customer_id: 'customerId',
  total: 'total',
  sub_total: 'total',
  invoice_date: 'invoiceDate',
  due_date: 'dueDate',
  note: 'description',
  currency_id: 'currencyId',
  status_id: 'statusId',
};

export function asproApi(client: AsproClient) {
  const api = {
    baseUrl: client.baseUrl,

    async getInvoiceWire(id: number): Promise<Json> {
      const invoice = await client.get('fin/invoice/get/' + id, {}, { field: 'invoiceId' });
      if (!isRecord(invoice) || !positiveInt(field(invoice, 'id'))) throw new RemoteError(`Aspro.Cloud invoice ${id} does not exist`, { status: 404, retryable: false });
      return invoice;
    },

    async getInvoice(id: number, options: ReadOptions = {}): Promise<AsproInvoice> {
      return normaliseInvoice(await api.getInvoiceWire(id), options);
    },

    async createInvoice(invoice: NewInvoice): Promise<number> {
      const form: Record<string, string | number | undefined> = {
        customer_id: invoice.customerId,
        invoice_date: invoice.invoiceDate,
        due_date: invoice.dueDate,
        sub_total: invoice.total,
        total: invoice.total,
        note: invoice.description,
        currency_id: invoice.currencyId,
        status_id: invoice.statusId,
        ...invoice.customFields,
      };
      const created = await client.post('fin/invoice/create', form, { fields: { ...INVOICE_FIELDS, ...customFieldParams(invoice.customFields) } });
      const id = positiveInt(field(created, 'id'));
      if (!id) throw new RemoteError('Aspro.Cloud created an invoice but did not say its id', { retryable: false, details: created });
      return id;
    },

    async updateInvoice(id: number, changes: Record<string, string | number | undefined>, fields: Record<string, string>): Promise<void> {
      await client.post(`fin/invoice/update/${id}`, changes, { fields, field: 'invoiceId' });
    },

    async invoicePage(page: number, filter: Record<string, string | number | undefined> = {}): Promise<InvoicePage> {
      const query: Record<string, string | number | undefined> = { page, limit: PAGE_SIZE };
      for (const [name, value] of Object.entries(filter)) if (value !== undefined) query[`filter[${name}]`] = value;
      const answer = await client.get('fin/invoice/list', query);
      const items = field(answer, 'items');
      // `total` counts every invoice, filters or not; only `total_result` speaks for a filtered list.
      const total = count(field(answer, 'total_result')) ?? (Object.values(filter).some((v) => v !== undefined) ? undefined : count(field(answer, 'total')));
      return { items: Array.isArray(items) ? items.filter(isRecord) : [], total };
    },

    /** Pages from the first until Aspro runs out or `maxPages` are read. */
    async listInvoices(filter: Record<string, string | number | undefined>, maxPages: number): Promise<InvoiceList> {
      const items: Json[] = [];
      let total: number | undefined;
      for (let page = 1; page <= maxPages; page++) {
        const answer = await api.invoicePage(page, filter);
        total = answer.total ?? total;
        items.push(...answer.items);
        if (!answer.items.length || (total !== undefined && items.length >= total)) return { items, total, truncated: false };
      }
      return { items, total, truncated: true };
    },

    async getCustomer(id: number, options: ReadOptions = {}): Promise<AsproCustomer> {
      const customer = await client.get(`crm/account/get/${id}`, {}, { field: 'customerId' });
      if (!isRecord(customer) || !positiveInt(field(customer, 'id'))) throw new RemoteError(`Aspro.Cloud customer ${id} does not exist`, { status: 404, retryable: false });
      return normaliseCustomer(customer, options);
    },

    isPaid,
  };
  return api;
}

export type AsproApi = ReturnType<typeof asproApi>;

interface ConnectContext {
  http: HttpClient;
  now(): Date;
  credentials<T>(connectionId: string): Promise<T>;
}

export async function connectAspro(ctx: ConnectContext, connectionId: string): Promise<AsproApi> {
  return asproApiFor(ctx, readAsproAuth(await ctx.credentials<Record<string, unknown>>(connectionId)));
}

export function asproApiFor(ctx: Pick<ConnectContext, 'http' | 'now'>, auth: AsproAuth): AsproApi {
  return asproApi(asproClient(ctx.http, auth, () => ctx.now()));
}

/** A remote "no such …" as bad input naming the param that carried the id. */
export const orMissing = missingIn('Aspro.Cloud');

function count(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function customFieldParams(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(fields).map((key) => [key, 'customFields']));
}
