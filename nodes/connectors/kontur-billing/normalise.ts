import { INVOICE_FIELDS, read, SALE_FIELDS, type InvoiceField, type Mapping, type SaleField } from './mapping';
import { field, instant, text } from './wire';

/** A potential sale as the nodes output it, in our field names whatever the portal calls them. */
export interface PotentialSale {
  id: string;
  externalId: string | null;
  client: { name: string | null; inn: string | null; kpp: string | null };
  contact: { name: string | null; phone: string | null; email: string | null };
  orderType: string | null;
  product: string | null;
  completionDate: string | null;
  comment: string | null;
  status: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface Invoice {
  id: string;
  number: string | null;
  potentialSaleId: string | null;
  /** Our CRM deal id: from the invoice, or from its potential sale. */
  externalId: string | null;
  amount: string | null;
  currency: string | null;
  status: string | null;
  paid: boolean;
  issuedAt: string | null;
  paidAt: string | null;
  payments: { id: string | null; amount: string | null; paidAt: string | null }[];
}

const PAID = /^(paid|оплачен|оплачено)$/i;
const MAX_PAYMENTS = 50;

export const saleDefaults: Record<SaleField, string> = { ...SALE_FIELDS };
export const invoiceDefaults: Record<InvoiceField, string> = { ...INVOICE_FIELDS };

export function normaliseSale(wire: unknown, mapping: Mapping<SaleField>): PotentialSale {
  const get = (key: SaleField) => text(read(wire, mapping, key)) ?? null;
  return {
    id: get('id') ?? '',
    externalId: get('externalId'),
    client: { name: get('clientName'), inn: get('clientInn'), kpp: get('clientKpp') },
    contact: { name: get('contactName'), phone: get('contactPhone'), email: get('contactEmail') },
    orderType: get('orderType'),
    product: get('product'),
    completionDate: get('completionDate'),
    comment: get('comment'),
    status: get('status'),
    createdAt: instant(read(wire, mapping, 'createdAt')) ?? null,
    updatedAt: instant(read(wire, mapping, 'updatedAt')) ?? null,
  };
}

export function normaliseInvoice(wire: unknown, mapping: Mapping<InvoiceField>): Invoice {
  const get = (key: InvoiceField) => text(read(wire, mapping, key)) ?? null;
  const status = get('status');
  const paidAt = instant(read(wire, mapping, 'paidAt')) ?? null;
  const payments = read(wire, mapping, 'payments');
  return {
    id: get('id') ?? '',
    number: get('number'),
    potentialSaleId: get('potentialSaleId'),
    externalId: get('externalId'),
    amount: get('amount'),
    currency: get('currency'),
    status,
    paid: status ? PAID.test(status) : !!paidAt,
    issuedAt: instant(read(wire, mapping, 'issuedAt')) ?? null,
    paidAt,
    payments: (Array.isArray(payments) ? payments : []).slice(0, MAX_PAYMENTS).map((p) => ({
      id: text(field(p, 'id')) ?? null,
      amount: text(field(p, 'amount')) ?? null,
      paidAt: instant(field(p, 'paidAt')) ?? null,
    })),
  };
}
