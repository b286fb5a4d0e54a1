import { SimulatorServer, type SimRequest, type SimResponse, type SimRoute } from '../../sdk';
import { checkInn } from '../sbis/requisites';
import { compareIds, field, isRecord, text, type Json } from './wire';

/**
 * A loopback Kontur.Billing partner portal speaking exactly the API ASSUMPTIONS.md describes (the
 * real one is not public): potential sales and invoices under an API root, the key in a header,
 * keyset pages ordered by change time and id, `{ error: { code, message, field } }` refusals. A
 * spec drives it by registering sales "in the portal", editing them, issuing and paying invoices.
 */
export interface KonturBillingSimulatorOptions {
  apiKey?: string;
  apiKeyHeader?: string;
  /** The API root under the simulator's origin. */
  basePath?: string;
  now?: () => Date;
}

export interface SimSale extends Json {
  id: string;
  externalId: string | null;
  client: { name: string; inn: string; kpp: string | null };
  contact: { name: string | null; phone: string | null; email: string | null };
  orderType: string | null;
  product: string | null;
  completionDate: string | null;
  comment: string | null;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export interface SimInvoice extends Json {
  id: string;
  number: string;
  potentialSaleId: string;
  externalId: string | null;
  amount: string;
  currency: string;
  status: 'issued' | 'paid' | 'cancelled';
  issuedAt: string;
  paidAt: string | null;
  payments: { id: string; amount: string; paidAt: string }[];
}

const MAX_LIMIT = 100;
const SALE_FIELDS = new Set(['externalId', 'client', 'contact', 'orderType', 'product', 'completionDate', 'comment', 'status']);

export class KonturBillingSimulator extends SimulatorServer {
  readonly apiKey: string;
  readonly apiKeyHeader: string;
  readonly basePath: string;
  readonly sales = new Map<string, SimSale>();
  readonly invoices = new Map<string, SimInvoice>();
  private readonly now: () => Date;
  private nextSale = 95;
  private nextInvoice = 7001;

  constructor(options: KonturBillingSimulatorOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 'kb-live-3f9c2a71d04e';
    this.apiKeyHeader = (options.apiKeyHeader ?? 'X-Api-Key').toLowerCase();
    this.basePath = options.basePath ?? '/partner/api/v1';
    this.now = options.now ?? (() => new Date());
  }

  /** What a connection to this simulator holds. */
  get apiUrl(): string {
    return `${this.url}${this.basePath}`;
  }

  reset(): void {
    this.requests.length = 0;
    this.sales.clear();
    this.invoices.clear();
    this.clearFaults();
    this.nextSale = 95;
    this.nextInvoice = 7001;
  }

  /** A potential sale registered in the portal by Kontur or a manager, not through the API. */
  addSale(partial: Partial<SimSale> = {}): SimSale {
    const at = this.now().toISOString();
    const sale: SimSale = {
      id: String(this.nextSale++), externalId: null,
      client: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '773601001' },
      contact: { name: 'Анна Петрова', phone: '+7 912 345-67-89', email: 'buh@romashka.ru' },
      orderType: 'Новое подключение', product: 'Контур.Экстерн', completionDate: null, comment: null, status: 'Зарегистрирована',
      createdAt: at, updatedAt: at, ...partial,
    };
    this.sales.set(sale.id, sale);
    return sale;
  }

  /** An edit in the portal's own UI: the sale's change time moves on. */
  editSale(id: string, changes: Partial<SimSale>): SimSale {
    const sale = this.mustSale(id);
    Object.assign(sale, changes, { updatedAt: this.now().toISOString() });
    return sale;
  }

  issueInvoice(saleId: string, amount = '12500.00', options: { withExternalId?: boolean } = {}): SimInvoice {
    const sale = this.mustSale(saleId);
    const invoice: SimInvoice = {
      id: String(this.nextInvoice++), number: `СЧ-${this.nextInvoice}`, potentialSaleId: sale.id,
      externalId: options.withExternalId === false ? null : sale.externalId, amount, currency: 'RUB',
      status: 'issued', issuedAt: this.now().toISOString(), paidAt: null, payments: [],
    };
    this.invoices.set(invoice.id, invoice);
    return invoice;
  }

  /** Kontur reports the payment; reporting it again moves paidAt on, as a re-sent report would. */
  pay(invoiceId: string): SimInvoice {
    const invoice = this.invoices.get(invoiceId);
    if (!invoice) throw new Error(`No invoice ${invoiceId} in the Kontur.Billing simulator`);
    const at = this.now().toISOString();
    invoice.status = 'paid';
    invoice.paidAt = at;
    invoice.payments.push({ id: `p-${invoice.payments.length + 1}-${invoice.id}`, amount: invoice.amount, paidAt: at });
    return invoice;
  }

  /** Requests to one API path (under the base path), in order. */
  calls(method: string, path: string): SimRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === `${this.basePath}${path}`);
  }

  protected override routes(): SimRoute[] {
    const b = this.basePath;
    return [
      { method: 'GET', path: `${b}/potential-sales`, handler: (req) => this.listSales(req) },
      { method: 'POST', path: `${b}/potential-sales`, handler: (req) => this.createSale(req) },
      { method: 'GET', path: `${b}/potential-sales/:id`, handler: (req) => this.one(this.sales.get(req.params.id), 'Potential sale') },
      { method: 'PATCH', path: `${b}/potential-sales/:id`, handler: (req) => this.updateSale(req) },
      { method: 'GET', path: `${b}/invoices`, handler: (req) => this.listInvoices(req) },
      { method: 'GET', path: `${b}/invoices/:id`, handler: (req) => this.one(this.invoices.get(req.params.id), 'Invoice') },
    ];
  }

  protected override authenticate(req: SimRequest): SimResponse | undefined {
    if (req.headers[this.apiKeyHeader] !== this.apiKey) return refuse(401, 'unauthorized', 'API key is missing or invalid');
    return undefined;
  }

  private listSales(req: SimRequest): SimResponse {
    const limit = this.limit(req);
    if (typeof limit !== 'number') return limit;
    const { externalId, inn, updatedSince, afterId } = req.query;
    const since = updatedSince === undefined ? undefined : Date.parse(updatedSince);
    if (since !== undefined && Number.isNaN(since)) return refuse(400, 'validation', 'updatedSince is not a date-time', 'updatedSince');
    const matching = [...this.sales.values()]
      .filter((s) => (externalId === undefined || s.externalId === externalId) && (inn === undefined || s.client.inn === inn))
      .filter((s) => since === undefined || after(Date.parse(s.updatedAt), s.id, since, afterId))
      .sort((x, y) => order(x.updatedAt, x.id, y.updatedAt, y.id));
    return { status: 200, body: { items: matching.slice(0, limit), hasMore: matching.length > limit } };
  }

  private listInvoices(req: SimRequest): SimResponse {
    const limit = this.limit(req);
    if (typeof limit !== 'number') return limit;
    const { status, paidSince, afterId } = req.query;
    const since = paidSince === undefined ? undefined : Date.parse(paidSince);
    if (since !== undefined && Number.isNaN(since)) return refuse(400, 'validation', 'paidSince is not a date-time', 'paidSince');
    const matching = [...this.invoices.values()]
      .filter((i) => status === undefined || i.status === status)
      .filter((i) => since === undefined || (i.paidAt !== null && after(Date.parse(i.paidAt), i.id, since, afterId)))
      .sort((x, y) => order(x.paidAt ?? x.issuedAt, x.id, y.paidAt ?? y.issuedAt, y.id));
    return { status: 200, body: { items: matching.slice(0, limit), hasMore: matching.length > limit } };
  }

  private createSale(req: SimRequest): SimResponse {
    if (!isRecord(req.body)) return refuse(400, 'validation', 'Body must be a JSON object');
    const problem = this.check(req.body, true);
    if (problem) return problem;
    const externalId = text(field(req.body, 'externalId')) ?? null;
    if (externalId && [...this.sales.values()].some((s) => s.externalId === externalId)) return refuse(409, 'duplicate', `Potential sale with externalId ${externalId} already exists`, 'externalId');
    const body = req.body as Partial<SimSale>;
    const sale = this.addSale({
      externalId,
      client: { name: body.client!.name, inn: body.client!.inn, kpp: body.client?.kpp ?? null },
      contact: { name: body.contact?.name ?? null, phone: body.contact?.phone ?? null, email: body.contact?.email ?? null },
      orderType: body.orderType ?? null, product: body.product ?? null, completionDate: body.completionDate ?? null, comment: body.comment ?? null,
      status: body.status ?? 'Зарегистрирована',
    });
    return { status: 201, body: sale };
  }

  private updateSale(req: SimRequest): SimResponse {
    const sale = this.sales.get(req.params.id);
    if (!sale) return refuse(404, 'not_found', `Potential sale ${req.params.id} not found`);
    if (!isRecord(req.body)) return refuse(400, 'validation', 'Body must be a JSON object');
    const problem = this.check(req.body, false);
    if (problem) return problem;
    const body = req.body as Partial<SimSale>;
    const changes: Partial<SimSale> = {};
    for (const key of Object.keys(body)) {
      if (key === 'client' || key === 'contact') changes[key] = { ...sale[key], ...body[key] } as never;
      else changes[key] = body[key] as never;
    }
    return { status: 200, body: this.editSale(sale.id, changes) };
  }

  /** The portal's own rules as assumed: known fields only, a client with a name and a valid INN. */
  private check(body: Json, creating: boolean): SimResponse | undefined {
    const unknown = Object.keys(body).find((k) => !SALE_FIELDS.has(k));
    if (unknown) return refuse(400, 'validation', `Unknown field ${unknown}`, unknown);
    const client = field(body, 'client');
    if (creating && !text(field(client, 'name'))) return refuse(422, 'validation', 'client.name is required', 'client.name');
    const inn = field(client, 'inn');
    if ((creating || inn !== undefined) && checkInn(text(inn) ?? '')) return refuse(422, 'validation', 'client.inn is not a valid INN', 'client.inn');
    const date = field(body, 'completionDate');
    if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(text(date) ?? '')) return refuse(422, 'validation', 'completionDate must be YYYY-MM-DD', 'completionDate');
    return undefined;
  }

  private limit(req: SimRequest): number | SimResponse {
    const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return refuse(400, 'validation', `limit must be from 1 to ${MAX_LIMIT}`, 'limit');
    return limit;
  }

  private one(found: Json | undefined, what: string): SimResponse {
    return found ? { status: 200, body: found } : refuse(404, 'not_found', `${what} not found`);
  }

  private mustSale(id: string): SimSale {
    const sale = this.sales.get(id);
    if (!sale) throw new Error(`No potential sale ${id} in the Kontur.Billing simulator`);
    return sale;
  }
}

/** Inclusive of `since`; at `since` itself only ids after `afterId`. */
function after(at: number, id: string, since: number, afterId: string | undefined): boolean {
  return at > since || (at === since && (!afterId || compareIds(id, afterId) > 0));
}

function order(atX: string, idX: string, atY: string, idY: string): number {
  const d = Date.parse(atX) - Date.parse(atY);
  return d !== 0 ? d : compareIds(idX, idY);
}

function refuse(status: number, code: string, message: string, fieldName?: string): SimResponse {
  return { status, body: { error: { code, message, ...(fieldName ? { field: fieldName } : {}) } } };
}
