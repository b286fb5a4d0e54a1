import { createHttpClient, SimulatorServer, type SimRequest, type SimResponse, type SimRoute } from '../../sdk';
import departmentsFixture from './fixtures/departments.json';
import dealFixture from './fixtures/deal.json';
import statusesFixture from './fixtures/statuses.json';
import usersFixture from './fixtures/users.json';
import { asList, asPositiveInt, asRecord, decodeForm, field, isRecord } from './form';
import { SimDocuments } from './simulator-documents';
import { matchesFilter, outboundEventBody, pageOf } from './simulator-wire';
import type { ContactWire, CrmItemWire, DealWire, DepartmentWire, ListElementWire, ProductRowWire, StatusWire, TaskWire, UserWire } from './types';

export interface Bitrix24SimulatorOptions {
  userId?: number;
  secret?: string;
  applicationToken?: string;
  domain?: string;
  now?: () => Date;
  /** Bitrix24 allows about 2 requests a second per portal; off unless asked for. */
  rateLimit?: RateLimit;
}

export interface RateLimit {
  perSecond: number;
  /** Requests let through at once before the limit bites; real portals allow 50. Default: `perSecond`. */
  burst?: number;
}

export interface SimCall {
  method: string;
  params: Record<string, unknown>;
  inBatch: boolean;
}

type Params = Record<string, unknown>;
type Answer = { status: number; body: Record<string, unknown> };

const DEAL_FIELDS = ['ID', 'TITLE', 'TYPE_ID', 'STAGE_ID', 'CATEGORY_ID', 'STAGE_SEMANTIC_ID', 'OPPORTUNITY', 'CURRENCY_ID', 'COMPANY_ID', 'CONTACT_ID', 'ASSIGNED_BY_ID', 'DATE_CREATE', 'DATE_MODIFY', 'CLOSED', 'COMMENTS', 'ORIGINATOR_ID', 'ORIGIN_ID'];
const READ_ONLY_DEAL_FIELDS = new Set(['ID', 'STAGE_SEMANTIC_ID', 'DATE_CREATE', 'DATE_MODIFY']);
const ITEM_FIELD = /^(title|xmlId|stageId|categoryId|opportunity|currencyId|companyId|contactId|contactIds|assignedById|begindate|closedate|comments|mycompanyId|observers|parentId\d+|ufCrm\w+)$/;
const SEMANTIC_LETTER: Record<string, string> = { process: 'P', success: 'S', failure: 'F' };

/**
 * A loopback Bitrix24 portal behind an inbound webhook (`/rest/<user>/<code>/<method>.json`): deals,
 * smart invoices and their product rows, tasks, to-dos, notifications, users and departments, lists,
 * stages and `batch`, with Bitrix24's envelopes and errors, an optional 2-per-second limit answering
 * 503 QUERY_LIMIT_EXCEEDED, and outbound event webhooks it can post. Every REST call is recorded in `calls`.
 */
export class Bitrix24Simulator extends SimulatorServer {
  readonly deals = new Map<number, DealWire>();
  /** Files written into deal fields, as a person would download them from the deal. */
  readonly files: { dealId: number; field: string; name: string; content: Buffer }[] = [];
  readonly contacts = new Map<number, ContactWire>();
  readonly invoices = new Map<number, CrmItemWire>();
  readonly productRows = new Map<number, ProductRowWire[]>();
  readonly tasks = new Map<number, TaskWire>();
  readonly activities: Params[] = [];
  readonly notifications: { id: number; USER_ID: number; MESSAGE: string; MESSAGE_OUT?: string; TAG?: string }[] = [];
  readonly users = new Map<number, UserWire>();
  readonly departments = new Map<number, DepartmentWire>();
  readonly lists = new Map<number, { name: string; elements: ListElementWire[] }>();
  readonly statuses: StatusWire[] = structuredClone(statusesFixture.statuses);
  readonly calls: SimCall[] = [];
  /** Printed forms (invoices as PDF) made by crm.documentgenerator.document.add. */
  readonly documents: SimDocuments = new SimDocuments(() => this.url, () => this.now(), (type, id) => (type === 2 ? this.deals : type === 31 ? this.invoices : this.contacts).has(id));
  readonly userId: number;
  readonly secret: string;
  readonly applicationToken: string;
  readonly domain: string;
  rateLimit: RateLimit | null;
  /** Whether crm.item answers carry `stageSemanticId` (the research could not confirm they always do). */
  itemsCarrySemantics = true;
  private readonly now: () => Date;
  private bucket = { level: 0, at: 0 };
  private nextId = { contact: 40, deal: 500, invoice: 1300, task: 3800, activity: 900, notification: 12000, row: 17700, element: 800 };
  private readonly methods: Record<string, (p: Params) => Answer> = {
    profile: () => ok({ ID: String(this.userId), ADMIN: true, NAME: 'Irina', LAST_NAME: 'Volkova' }),
    'crm.deal.get': (p) => this.dealGet(p),
    'crm.deal.update': (p) => this.dealUpdate(p),
    'crm.deal.add': (p) => this.dealAdd(p),
    'crm.deal.list': (p) => list([...this.deals.values()].filter((d) => matchesFilter(d, p.filter)), p),
    'crm.deal.fields': () => ok(this.dealFields()),
    'crm.contact.get': (p) => {
      const contact = this.contacts.get(asPositiveInt(p.id ?? p.ID) ?? 0);
      return contact ? ok(contact) : fail(400, '', 'Not found');
    },
    'crm.item.get': (p) => this.withInvoice(p, (item) => ok({ item: this.shown(item) })),
    'crm.item.add': (p) => this.itemAdd(p),
    'crm.item.update': (p) => this.withInvoice(p, (item) => ok({ item: this.shown(this.writeItem(item, asRecord(p.fields))) })),
    'crm.item.list': (p) => this.itemList(p),
    'crm.item.productrow.list': (p) => this.productRowList(p),
    'tasks.task.add': (p) => this.taskAdd(p),
    'tasks.task.get': (p) => this.withTask(p, (task) => ok({ task })),
    'tasks.task.update': (p) => this.withTask(p, (task) => ok({ task: Object.assign(task, camelTask(asRecord(p.fields))) })),
    'tasks.task.list': (p) => this.taskList(p),
    'crm.activity.todo.add': (p) => this.todoAdd(p),
    'crm.activity.list': (p) => list(this.activities.filter((a) => matchesFilter(a, p.filter)), p),
    'im.notify.personal.add': (p) => this.notify(p),
    'im.notify': (p) => this.notify({ USER_ID: p.to, MESSAGE: p.message, TAG: p.tag }),
    'user.get': (p) => this.userGet(p),
    'department.get': (p) => list([...this.departments.values()].filter((d) => p.ID === undefined || String(d.ID) === String(p.ID)), p),
    'lists.get': () => ok([...this.lists].map(([id, l]) => ({ ID: String(id), IBLOCK_TYPE_ID: 'lists', NAME: l.name }))),
    'lists.element.get': (p) => this.listElements(p),
    'crm.category.list': (p) => ok({ categories: field(statusesFixture.categories, String(p.entityTypeId)) ?? [] }),
    'crm.status.list': (p) => ok(this.statuses.filter((s) => matchesFilter(s as unknown as Params, p.filter))),
    ...this.documents.methods(),
  };

  constructor(options: Bitrix24SimulatorOptions = {}) {
    super();
    this.userId = options.userId ?? 1;
    this.secret = options.secret ?? 'sim4webhook7code';
    this.applicationToken = options.applicationToken ?? 'sim-application-token-51856fef';
    this.domain = options.domain ?? 'example.bitrix24.ru';
    this.now = options.now ?? (() => new Date());
    this.rateLimit = options.rateLimit ?? null;
    for (const user of usersFixture) this.users.set(Number(user.ID), structuredClone(user));
    for (const department of departmentsFixture) this.departments.set(Number(department.ID), structuredClone(department));
  }

  /** The inbound webhook URL an admin would paste into the connection. */
  get webhookUrl(): string {
    return `${this.url}/rest/${this.userId}/${this.secret}/`;
  }

  addDeal(partial: Partial<DealWire> = {}): DealWire {
    const id = asPositiveInt(partial.ID) ?? this.nextId.deal++;
    const stamp = this.now().toISOString();
    const deal: DealWire = { ...structuredClone(dealFixture), DATE_CREATE: stamp, DATE_MODIFY: stamp, ...partial, ID: String(id) };
    this.deals.set(id, this.withDealSemantics(deal));
    return deal;
  }

  /** A client's card; `email` becomes the EMAIL multi-field Bitrix24 answers. */
  addContact(partial: Partial<ContactWire> & { email?: string } = {}): ContactWire {
    const { email, ...rest } = partial;
    const id = asPositiveInt(rest.ID) ?? this.nextId.contact++;
    const contact: ContactWire = {
      NAME: 'Maria', LAST_NAME: 'Orlova', COMPANY_ID: '12', ASSIGNED_BY_ID: String(this.userId), HAS_EMAIL: email ? 'Y' : 'N',
      EMAIL: email ? [{ ID: String(id * 10), VALUE_TYPE: 'WORK', VALUE: email, TYPE_ID: 'EMAIL' }] : [], PHONE: [], ...rest, ID: String(id),
    };
    this.contacts.set(id, contact);
    return contact;
  }

  /** A manager drags the deal to another stage. */
  moveDeal(id: number, stageId: string): void {
    const deal = this.deals.get(id);
    if (!deal) throw new Error(`No deal ${id} in the Bitrix24 simulator`);
    this.withDealSemantics(Object.assign(deal, { STAGE_ID: stageId, DATE_MODIFY: this.now().toISOString() }));
  }

  addInvoice(partial: Partial<CrmItemWire> = {}): CrmItemWire {
    const id = partial.id ?? this.nextId.invoice++;
    const stamp = this.now().toISOString();
    const item: CrmItemWire = {
      id, xmlId: null, title: `Invoice #${id}`, stageId: 'DT31_1:N', categoryId: 1, opportunity: 0, currencyId: 'RUB', companyId: 0, contactId: 0,
      parentId2: null, assignedById: this.userId, begindate: stamp, closedate: stamp, createdTime: stamp, updatedTime: stamp, ...partial,
    };
    this.invoices.set(id, this.writeItem(item, {}));
    return item;
  }

  moveInvoice(id: number, stageId: string): void {
    const item = this.invoices.get(id);
    if (!item) throw new Error(`No invoice ${id} in the Bitrix24 simulator`);
    this.writeItem(item, { stageId });
  }

  addProductRows(invoiceId: number, count: number): ProductRowWire[] {
    const rows = Array.from({ length: count }, (_, i): ProductRowWire => ({
      id: this.nextId.row++, ownerId: invoiceId, ownerType: 'SI', productId: 9600 + i, productName: `Item ${i + 1}`,
      price: 100 + i, quantity: 1, measureName: 'pcs', sort: 10 * (i + 1),
    }));
    this.productRows.set(invoiceId, [...(this.productRows.get(invoiceId) ?? []), ...rows]);
    return rows;
  }

  addTask(partial: Partial<TaskWire> = {}): TaskWire {
    const id = asPositiveInt(partial.id) ?? this.nextId.task++;
    const task: TaskWire = { title: `Task ${id}`, status: '2', responsibleId: String(this.userId), createdBy: String(this.userId), ufCrmTask: [], closedDate: null, ...partial, id: String(id) };
    this.tasks.set(id, task);
    return task;
  }

  setTaskStatus(id: number, status: number): void {
    const task = this.tasks.get(id);
    if (!task) throw new Error(`No task ${id} in the Bitrix24 simulator`);
    Object.assign(task, { status: String(status), closedDate: status === 5 ? this.now().toISOString() : null });
  }

  addList(id: number, name: string, count: number): ListElementWire[] {
    const elements = Array.from({ length: count }, (_, i): ListElementWire => ({
      ID: String(this.nextId.element++), IBLOCK_ID: String(id), NAME: `Element ${i + 1}`, PROPERTY_118: { [String(3400 + i)]: String(1000 * (i + 1)) },
    }));
    this.lists.set(id, { name, elements });
    return elements;
  }

  /** The form body Bitrix24 posts for an event; `token` forges another application token. */
  eventBody(event: string, data: Record<string, unknown>, options: { token?: string } = {}): string {
    return outboundEventBody(event, data, { domain: this.domain, memberId: 'a223c6b3710f85df22e9377d6c4f7553', applicationToken: options.token ?? this.applicationToken },
      Math.floor(this.now().getTime() / 1000));
  }

  dealEvent(event: 'ONCRMDEALADD' | 'ONCRMDEALUPDATE', id: number, options: { token?: string } = {}): string {
    return this.eventBody(event, { FIELDS: { ID: id } }, options);
  }

  invoiceEvent(event: 'ONCRMDYNAMICITEMADD' | 'ONCRMDYNAMICITEMUPDATE', id: number, options: { token?: string; entityTypeId?: number } = {}): string {
    return this.eventBody(event, { FIELDS: { ID: id, ENTITY_TYPE_ID: options.entityTypeId ?? 31 } }, options);
  }

  taskEvent(id: number, options: { token?: string } = {}): string {
    return this.eventBody('ONTASKUPDATE', { FIELDS_BEFORE: { ID: id }, FIELDS_AFTER: { ID: id }, IS_ACCESSIBLE_BEFORE: 'undefined', IS_ACCESSIBLE_AFTER: 'undefined' }, options);
  }

  /** Posts an event to a handler URL as Bitrix24's outbound webhook does. */
  async sendEvent(handlerUrl: string, body: string): Promise<{ status: number; body: unknown }> {
    const response = await createHttpClient().request({ method: 'POST', url: handlerUrl, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    return { status: response.status, body: response.body };
  }

  protected override parseBody(raw: string, contentType: string): unknown {
    if (raw && contentType.includes('x-www-form-urlencoded')) return decodeForm(new URLSearchParams(raw));
    return super.parseBody(raw, contentType);
  }

  protected override authenticate(req: SimRequest): SimResponse | undefined {
    if (req.params.userId === String(this.userId) && req.params.secret === this.secret) return undefined;
    return { status: 401, body: { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' } };
  }

  protected override routes(): SimRoute[] {
    const handler = (req: SimRequest) => this.rest(req);
    return [{ method: 'POST', path: '/rest/:userId/:secret/:method', handler }, { method: 'GET', path: '/rest/:userId/:secret/:method', handler }];
  }

  private rest(req: SimRequest): SimResponse {
    if (this.overLimit()) return { status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } };
    const method = req.params.method.replace(/\.json$/, '');
    if (method === 'crm.documentgenerator.document.getPdf') {
      this.calls.push({ method, params: { ...req.query }, inBatch: false });
      return this.documents.pdf(req.query);
    }
    const params = { ...decodeForm(Object.entries(req.query)), ...asRecord(req.body) };
    const answer = method === 'batch' ? this.batch(params) : this.dispatch(method, params, false);
    return answer.status === 200 ? { status: 200, body: { ...answer.body, time: this.time() } } : answer;
  }

  private dispatch(method: string, params: Params, inBatch: boolean): Answer {
    this.calls.push({ method, params, inBatch });
    if (!Object.hasOwn(this.methods, method)) return fail(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
    return this.methods[method](params);
  }

  private batch(params: Params): Answer {
    this.calls.push({ method: 'batch', params, inBatch: false });
    const commands = Object.entries(asRecord(params.cmd));
    if (commands.length > 50) return fail(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded');
    const halt = String(params.halt ?? '0') === '1' || params.halt === true;
    const result: Params = {};
    const errors: Params = {};
    const totals: Params = {};
    const nexts: Params = {};
    for (const [key, command] of commands) {
      const [method, query = ''] = String(command).split('?', 2);
      const answer = this.dispatch(method, decodeForm(new URLSearchParams(query)), true);
      if (answer.status !== 200) {
        errors[key] = answer.body;
        if (halt) break;
        continue;
      }
      result[key] = answer.body.result;
      if (answer.body.total !== undefined) totals[key] = answer.body.total;
      if (answer.body.next !== undefined) nexts[key] = answer.body.next;
    }
    // PHP encodes an empty map as [].
    const phpMap = (map: Params) => (Object.keys(map).length ? map : []);
    return ok({ result: phpMap(result), result_error: phpMap(errors), result_total: phpMap(totals), result_next: phpMap(nexts), result_time: [] });
  }

  private overLimit(): boolean {
    if (!this.rateLimit) return false;
    const now = this.now().getTime();
    const drained = ((now - this.bucket.at) / 1000) * this.rateLimit.perSecond;
    this.bucket = { level: Math.max(0, this.bucket.level - drained), at: now };
    if (this.bucket.level + 1 > (this.rateLimit.burst ?? this.rateLimit.perSecond)) return true;
    this.bucket.level += 1;
    return false;
  }

  private dealGet(p: Params): Answer {
    const id = asPositiveInt(p.id ?? p.ID);
    if (!id) return fail(400, '', 'ID is not defined or invalid.');
    const deal = this.deals.get(id);
    return deal ? ok(deal) : fail(400, '', 'Not found');
  }

  private dealUpdate(p: Params): Answer {
    const id = asPositiveInt(p.id ?? p.ID);
    if (!id) return fail(400, '', 'ID is not defined or invalid.');
    const deal = this.deals.get(id);
    if (!deal) return fail(400, '', 'Not found');
    // Like Bitrix24, fields it does not know are dropped without a word.
    for (const [key, value] of Object.entries(asRecord(p.fields))) {
      if (!(DEAL_FIELDS.includes(key) && !READ_ONLY_DEAL_FIELDS.has(key)) && !/^UF_CRM_\w+$/.test(key)) continue;
      const fileData = asRecord(value).fileData;
      // A file over REST: `{ fileData: [name, base64] }`; the field then reads as the file's name.
      if (Array.isArray(fileData) && typeof fileData[0] === 'string' && typeof fileData[1] === 'string') {
        this.files.push({ dealId: id, field: key, name: fileData[0], content: Buffer.from(fileData[1], 'base64') });
        deal[key] = fileData[0];
      } else {
        deal[key] = value === null ? '' : String(value);
      }
    }
    this.withDealSemantics(Object.assign(deal, { DATE_MODIFY: this.now().toISOString() }));
    return ok(true);
  }

  /** crm.deal.add answers the new id; fields it does not know are dropped, as on update. */
  private dealAdd(p: Params): Answer {
    const id = this.nextId.deal++;
    const stamp = this.now().toISOString();
    this.deals.set(id, this.withDealSemantics({ ...structuredClone(dealFixture), TITLE: '', OPPORTUNITY: '0', COMMENTS: '', DATE_CREATE: stamp, DATE_MODIFY: stamp, ID: String(id) } as DealWire));
    const written = this.dealUpdate({ id, fields: p.fields });
    return written.status === 200 ? ok(id) : written;
  }

  private dealFields(): Params {
    const fields: Params = Object.fromEntries(DEAL_FIELDS.map((name) => [name, { type: 'string', isRequired: false, isReadOnly: READ_ONLY_DEAL_FIELDS.has(name), title: name }]));
    fields.UF_CRM_1725365197310 = { type: 'url', isRequired: false, isReadOnly: false, title: 'UF_CRM_1725365197310', listLabel: 'Payment link', formLabel: 'Payment link' };
    return fields;
  }

  private withDealSemantics(deal: DealWire): DealWire {
    const semantic = this.semanticOf(String(deal.STAGE_ID));
    deal.STAGE_SEMANTIC_ID = semantic;
    deal.CLOSED = semantic === 'P' ? 'N' : 'Y';
    return deal;
  }

  private semanticOf(stageId: string): string {
    const word = this.statuses.find((s) => s.STATUS_ID === stageId)?.EXTRA?.SEMANTICS ?? 'process';
    return Object.hasOwn(SEMANTIC_LETTER, word) ? SEMANTIC_LETTER[word] : 'P';
  }

  private withInvoice(p: Params, then: (item: CrmItemWire) => Answer): Answer {
    if (Number(p.entityTypeId) !== 31) return fail(400, 'NOT_FOUND', 'Smart process not found');
    const item = this.invoices.get(Number(p.id));
    return item ? then(item) : fail(400, 'NOT_FOUND', 'Element not found');
  }

  private itemAdd(p: Params): Answer {
    if (Number(p.entityTypeId) !== 31) return fail(400, 'NOT_FOUND', 'Smart process not found');
    const item = this.addInvoice({});
    return ok({ item: this.shown(this.writeItem(item, asRecord(p.fields))) });
  }

  private shown(item: CrmItemWire): CrmItemWire {
    if (this.itemsCarrySemantics) return item;
    const { stageSemanticId: _, ...rest } = item;
    return rest as CrmItemWire;
  }

  private writeItem(item: CrmItemWire, fields: Params): CrmItemWire {
    for (const [key, value] of Object.entries(fields)) if (ITEM_FIELD.test(key)) item[key] = value;
    item.stageSemanticId = this.semanticOf(String(item.stageId));
    item.updatedTime = this.now().toISOString();
    return item;
  }

  private itemList(p: Params): Answer {
    if (Number(p.entityTypeId) !== 31) return fail(400, 'NOT_FOUND', 'Smart process not found');
    const page = pageOf([...this.invoices.values()].filter((i) => matchesFilter(i, p.filter)), p);
    return { status: 200, body: { result: { items: page.items.map((i) => this.shown(i)) }, total: page.total, ...(page.next ? { next: page.next } : {}) } };
  }

  private productRowList(p: Params): Answer {
    const filter = asRecord(p.filter);
    if (!Object.hasOwn(filter, '=ownerType') || !Object.hasOwn(filter, '=ownerId')) return fail(400, 'REQUIRED_ARG_MISSING', 'Required argument "=ownerType" and "=ownerId" are missing');
    const rows = filter['=ownerType'] === 'SI' ? this.productRows.get(Number(filter['=ownerId'])) ?? [] : [];
    const page = pageOf(rows, p);
    return { status: 200, body: { result: { productRows: page.items }, total: page.total, ...(page.next ? { next: page.next } : {}) } };
  }

  private taskAdd(p: Params): Answer {
    const fields = asRecord(p.fields);
    if (!fields.TITLE) return fail(400, 'ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#8; Title is not specified; 8/TE/WRONG_ARGUMENTS');
    if (!fields.RESPONSIBLE_ID) return fail(400, 'ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#8; Assignee is not specified; 8/TE/WRONG_ARGUMENTS');
    const task = this.addTask({ ...camelTask(fields), createdBy: String(fields.CREATED_BY ?? this.userId) });
    return ok({ task });
  }

  private withTask(p: Params, then: (task: TaskWire) => Answer): Answer {
    const task = this.tasks.get(Number(p.taskId));
    return task ? then(task) : fail(400, 'ERROR_CORE', 'TASKS_ERROR_EXCEPTION_#256; Task not found or not accessible; 256/TE/ACTION_NOT_ALLOWED');
  }

  private taskList(p: Params): Answer {
    // UF_CRM_TASK holds a list of bindings; Bitrix24 matches a task when one of them is the wanted one.
    const { UF_CRM_TASK: binding, ...filter } = asRecord(p.filter);
    const bound = (t: TaskWire) => binding === undefined || asList(t.ufCrmTask).map(String).includes(String(binding));
    const tasks = [...this.tasks.values()].filter((t) => bound(t) && matchesFilter(upperTask(t), filter));
    const page = pageOf(tasks, p);
    return { status: 200, body: { result: { tasks: page.items }, total: page.total, ...(page.next ? { next: page.next } : {}) } };
  }

  private todoAdd(p: Params): Answer {
    const ownerTypeId = Number(p.ownerTypeId);
    const ownerId = Number(p.ownerId);
    const owners = ownerTypeId === 2 ? this.deals : ownerTypeId === 31 ? this.invoices : undefined;
    if (!owners?.has(ownerId)) return fail(400, 'NOT_FOUND', 'Owner not found');
    if (!p.deadline) return fail(400, 'REQUIRED_ARG_MISSING', 'Required argument "deadline" is missing');
    const id = this.nextId.activity++;
    this.activities.push({
      ID: String(id), OWNER_TYPE_ID: String(ownerTypeId), OWNER_ID: String(ownerId), PROVIDER_ID: 'CRM_TODO', COMPLETED: 'N',
      SUBJECT: String(p.title ?? ''), DESCRIPTION: String(p.description ?? ''), DEADLINE: String(p.deadline), RESPONSIBLE_ID: String(p.responsibleId ?? this.userId),
    });
    return ok({ id });
  }

  private notify(p: Params): Answer {
    const userId = asPositiveInt(p.USER_ID);
    if (!userId || !this.users.has(userId)) return fail(400, 'USER_ID_EMPTY', 'Recipient not specified or not found');
    if (!p.MESSAGE) return fail(400, 'MESSAGE_EMPTY', 'Message can\'t be empty');
    const tag = typeof p.TAG === 'string' && p.TAG ? p.TAG : undefined;
    // A notification with an existing tag replaces the older ones.
    if (tag) for (let i = this.notifications.length - 1; i >= 0; i--) if (this.notifications[i].TAG === tag) this.notifications.splice(i, 1);
    const id = this.nextId.notification++;
    this.notifications.push({ id, USER_ID: userId, MESSAGE: String(p.MESSAGE), ...(p.MESSAGE_OUT ? { MESSAGE_OUT: String(p.MESSAGE_OUT) } : {}), ...(tag ? { TAG: tag } : {}) });
    return ok(id);
  }

  private userGet(p: Params): Answer {
    const users = [...this.users.values()].filter((u) => (p.ID === undefined || String(u.ID) === String(p.ID)) && matchesFilter(u, p.FILTER));
    return list(users, p);
  }

  private listElements(p: Params): Answer {
    const listOf = this.lists.get(Number(p.IBLOCK_ID));
    if (p.IBLOCK_TYPE_ID !== 'lists' || !listOf) return fail(400, 'ERROR_IBLOCK_NOT_FOUND', 'Iblock not found');
    return list(listOf.elements.filter((e) => matchesFilter(e, p.FILTER)), p);
  }

  private time(): Record<string, unknown> {
    const start = this.now().getTime() / 1000;
    return { start, finish: start + 0.01, duration: 0.01, processing: 0.005, date_start: this.now().toISOString(), date_finish: this.now().toISOString(), operating: 0 };
  }
}

function ok(result: unknown): Answer {
  return { status: 200, body: { result } };
}

function fail(status: number, error: string, description: string): Answer {
  return { status, body: { error, error_description: description } };
}

function list<T>(items: T[], params: Params): Answer {
  const page = pageOf(items, params);
  return { status: 200, body: { result: page.items, total: page.total, ...(page.next ? { next: page.next } : {}) } };
}

/** tasks.task.add takes UPPER_CASE fields and answers camelCase ones. */
function camelTask(fields: Params): Partial<TaskWire> {
  const out: Params = {};
  for (const [key, value] of Object.entries(fields)) {
    const camel = key === 'UF_CRM_TASK' ? 'ufCrmTask' : key.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    out[camel] = key === 'UF_CRM_TASK' ? asList(value) : isRecord(value) ? value : String(value);
  }
  return out as Partial<TaskWire>;
}

function upperTask(task: TaskWire): Params {
  return Object.fromEntries(Object.entries(task).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase(), value]));
}

