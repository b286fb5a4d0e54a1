import type { NodeContext } from '../../sdk';
import { readEasyCountAuth, type EasyCountAuth } from './auth';
import { easycountClient, type EasyCountClient, type EasyCountReply } from './client';

export const DOCUMENT_TYPES = { invoice: 305, invoiceReceipt: 320, receipt: 400, proforma: 300, quote: 9999 } as const;
export type DocumentType = keyof typeof DOCUMENT_TYPES;
export const PAYMENT_TYPES = { cash: 1, creditCard: 3, bankTransfer: 4 } as const;
export type PaymentType = keyof typeof PAYMENT_TYPES;
export type VatType = 'PRE' | 'INC' | 'NON';

/** Receipt-type documents record money received, so EZcount wants the payment and a matching total. */
export function isReceiptType(type: DocumentType): boolean {
  return type === 'invoiceReceipt' || type === 'receipt';
}

export interface NewDocument {
  type: DocumentType;
  customer: { name: string; email?: string; phone?: string };
  items: { description: string; quantity: number; price: number; vatType: VatType }[];
  currency: string;
  language: 'he' | 'en';
  comment?: string;
  sendByEmail: boolean;
  /** EZcount's `transaction_id`: our idempotency key or the caller's order id. */
  transactionId: string;
  payment?: { type: PaymentType; sum: number; cgpId?: string };
}

export interface EasyCountDocument {
  docId: string;
  docNumber: string;
  docUrl: string;
  total: number | null;
  currency: string;
  sentTo: string[];
  raw: CreateDocReply;
}

export interface PaymentPage {
  url: string;
  secretTransactionId: string;
  amount: number;
  currency: string;
  raw: PrepareSafeUrlReply;
}

export interface ValidatedPayment {
  cgpId: string;
  total: number;
  payments: number;
  cardLast4?: string;
  cardholder?: string;
  transactionId?: string;
  paidAt?: string;
  customerName?: string;
  customerEmail?: string;
  raw: ValidateReply;
}

/** The API of the connection a node's params point at. */
export async function connectEasyCount(ctx: Pick<NodeContext, 'http' | 'now' | 'credentials'>, connectionId: string) {
  return easycountApiFor(ctx, readEasyCountAuth(await ctx.credentials(connectionId)));
}

/** The API over credentials already read (connection tests, option sources). */
export function easycountApiFor(ctx: Pick<NodeContext, 'http' | 'now'>, auth: EasyCountAuth) {
  return easycountApi(easycountClient({ http: ctx.http, now: ctx.now, auth }));
}

export type EasyCountApi = ReturnType<typeof easycountApi>;

export function easycountApi(client: EasyCountClient) {
  return {
    async createDoc(doc: NewDocument): Promise<EasyCountDocument> {
      const reply = await client.post<CreateDocReply>('/api/createDoc', {
        type: DOCUMENT_TYPES[doc.type],
        transaction_id: doc.transactionId,
        lang: doc.language,
        currency: doc.currency,
        customer_name: doc.customer.name,
        customer_email: doc.customer.email,
        customer_phone: doc.customer.phone,
        comment: doc.comment,
        item: doc.items.map((i) => ({ details: i.description, amount: i.quantity, price: i.price, vat_type: i.vatType })),
        dont_send_email: doc.sendByEmail ? 0 : 1,
        send_copy: 0,
        ...(doc.payment && {
          payment: [{ payment_type: PAYMENT_TYPES[doc.payment.type], payment_sum: doc.payment.sum }],
          price_total: doc.payment.sum,
          auto_balance: true,
          ...(doc.payment.cgpId && { cgp_ids: [doc.payment.cgpId] }),
        }),
      });
      const total = Number(reply.calculatedData?.price_total);
      return {
        docId: reply.doc_uuid,
        docNumber: String(reply.doc_number),
        docUrl: reply.pdf_link,
        total: Number.isFinite(total) ? total : null,
        currency: reply.calculatedData?.currency ?? doc.currency,
        sentTo: reply.sent_mails ?? [],
        raw: reply,
      };
    },

    async preparePaymentPage(page: { amount: number; currency: string; installments: number; successUrl: string; description?: string }): Promise<PaymentPage> {
      const reply = await client.post<PrepareSafeUrlReply>('/api/payment/prepareSafeUrl/clearingFormForWeb', {
        sum: page.amount,
        currency: page.currency,
        // "min-max" installments the customer may choose from.
        payments: page.installments > 1 ? `1-${page.installments}` : '1',
        successUrl: page.successUrl,
        description: page.description,
      });
      return { url: reply.url, secretTransactionId: reply.secretTransactionId, amount: page.amount, currency: page.currency, raw: reply };
    },

    async validatePayment(secretTransactionId: string): Promise<ValidatedPayment> {
      const reply = await client.post<ValidateReply>(`/api/payment/validate/${encodeURIComponent(secretTransactionId)}`, {});
      return {
        cgpId: String(reply.cgp_id),
        total: Number(reply.cgp_payment_total),
        payments: Number(reply.cgp_num_of_payments ?? 1),
        cardLast4: reply.cgp_customer_cc_4_digits,
        cardholder: reply.cgp_customer_cc_name,
        transactionId: reply.cgp_ksys_transacion_id,
        paidAt: reply.cgp_payment_date,
        customerName: reply.cgp_customer_name,
        customerEmail: reply.cgp_customer_email,
        raw: reply,
      };
    },
  };
}

export interface CreateDocReply extends EasyCountReply {
  doc_uuid: string;
  doc_number: string | number;
  pdf_link: string;
  pdf_link_copy?: string;
  sent_mails?: string[];
  ua_uuid?: string;
  calculatedData?: { transaction_id?: string; date?: string; currency?: string; vat?: number; vat_price?: number; price_total?: number | string };
  warning?: string;
}

export interface PrepareSafeUrlReply extends EasyCountReply {
  url: string;
  secretTransactionId: string;
  ksys_token?: string;
}

export interface ValidateReply extends EasyCountReply {
  cgp_id: string | number;
  cgp_payment_total: number | string;
  cgp_num_of_payments?: number | string;
  cgp_customer_cc_4_digits?: string;
  cgp_customer_cc_name?: string;
  /** Sic: EZcount spells it "transacion". */
  cgp_ksys_transacion_id?: string;
  cgp_payment_date?: string;
  cgp_customer_name?: string;
  cgp_customer_email?: string;
}
