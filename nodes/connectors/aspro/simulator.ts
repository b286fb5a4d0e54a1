import { randomUUID } from 'node:crypto';
import { SimulatorServer, type SimRequest, type SimResponse, type SimRoute } from '../../sdk';
import { field, text, type Json } from './wire';

/**
 * A loopback Aspro.Cloud REST API (the Flowlu platform): `?api_key=` auth, form-encoded POSTs,
 * `{ "response": … }` envelopes, paged invoice lists with exact-match `filter[field]` (unknown
 * filters ignored, as Aspro does), invoices and CRM accounts. Error bodies follow the platform's
 * `{ error: { error_code, error_msg } }` form, which Aspro does not document publicly.
 */
export interface AsproSimulatorOptions {
  apiKey?: string;
  now?: () => Date;
  /** Items a page holds at most whatever `limit` asks (100 by the docs, 25 on some accounts). */
  pageCap?: number;
  /** The status id the simulated account uses for paid invoices. */
  paidStatusId?: number;
}

export type SimInvoice = Json & { id: number };

const FORM_FIELDS = new Set(['customer_id', 'invoice_date', 'due_date', 'total', 'sub_total', 'note', 'currency_id', 'status_id']);

export class AsproSimulator extends SimulatorServer {
  readonly invoices = new Map<number, SimInvoice>();
  readonly accounts = new Map<number, Json>();
  readonly apiKey: string;
  readonly paidStatusId: number;
  private readonly now: () => Date;
  private readonly pageCap: number;
  private nextInvoiceId = 1001;

  constructor(options: AsproSimulatorOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 'aspro-sim-key-4f1c';
    this.now = options.now ?? (() => new Date());
    this.pageCap = options.pageCap ?? 100;
    this.paidStatusId = options.paidStatusId ?? 3;
  }

  /** Forgets every invoice and account, and numbers new invoices from 1001 again. */
  reset(): void {
    this.invoices.clear();
    this.accounts.clear();
    this.nextInvoiceId = 1001;
  }

  addAccount(account: Json & { id: number }): Json {
    this.accounts.set(account.id, { type: '1', name: `Account ${account.id}`, ...account });
    return this.accounts.get(account.id)!;
  }

  /** An invoice as if made in Aspro by hand, unpaid unless the partial says otherwise. */
  addInvoice(partial: Partial<SimInvoice> = {}): SimInvoice {
    const id = partial.id ?? this.nextInvoiceId++;
    const customer = this.accounts.get(Number(partial.customer_id ?? 0));
    const invoice: SimInvoice = {
      id, uuid: randomUUID(), invoice_number: String(id), invoice_number_print: `СЧ-${id}`,
      invoice_date: this.stamp().slice(0, 10), due_date: null, status_id: 1, total: '1000.00', sub_total: '1000.00', tax_total: '0.00',
      bcy_paid_total: '0.00', paid_date: null, customer_id: partial.customer_id ?? null, customer_name: text(field(customer, 'name')) ?? null,
      currency_id: 1, currency_code: 'RUB', model: null, model_id: null, module: 'fin', exported_1c: 0, updated_date: this.stamp(),
      ...partial,
    };
    this.invoices.set(id, invoice);
    return invoice;
  }

  /** A payment covering the invoice arrives, as a payment system would record it. */
  pay(id: number, options: { paidDate?: string; status?: boolean } = {}): SimInvoice {
    const invoice = this.mustFind(id);
    invoice.bcy_paid_total = invoice.total;
    invoice.paid_date = options.paidDate ?? this.stamp();
    if (options.status !== false) invoice.status_id = this.paidStatusId;
    invoice.updated_date = this.stamp();
    return invoice;
  }

  /** Someone edits the invoice (a comment, a field) without paying it. */
  touch(id: number, changes: Json = {}): SimInvoice {
    const invoice = this.mustFind(id);
    Object.assign(invoice, changes, { updated_date: this.stamp() });
    return invoice;
  }

  protected override authenticate(req: SimRequest): SimResponse | undefined {
    if (req.query.api_key === this.apiKey) return undefined;
    return { status: 401, body: { error: { error_code: 401, error_msg: 'Invalid API key' } } };
  }

  protected override routes(): SimRoute[] {
    const base = '/api/v1/module';
    return [
      { method: 'GET', path: `${base}/fin/invoice/list`, handler: (req) => this.list(req.query) },
      { method: 'GET', path: `${base}/fin/invoice/get/:id`, handler: (req) => this.get(Number(req.params.id)) },
      { method: 'POST', path: `${base}/fin/invoice/create`, handler: (req) => this.create(req) },
      { method: 'POST', path: `${base}/fin/invoice/update/:id`, handler: (req) => this.update(Number(req.params.id), req) },
      { method: 'GET', path: `${base}/crm/account/get/:id`, handler: (req) => this.getAccount(Number(req.params.id)) },
    ];
  }

  private list(query: Record<string, string>): SimResponse {
    const filters = Object.entries(query).flatMap(([key, value]) => {
      const m = /^filter\[(\w+)\]$/.exec(key);
      return m ? [[m[1], value] as const] : [];
    });
    const all = [...this.invoices.values()].sort((a, b) => a.id - b.id);
    // Exact match on fields invoices have; a filter on an unknown field is ignored without a word.
    const matching = all.filter((invoice) => filters.every(([name, value]) => !Object.hasOwn(invoice, name) || String(invoice[name] ?? '') === value));
    const limit = Math.min(this.pageCap, Math.max(1, Number(query.limit) || 25));
    const page = Math.max(1, Number(query.page) || 1);
    const items = matching.slice((page - 1) * limit, page * limit);
    return ok({ total: all.length, total_result: matching.length, page, count: items.length, items });
  }

  private get(id: number): SimResponse {
    const invoice = this.invoices.get(id);
    return invoice ? ok(invoice) : notFound('Invoice not found');
  }

  private create(req: SimRequest): SimResponse {
    const form = formOf(req);
    const customerId = Number(form.customer_id);
    if (!form.customer_id) return invalid('customer_id: field is required', 'customer_id');
    if (!this.accounts.has(customerId)) return invalid('customer_id: customer not found', 'customer_id');
    if (form.total !== undefined && !/^\d+(\.\d+)?$/.test(form.total)) return invalid('total: must be a number', 'total');
    const extra = Object.fromEntries(Object.entries(form).filter(([k]) => FORM_FIELDS.has(k) || /^cf_\w+$/.test(k)));
    const invoice = this.addInvoice({
      ...extra,
      customer_id: customerId,
      total: form.total ?? '0.00',
      sub_total: form.sub_total ?? form.total ?? '0.00',
      status_id: form.status_id ? Number(form.status_id) : 1,
      ...(form.currency_id ? { currency_id: Number(form.currency_id) } : {}),
    });
    return ok({ id: invoice.id });
  }

  private update(id: number, req: SimRequest): SimResponse {
    const invoice = this.invoices.get(id);
    if (!invoice) return notFound('Invoice not found');
    const form = formOf(req);
    if (form.status_id !== undefined && !/^\d+$/.test(form.status_id)) return invalid('status_id: must be an integer', 'status_id');
    const changes = Object.fromEntries(Object.entries(form).filter(([k]) => FORM_FIELDS.has(k) || /^cf_\w+$/.test(k)));
    if (changes.status_id !== undefined) changes.status_id = Number(changes.status_id) as unknown as string;
    this.touch(id, changes);
    return ok({ id });
  }

  private getAccount(id: number): SimResponse {
    const account = this.accounts.get(id);
    return account ? ok(account) : notFound('Account not found');
  }

  private mustFind(id: number): SimInvoice {
    const invoice = this.invoices.get(id);
    if (!invoice) throw new Error(`No invoice ${id} in the Aspro.Cloud simulator`);
    return invoice;
  }

  /** `YYYY-MM-DD HH:MM:SS`, the way Aspro writes times. */
  private stamp(): string {
    return this.now().toISOString().slice(0, 19).replace('T', ' ');
  }
}

function formOf(req: SimRequest): Record<string, string> {
  const body = req.body;
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

function ok(response: unknown): SimResponse {
  return { status: 200, body: { response } };
}

function notFound(message: string): SimResponse {
  return { status: 404, body: { error: { error_code: 404, error_msg: message } } };
}

function invalid(message: string, fieldName: string): SimResponse {
  return { status: 400, body: { error: { error_code: 3, error_msg: message, field: fieldName } } };
}
