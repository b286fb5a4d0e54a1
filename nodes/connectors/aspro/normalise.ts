import Decimal from 'decimal.js';
import { dateText, dayOf, field, isRecord, positiveInt, text, timeKey, type Json } from './wire';

/** An Aspro.Cloud invoice as the nodes output it. Money stays decimal text, never a float. */
export interface AsproInvoice {
  id: number;
  uuid: string | null;
  number: string | null;
  date: string | null;
  dueDate: string | null;
  statusId: number | null;
  total: string | null;
  paidTotal: string | null;
  /** When it was paid, as Aspro writes it; null while unpaid. */
  paidAt: string | null;
  paid: boolean;
  customerId: number | null;
  customerName: string | null;
  currency: string | null;
  updatedAt: string | null;
  /** Read from the custom field named in the node ("subscription end date" field), as YYYY-MM-DD. */
  subscriptionEndsAt: string | null;
  /** Custom fields (`cf_…`) as Aspro sends them. */
  customFields: Record<string, unknown>;
}

export interface AsproCustomer {
  id: number;
  name: string | null;
  type: string | null;
  email: string | null;
  phone: string | null;
  inn: string | null;
  subscriptionEndsAt: string | null;
  customFields: Record<string, unknown>;
}

export interface ReadOptions {
  subscriptionEndField?: string;
}

const MAX_CUSTOM_FIELDS = 100;

function money(value: unknown): string | null {
  const raw = text(value)?.replace(',', '.');
  if (!raw) return null;
  try {
    return new Decimal(raw).toFixed(2);
  } catch {
    return null;
  }
}

/**
 * Paid, by the platform's own rule: a payment date and payments covering the total. Aspro's paid
 * status id is per account and undocumented, so a node may name it instead (`paidStatusId`).
 */
export function isPaid(wire: unknown, paidStatusId?: number): boolean {
  if (paidStatusId !== undefined) return positiveInt(field(wire, 'status_id')) === paidStatusId;
  if (!dateText(field(wire, 'paid_date'))) return false;
  const total = money(field(wire, 'total'));
  const paid = money(field(wire, 'bcy_paid_total'));
  if (total === null || paid === null) return paid !== null || total === null;
  return new Decimal(paid).gte(total);
}

export function normaliseInvoice(wire: unknown, options: ReadOptions & { paidStatusId?: number } = {}): AsproInvoice {
  const record = isRecord(wire) ? wire : {};
  return {
    id: positiveInt(field(record, 'id')) ?? 0,
    uuid: text(field(record, 'uuid')) ?? null,
    number: text(field(record, 'invoice_number_print')) ?? text(field(record, 'invoice_number')) ?? null,
    date: dayOf(field(record, 'invoice_date')) ?? null,
    dueDate: dayOf(field(record, 'due_date')) ?? null,
    statusId: positiveInt(field(record, 'status_id')) ?? null,
    total: money(field(record, 'total')),
    paidTotal: money(field(record, 'bcy_paid_total')),
    paidAt: dateText(field(record, 'paid_date')) ?? null,
    paid: isPaid(record, options.paidStatusId),
    customerId: positiveInt(field(record, 'customer_id')) ?? null,
    customerName: text(field(record, 'customer_name')) ?? null,
    currency: text(field(record, 'currency_code')) ?? null,
    updatedAt: timeKey(field(record, 'updated_date')) ?? null,
    subscriptionEndsAt: subscriptionEnd(record, options.subscriptionEndField),
    customFields: customFields(record),
  };
}

export function normaliseCustomer(wire: unknown, options: ReadOptions = {}): AsproCustomer {
  const record = isRecord(wire) ? wire : {};
  return {
    id: positiveInt(field(record, 'id')) ?? 0,
    name: text(field(record, 'name')) ?? null,
    type: text(field(record, 'type')) ?? null,
    email: text(field(record, 'email')) ?? null,
    phone: text(field(record, 'phone')) ?? null,
    inn: text(field(record, 'inn')) ?? null,
    subscriptionEndsAt: subscriptionEnd(record, options.subscriptionEndField),
    customFields: customFields(record),
  };
}

function subscriptionEnd(record: Json, name: string | undefined): string | null {
  return name ? dayOf(field(record, name)) ?? null : null;
}

function customFields(record: Json): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).filter((k) => /^cf_\w+$/.test(k)).slice(0, MAX_CUSTOM_FIELDS)) out[key] = record[key];
  return out;
}
