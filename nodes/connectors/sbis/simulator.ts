import { createHash, randomUUID } from 'node:crypto';
import { SimulatorServer, type SimRequest, type SimResponse, type SimRoute } from '../../sdk';
import { checkInn, checkKpp } from './requisites';
import { asList, asRecord, field, path, sbisDate, sbisDateTime, text, type Json } from './wire';

/**
 * A loopback SBIS (Saby) EDO API: JSON-RPC 2.0 login and sessions (with expiry), the three-step
 * send (write, prepare, execute), documents and their files, a change list the spec drives by
 * signing or rejecting documents, and counterparty look-up. Shapes follow the research notes;
 * state codes other than "7" are not published, so they are configurable here.
 */
export type SimStage = 'draft' | 'prepared' | 'sent' | 'delivered' | 'signed' | 'rejected';

export interface SimState {
  code: string;
  name: string;
  description: string;
}

export interface SbisSimulatorOptions {
  login?: string;
  password?: string;
  sessionTtlMs?: number;
  now?: () => Date;
  ourInn?: string;
  ourKpp?: string;
  /** How a stale session is refused: HTTP 401 with an error object, or the bare `"Not authorized."` some clients report. */
  expiredAnswer?: 'http401' | 'bareError';
  /** HTTP status of JSON-RPC errors (SBIS's own choice is not documented). */
  errorStatus?: number;
  states?: Partial<Record<SimStage, SimState>>;
}

export interface SimAttachment {
  id: string;
  name: string;
  content: Buffer;
  service: boolean;
  signature?: Buffer;
}

export interface SimDocument {
  id: string;
  type: string;
  number: string;
  date: string;
  note?: string;
  reference?: string;
  regulation?: string;
  ourOrganisation: Json;
  counterparty: Json;
  attachments: SimAttachment[];
  stage: SimStage;
  deleted: boolean;
}

export interface SimEvent {
  id: string;
  documentId: string;
  name: string;
  at: Date;
  comment?: string;
}

export interface SimCounterparty {
  inn: string;
  kpp?: string;
  name: string;
  id?: string;
  edoIds?: string[];
}

interface RpcError {
  code: number;
  message: string;
  details?: string;
}

class RpcFailure extends Error {
  constructor(readonly error: RpcError) {
    super(error.message);
  }
}

const DEFAULT_STATES: Record<SimStage, SimState> = {
  draft: { code: '0', name: 'Не отправлен', description: 'Документ не отправлен' },
  prepared: { code: '0', name: 'Не отправлен', description: 'Документ подготовлен к отправке' },
  sent: { code: '2', name: 'Отправлен', description: 'Документ отправлен контрагенту' },
  delivered: { code: '3', name: 'Доставлен', description: 'Документ доставлен контрагенту' },
  signed: { code: '7', name: 'Выполнение завершено успешно', description: 'Документ подписан контрагентом' },
  rejected: { code: '6', name: 'Отклонен', description: 'Контрагент отказал в подписи' },
};

const EVENT_NAMES: Partial<Record<SimStage, string>> = { sent: 'Отправка', delivered: 'Доставка', signed: 'Утверждение', rejected: 'Отклонение' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILTER_DATE_TIME = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2})\.(\d{2})\.(\d{2})$/;

export class SbisSimulator extends SimulatorServer {
  readonly documents = new Map<string, SimDocument>();
  readonly events: SimEvent[] = [];
  readonly counterparties: SimCounterparty[] = [];
  readonly login: string;
  readonly password: string;
  readonly ourInn: string;
  readonly ourKpp: string;
  /** Sessions handed out, by id; expired ones stay until the spec clears them. */
  readonly sessions = new Map<string, { expiresAt: number }>();
  readonly states: Record<SimStage, SimState>;
  private readonly now: () => Date;
  private readonly sessionTtlMs: number;
  private readonly expiredAnswer: 'http401' | 'bareError';
  private readonly errorStatus: number;
  private readonly rpcFaults: { method: string; error: RpcError; status?: number; left: number }[] = [];
  private clockMs = 0;

  constructor(options: SbisSimulatorOptions = {}) {
    super();
    this.login = options.login ?? 'edo-robot';
    this.password = options.password ?? 'Sbis-Pa55!';
    this.ourInn = options.ourInn ?? '7736050003';
    this.ourKpp = options.ourKpp ?? '773601001';
    this.now = options.now ?? (() => new Date());
    this.sessionTtlMs = options.sessionTtlMs ?? 21 * 24 * 60 * 60 * 1000;
    this.expiredAnswer = options.expiredAnswer ?? 'http401';
    this.errorStatus = options.errorStatus ?? 200;
    this.states = { ...DEFAULT_STATES, ...options.states };
  }

  /** Calls of one JSON-RPC method, in order. */
  calls(method: string): SimRequest[] {
    return this.requests.filter((r) => field(r.body, 'method') === method);
  }

  /** Every session handed out so far stops working, as after SBIS's session lifetime. */
  expireSessions(): void {
    for (const session of this.sessions.values()) session.expiresAt = 0;
  }

  /** The next `times` calls of `method` fail with this JSON-RPC error. */
  injectRpcError(method: string, error: RpcError, options: { status?: number; times?: number } = {}): void {
    this.rpcFaults.push({ method, error, status: options.status, left: options.times ?? 1 });
  }

  addCounterparty(counterparty: SimCounterparty): SimCounterparty {
    this.counterparties.push(counterparty);
    return counterparty;
  }

  /** An outgoing document already sent (as if by hand in SBIS), with its send event. */
  seedSentDocument(partial: Partial<Omit<SimDocument, 'stage'>> = {}): SimDocument {
    const id = partial.id ?? randomUUID();
    const doc: SimDocument = {
      id, type: 'ДокОтгрИсх', number: `S-${this.documents.size + 1}`, date: sbisDate(this.now()),
      ourOrganisation: { СвЮЛ: { ИНН: this.ourInn, КПП: this.ourKpp } },
      counterparty: { СвЮЛ: { ИНН: '7707083893', КПП: '773601001', Название: 'ООО «Ромашка»' } },
      attachments: [{ id: randomUUID(), name: 'act.pdf', content: Buffer.from('%PDF-1.4 seeded act'), service: false }],
      deleted: false,
      ...partial,
      stage: 'draft',
    };
    this.documents.set(id, doc);
    this.move(doc, 'sent');
    return doc;
  }

  deliver(documentId: string): SimEvent {
    return this.move(this.mustFind(documentId), 'delivered');
  }

  /** The counterparty signs: the state turns "7" and each attachment gets its signature file. */
  sign(documentId: string, comment?: string): SimEvent {
    const doc = this.mustFind(documentId);
    for (const attachment of doc.attachments) attachment.signature = Buffer.from(`CMS signature of ${attachment.name}`);
    return this.move(doc, 'signed', comment);
  }

  reject(documentId: string, comment = 'Не согласны с суммой'): SimEvent {
    return this.move(this.mustFind(documentId), 'rejected', comment);
  }

  protected override routes(): SimRoute[] {
    return [
      { method: 'POST', path: '/auth/service', handler: (req) => this.rpc(req, false) },
      { method: 'POST', path: '/service', handler: (req) => this.rpc(req, true) },
      { method: 'GET', path: '/disk/api/v1/:documentId/:attachmentId', handler: (req) => this.file(req, false) },
      { method: 'GET', path: '/disk/api/v1/:documentId/:attachmentId/signature', handler: (req) => this.file(req, true) },
    ];
  }

  private rpc(req: SimRequest, needsSession: boolean): SimResponse {
    const id = field(req.body, 'id') ?? null;
    // Without an explicit charset SBIS cannot read the body.
    if (!/charset=utf-8/i.test(req.headers['content-type'] ?? '')) return this.error(id, { code: -32700, message: 'Parse error', details: 'Не указана кодировка' });
    const method = text(field(req.body, 'method'));
    const params = asRecord(field(req.body, 'params'));
    if (field(req.body, 'jsonrpc') !== '2.0' || !method) return this.error(id, { code: -32600, message: 'Invalid Request' });
    if (needsSession && !this.sessionValid(req.headers['x-sbissessionid'])) return this.notAuthorized(id);
    const fault = this.rpcFaults.find((f) => f.left > 0 && f.method === method);
    if (fault) {
      fault.left--;
      return this.error(id, fault.error, fault.status);
    }
    try {
      const handler = needsSession ? this.serviceMethod(method) : this.authMethod(method);
      if (!handler) return this.error(id, { code: -32601, message: 'Method not found', details: `Метод ${method} не найден` });
      return { status: 200, body: { jsonrpc: '2.0', result: handler(params), id } };
    } catch (error) {
      if (error instanceof RpcFailure) return this.error(id, error.error);
      throw error;
    }
  }

  private authMethod(method: string): ((params: Json) => unknown) | undefined {
    if (method === 'СБИС.Аутентифицировать') return (params) => this.logIn(params);
    if (method === 'СБИС.Выход') return () => null;
    return undefined;
  }

  private serviceMethod(method: string): ((params: Json) => unknown) | undefined {
    const methods: Record<string, (params: Json) => unknown> = {
      'СБИС.ЗаписатьДокумент': (params) => this.writeDocument(params),
      'СБИС.ПодготовитьДействие': (params) => this.prepareAction(params),
      'СБИС.ВыполнитьДействие': (params) => this.executeAction(params),
      'СБИС.ПрочитатьДокумент': (params) => this.readDocument(params),
      'СБИС.СписокИзменений': (params) => this.changeList(params),
      'СБИС.ИнформацияОКонтрагенте': (params) => this.counterpartyInfo(params),
    };
    return Object.hasOwn(methods, method) ? methods[method] : undefined;
  }

  private logIn(params: Json): string {
    const login = text(path(params, 'Параметр', 'Логин'));
    const password = path(params, 'Параметр', 'Пароль');
    if (login !== this.login || password !== this.password) throw new RpcFailure({ code: -32000, message: 'Неверный логин или пароль', details: 'Проверьте логин и пароль' });
    const sid = `${randomUUID().slice(0, 8)}-${randomUUID().slice(0, 8)}-00ba-${createHash('sha1').update(randomUUID()).digest('hex').slice(0, 16)}`;
    this.sessions.set(sid, { expiresAt: this.now().getTime() + this.sessionTtlMs });
    return sid;
  }

  private sessionValid(sid: string | undefined): boolean {
    const session = sid ? this.sessions.get(sid) : undefined;
    return !!session && session.expiresAt > this.now().getTime();
  }

  private notAuthorized(id: unknown): SimResponse {
    if (this.expiredAnswer === 'bareError') return { status: 200, body: { jsonrpc: '2.0', error: 'Not authorized.', id: -1 } };
    return { status: 401, body: { jsonrpc: '2.0', error: { code: -32000, message: 'Not authorized.', details: 'Сессия истекла или не существует' }, id } };
  }

  private error(id: unknown, error: RpcError, status = this.errorStatus): SimResponse {
    return { status, body: { jsonrpc: '2.0', error: { code: error.code, message: error.message, details: error.details ?? error.message }, id } };
  }

  private writeDocument(params: Json): unknown {
    if (!Object.hasOwn(params, 'Документ')) throw bad('В объекте нет поля Документ');
    const wire = asRecord(params.Документ);
    const id = text(field(wire, 'Идентификатор')) ?? randomUUID();
    if (!UUID.test(id)) throw bad('Неверный идентификатор документа', 'Поле «Документ.Идентификатор»: ожидается UUID');
    const existing = this.documents.get(id);
    if (existing && existing.stage !== 'draft' && existing.stage !== 'prepared') {
      throw new RpcFailure({ code: -32000, message: 'Документ уже отправлен, изменение невозможно' });
    }
    const ourInn = text(path(wire, 'НашаОрганизация', 'СвЮЛ', 'ИНН')) ?? text(path(wire, 'НашаОрганизация', 'СвФЛ', 'ИНН'));
    if (ourInn !== this.ourInn) throw new RpcFailure({ code: -32000, message: `Организация с ИНН ${ourInn ?? '—'} не найдена в вашем аккаунте` });
    const counterparty = asRecord(field(wire, 'Контрагент'));
    this.checkCounterparty(counterparty);
    const attachments = asList(field(wire, 'Вложение')).map((raw, i) => {
      const name = text(path(raw, 'Файл', 'Имя'));
      const data = text(path(raw, 'Файл', 'ДвоичныеДанные'));
      if (!name) throw bad('Неверные параметры', `Поле «Вложение.Файл.Имя» не заполнено (вложение ${i + 1})`);
      if (!data || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw bad('Неверные параметры', `Поле «Вложение.Файл.ДвоичныеДанные»: ожидается base64`);
      return { id: text(field(raw, 'Идентификатор')) ?? randomUUID(), name, content: Buffer.from(data, 'base64'), service: false };
    });
    if (!attachments.length) throw bad('В объекте нет поля Вложение');
    const number = text(field(wire, 'Номер'));
    if (!number) throw bad('Неверные параметры', 'Поле «Документ.Номер» не заполнено');
    const doc: SimDocument = {
      id,
      type: text(field(wire, 'Тип')) ?? 'ДокОтгрИсх',
      number,
      date: text(field(wire, 'Дата')) ?? sbisDate(this.now()),
      note: text(field(wire, 'Примечание')),
      reference: text(path(wire, 'Редакция', 'ПримечаниеИС')),
      regulation: text(path(wire, 'Регламент', 'Название')),
      ourOrganisation: asRecord(field(wire, 'НашаОрганизация')),
      counterparty,
      attachments,
      stage: 'draft',
      deleted: false,
    };
    this.documents.set(id, doc);
    return this.documentWire(doc);
  }

  private checkCounterparty(counterparty: Json): void {
    const legal = field(counterparty, 'СвЮЛ');
    const person = field(counterparty, 'СвФЛ');
    if (!legal && !person) throw bad('В объекте нет поля Контрагент');
    if (legal) {
      const inn = text(field(legal, 'ИНН')) ?? '';
      if (inn.length !== 10 || checkInn(inn)) throw bad('Неверные параметры', `Поле «Контрагент.СвЮЛ.ИНН»: неверный ИНН ${inn}`);
      const kpp = text(field(legal, 'КПП')) ?? '';
      if (checkKpp(kpp)) throw bad('Неверные параметры', `Поле «Контрагент.СвЮЛ.КПП»: неверный КПП ${kpp}`);
    } else {
      const inn = text(field(person, 'ИНН')) ?? '';
      if (inn.length !== 12 || checkInn(inn)) throw bad('Неверные параметры', `Поле «Контрагент.СвФЛ.ИНН»: неверный ИНН ${inn}`);
    }
  }

  private sendStage(params: Json): { doc: SimDocument; stage: Json } {
    const wire = asRecord(field(params, 'Документ'));
    const doc = this.documents.get(text(field(wire, 'Идентификатор')) ?? '');
    if (!doc) throw new RpcFailure({ code: -32000, message: 'Документ не найден' });
    const stage = asRecord(field(wire, 'Этап'));
    const action = asList(field(stage, 'Действие'))[0];
    if (text(field(stage, 'Название')) !== 'Отправка' || text(field(action, 'Название')) !== 'Отправить') {
      throw bad('Неверные параметры', `Поле «Этап.Название»: этап «${text(field(stage, 'Название')) ?? ''}» недоступен`);
    }
    if (doc.stage !== 'draft' && doc.stage !== 'prepared') throw new RpcFailure({ code: -32000, message: 'Действие «Отправить» недоступно: документ уже отправлен' });
    return { doc, stage };
  }

  private prepareAction(params: Json): unknown {
    const { doc } = this.sendStage(params);
    doc.stage = 'prepared';
    return {
      Идентификатор: doc.id,
      Этап: [{
        Название: 'Отправка',
        Вложение: doc.attachments.map((a) => ({
          Идентификатор: a.id,
          Файл: { Имя: a.name, Хеш: createHash('sha256').update(a.content).digest('base64'), Ссылка: this.fileUrl(doc, a) },
          Модифицирован: 'Нет',
        })),
        Действие: [{ Название: 'Отправить' }],
      }],
    };
  }

  private executeAction(params: Json): unknown {
    const { doc } = this.sendStage(params);
    // The send only exists as the third step: SBIS wants the prepared files first.
    if (doc.stage !== 'prepared') throw new RpcFailure({ code: -32000, message: 'Действие не подготовлено: сначала вызовите СБИС.ПодготовитьДействие' });
    this.move(doc, 'sent', text(path(params, 'Документ', 'Этап', 'Действие', 'Комментарий')));
    return this.documentWire(doc);
  }

  private readDocument(params: Json): unknown {
    const doc = this.documents.get(text(path(params, 'Документ', 'Идентификатор')) ?? '');
    if (!doc) throw new RpcFailure({ code: -32000, message: 'Документ не найден', details: 'Документ не найден или у вас нет прав на него' });
    return this.documentWire(doc);
  }

  private changeList(params: Json): unknown {
    if (!Object.hasOwn(params, 'Фильтр')) throw bad('В объекте нет поля Фильтр');
    const filter = asRecord(params.Фильтр);
    const afterId = text(field(filter, 'ИдентификаторСобытия'));
    const since = text(field(filter, 'ДатаВремяС'));
    let candidates: SimEvent[];
    if (afterId) {
      const index = this.events.findIndex((e) => e.id === afterId);
      if (index < 0) throw new RpcFailure({ code: -32000, message: `Не найдено событие ${afterId}` });
      candidates = this.events.slice(index + 1);
    } else if (since) {
      const from = parseFilterDateTime(since);
      if (from === undefined) throw new RpcFailure({ code: -32000, message: 'Неверный формат даты', details: 'ДатаВремяС ожидается в формате ДД.ММ.ГГГГ ЧЧ.ММ.СС' });
      candidates = this.events.filter((e) => e.at.getTime() >= from);
    } else {
      candidates = [...this.events];
    }
    const type = text(field(filter, 'Тип'));
    const ourInn = text(path(filter, 'НашаОрганизация', 'СвЮЛ', 'ИНН')) ?? text(path(filter, 'НашаОрганизация', 'СвФЛ', 'ИНН'));
    const matching = candidates.filter((e) => {
      const doc = this.documents.get(e.documentId)!;
      return (!type || doc.type === type) && (!ourInn || ourInn === this.ourInn);
    });
    const size = Math.min(200, Math.max(1, Number(text(path(filter, 'Навигация', 'РазмерСтраницы')) ?? 25) || 25));
    const page = matching.slice(0, size);
    return {
      Документ: page.map((event) => ({ ...this.documentWire(this.documents.get(event.documentId)!, false), Событие: [this.eventWire(event)] })),
      Навигация: { ЕстьЕще: matching.length > size ? 'Да' : 'Нет', РазмерСтраницы: String(size), Страница: '0' },
    };
  }

  private counterpartyInfo(params: Json): unknown {
    const participant = asRecord(field(params, 'Участник'));
    const inn = text(path(participant, 'СвЮЛ', 'ИНН')) ?? text(path(participant, 'СвФЛ', 'ИНН'));
    if (!inn) throw bad('Неверные параметры', 'Поле «Участник.СвЮЛ.ИНН» не заполнено');
    const kpp = text(path(participant, 'СвЮЛ', 'КПП'));
    const found = this.counterparties.find((c) => c.inn === inn && (!kpp || !c.kpp || c.kpp === kpp));
    if (!found) throw new RpcFailure({ code: -32000, message: 'Контрагент не найден' });
    const party = inn.length === 12 ? { СвФЛ: { ИНН: found.inn, Название: found.name } } : { СвЮЛ: { ИНН: found.inn, КПП: found.kpp, Название: found.name } };
    return { ...party, Идентификатор: found.id ?? null, Идентификаторы: found.edoIds ?? [] };
  }

  private file(req: SimRequest, signature: boolean): SimResponse {
    if (!this.sessionValid(req.headers['x-sbissessionid'])) return { status: 401, body: 'Not authorized.' };
    const doc = this.documents.get(req.params.documentId);
    const attachment = doc?.attachments.find((a) => a.id === req.params.attachmentId);
    const content = signature ? attachment?.signature : attachment?.content;
    if (!content) return { status: 404, body: 'Not found' };
    return { status: 200, body: content.toString('utf8'), headers: { 'content-type': signature ? 'application/pkcs7-signature' : 'application/pdf' } };
  }

  private documentWire(doc: SimDocument, withStages = true): Json {
    const state = this.states[doc.stage];
    const base = `${this.url}/disk/api/v1/${doc.id}`;
    return {
      Идентификатор: doc.id,
      Тип: doc.type,
      Номер: doc.number,
      Дата: doc.date,
      Направление: 'Исходящий',
      Удален: doc.deleted ? 'Да' : 'Нет',
      ...(doc.note ? { Примечание: doc.note } : {}),
      Редакция: [{ ПримечаниеИС: doc.reference ?? '' }],
      НашаОрганизация: doc.ourOrganisation,
      Контрагент: doc.counterparty,
      Состояние: { Код: state.code, Название: state.name, Описание: state.description },
      Вложение: doc.attachments.map((a) => ({
        Идентификатор: a.id,
        Служебный: a.service ? 'Да' : 'Нет',
        Файл: { Имя: a.name, Ссылка: this.fileUrl(doc, a) },
        СсылкаНаPDF: `${this.fileUrl(doc, a)}?pdf`,
        ...(a.signature ? { Подпись: [{ Файл: { Имя: `${a.name}.sgn`, Ссылка: `${this.fileUrl(doc, a)}/signature` } }] } : {}),
      })),
      ...(withStages ? {
        Этап: doc.stage === 'draft' || doc.stage === 'prepared' ? [{ Название: 'Отправка', Действие: [{ Название: 'Отправить' }] }] : [],
        Событие: this.events.filter((e) => e.documentId === doc.id).map((e) => this.eventWire(e)),
      } : {}),
      СсылкаНаPDF: `${base}.pdf`,
      СсылкаНаHTML: `${base}.html`,
      СсылкаВКабинет: `${this.url}/page/edo/${doc.id}`,
    };
  }

  private eventWire(event: SimEvent): Json {
    return { Идентификатор: event.id, Название: event.name, ДатаВремя: sbisDateTime(event.at), ...(event.comment ? { Комментарий: event.comment } : {}) };
  }

  private fileUrl(doc: SimDocument, attachment: SimAttachment): string {
    return `${this.url}/disk/api/v1/${doc.id}/${attachment.id}`;
  }

  private move(doc: SimDocument, stage: SimStage, comment?: string): SimEvent {
    doc.stage = stage;
    // Events of one second keep their order: the change list is ordered by when they were recorded.
    const at = new Date(Math.max(this.now().getTime(), this.clockMs));
    this.clockMs = at.getTime();
    const event: SimEvent = { id: randomUUID(), documentId: doc.id, name: EVENT_NAMES[stage] ?? stage, at, ...(comment ? { comment } : {}) };
    this.events.push(event);
    return event;
  }

  private mustFind(documentId: string): SimDocument {
    const doc = this.documents.get(documentId);
    if (!doc) throw new Error(`No document ${documentId} in the SBIS simulator`);
    return doc;
  }
}

function bad(message: string, details?: string): RpcFailure {
  return new RpcFailure({ code: -32602, message, details });
}

function parseFilterDateTime(value: string): number | undefined {
  const m = FILTER_DATE_TIME.exec(value);
  if (!m) return undefined;
  return Date.UTC(+m[3], +m[2] - 1, +m[1], +m[4], +m[5], +m[6]) - 3 * 60 * 60 * 1000;
}
