export interface StripeEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  livemode: boolean;
  api_version?: string;
  data: { object: Record<string, unknown> };
}

export interface StripePayment {
  eventId: string;
  type: string;
  /** Major units (12.5 for 1250 cents), so Stripe and YooKassa payments compare alike. */
  amount: number;
  amountMinor: number;
  currency: string;
  invoiceId: string | null;
  paymentId: string;
  metadata: Record<string, string>;
  livemode: boolean;
  object: Record<string, unknown>;
}

/** Where an invoice id is looked up, in order; Checkout sessions also fall back to client_reference_id. */
export const INVOICE_METADATA_KEYS = ['invoice_id', 'invoiceId'] as const;

const PAYMENT_INTENT_EVENTS = new Set(['payment_intent.succeeded']);
// async_payment_succeeded: a delayed method (SEPA, boleto…) settled after `completed` said "unpaid".
const CHECKOUT_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

export function isStripeEvent(value: unknown): value is StripeEvent {
  const v = value as Partial<StripeEvent> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.type === 'string' && typeof v.data?.object === 'object';
}

/** The money a payment event reports, or null when the event is not a completed payment. */
export function paymentFromEvent(event: StripeEvent): StripePayment | null {
  const object = event.data.object;
  const metadata = stringRecord(object.metadata);
  let amountMinor: unknown;
  let paymentId: unknown;
  let invoiceId = INVOICE_METADATA_KEYS.map((k) => metadata[k]).find(Boolean) ?? null;

  if (PAYMENT_INTENT_EVENTS.has(event.type)) {
    amountMinor = object.amount_received ?? object.amount;
    paymentId = object.id;
  } else if (CHECKOUT_EVENTS.has(event.type)) {
    if (object.payment_status !== 'paid') return null;
    amountMinor = object.amount_total;
    paymentId = object.payment_intent ?? object.id;
    invoiceId ??= typeof object.client_reference_id === 'string' ? object.client_reference_id : null;
  } else {
    return null;
  }

  const currency = String(object.currency ?? '').toLowerCase();
  const minor = Number(amountMinor ?? 0);
  return {
    eventId: event.id,
    type: event.type,
    amount: minor / 10 ** decimals(currency),
    amountMinor: minor,
    currency: currency.toUpperCase(),
    invoiceId,
    paymentId: String(paymentId),
    metadata,
    livemode: event.livemode === true,
    object,
  };
}

function decimals(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : THREE_DECIMAL.has(currency) ? 3 : 2;
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}
