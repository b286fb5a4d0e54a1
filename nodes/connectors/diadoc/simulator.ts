import { randomBytes, randomUUID } from 'node:crypto';
import { SimulatorServer, type SimRequest, type SimResponse, type SimRoute } from '../../sdk';
import { fixtureOrganizations } from './fixtures/organizations';
import { field, list, text, ticksFromDate, type Json } from './wire';

/**
 * A loopback Diadoc API in its JSON mode: password authentication with expiring tokens, the
 * `DiadocAuth` header, organisations and boxes, PostMessage (with operationId, CustomDocumentId,
 * drafts), messages and documents, and the box event feed (GetNewEvents with afterIndexKey) that a
 * spec drives by signing or rejecting documents. Shapes follow diadoc/diadocapi-docs.
 */
export interface DiadocSimulatorOptions {
  apiClientId?: string;
  login?: string;
  password?: string;
  tokenTtlMs?: number;
  now?: () => Date;
}

export interface SimOrganization {
  OrgId: string;
  Inn: string;
  Kpp?: string;
  FullName: string;
  Boxes: { BoxId: string; Title: string }[];
}

export interface SimDocument {
  entityId: string;
  typeNamedId: string;
  fileName: string;
  content: Buffer;
  customDocumentId?: string;
  needRecipientSignature: boolean;
  recipientResponseStatus: string;
  statusText: string;
  createdAt: Date;
}

export interface SimMessage {
  messageId: string;
  fromBoxId: string;
  toBoxId: string;
  isDraft: boolean;
  createdAt: Date;
  documents: SimDocument[];
  /** Entities added later: signatures and rejections. */
  patches: Json[];
}

export interface SimEvent {
  eventId: string;
  indexKey: string;
  boxId: string;
  messageId: string;
  at: Date;
  patch?: Json;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export class DiadocSimulator extends SimulatorServer {
  readonly apiClientId: string;
  readonly login: string;
  readonly password: string;
  readonly organizations: SimOrganization[];
  readonly ourBoxId: string;
  readonly messages = new Map<string, SimMessage>();
  readonly events: SimEvent[] = [];
  readonly tokens = new Map<string, { expiresAt: number }>();
  private readonly operations = new Map<string, string>();
  private readonly now: () => Date;
  private readonly tokenTtlMs: number;
  private clockMs = 0;

  constructor(options: DiadocSimulatorOptions = {}) {
    super();
    this.apiClientId = options.apiClientId ?? 'Flowbridge-Dev-0a1b2c3d';
    this.login = options.login ?? 'edo@service-centre.ru';
    this.password = options.password ?? 'Diadoc-Pa55!';
    this.now = options.now ?? (() => new Date());
    this.tokenTtlMs = options.tokenTtlMs ?? 24 * 60 * 60 * 1000;
    this.organizations = structuredClone(fixtureOrganizations);
    this.ourBoxId = this.organizations[0].Boxes[0].BoxId;
  }

  /** The counterparty every spec sends to: the second fixture organisation. */
  get counterparty(): SimOrganization {
    return this.organizations[1];
  }

  expireTokens(): void {
    for (const token of this.tokens.values()) token.expiresAt = 0;
  }

  reset(): void {
    this.requests.length = 0;
    this.messages.clear();
    this.events.length = 0;
    this.operations.clear();
    this.clearFaults();
  }

  /** An outbound message already sent (as if from the Diadoc web UI), with its event. */
  seedSentMessage(fileName = 'act.pdf'): SimMessage {
    return this.createMessage({ fromBoxId: this.ourBoxId, toBoxId: this.counterparty.Boxes[0].BoxId, isDraft: false, documents: [this.newDocument('Nonformalized', fileName, Buffer.from('%PDF-1.4 seeded'), true)] });
  }

  /** The recipient signs a document: its status turns WithRecipientSignature and a signature patch is posted. */
  sign(messageId: string, entityId?: string): SimEvent {
    const { message, document } = this.mustFind(messageId, entityId);
    document.recipientResponseStatus = 'WithRecipientSignature';
    document.statusText = 'Подписан контрагентом';
    return this.patch(message, { EntityType: 'Signature', EntityId: randomUUID(), ParentEntityId: document.entityId, AttachmentType: 'Signature', CreationTimestampTicks: ticksFromDate(this.tick()) });
  }

  reject(messageId: string, comment = 'Не согласны с суммой', entityId?: string): SimEvent {
    const { message, document } = this.mustFind(messageId, entityId);
    document.recipientResponseStatus = 'RecipientSignatureRequestRejected';
    document.statusText = 'Контрагент отказал в подписи';
    return this.patch(message, {
      EntityType: 'Attachment', EntityId: randomUUID(), ParentEntityId: document.entityId, AttachmentType: 'SignatureRequestRejection',
      Content: { Data: Buffer.from(comment).toString('base64') }, CreationTimestampTicks: ticksFromDate(this.tick()),
    });
  }

  protected override routes(): SimRoute[] {
    return [
      { method: 'POST', path: '/V3/Authenticate', handler: (req) => this.authenticateUser(req) },
      { method: 'GET', path: '/GetMyOrganizations', handler: () => ok({ Organizations: [this.organizations[0]] }) },
      { method: 'GET', path: '/GetOrganizationsByInnKpp', handler: (req) => this.byInnKpp(req) },
      { method: 'POST', path: '/V3/PostMessage', handler: (req) => this.postMessage(req) },
      { method: 'GET', path: '/GetDocumentsByCustomId', handler: (req) => this.byCustomId(req) },
      { method: 'GET', path: '/V3/GetMessage', handler: (req) => this.getMessage(req) },
      { method: 'GET', path: '/V3/GetDocument', handler: (req) => this.getDocument(req) },
      { method: 'GET', path: '/V7/GetNewEvents', handler: (req) => this.newEvents(req) },
    ];
  }

  /** Every call but Authenticate needs `DiadocAuth ddauth_api_client_id=…,ddauth_token=…` with a live token. */
  protected override authenticate(req: SimRequest): SimResponse | undefined {
    const auth = parseAuth(req.headers.authorization);
    if (auth.get('ddauth_api_client_id') !== this.apiClientId) return { status: 401, body: 'Invalid ddauth_api_client_id', headers: { 'content-type': 'text/plain' } };
    if (req.path === '/V3/Authenticate') return undefined;
    const token = this.tokens.get(auth.get('ddauth_token') ?? '');
    if (!token || token.expiresAt <= this.now().getTime()) return { status: 401, body: 'Authorization token is invalid or has expired', headers: { 'content-type': 'text/plain' } };
    // JSON mode only: without these headers Diadoc speaks protobuf.
    if (!/application\/json/.test(req.headers.accept ?? '')) return { status: 400, body: 'Accept: application/json is required in this simulator', headers: { 'content-type': 'text/plain' } };
    return undefined;
  }

  private authenticateUser(req: SimRequest): SimResponse {
    if (req.query.type !== 'password') return plain(400, 'Unsupported authentication type');
    if (!/application\/json/.test(req.headers['content-type'] ?? '')) return plain(400, 'Content-Type must be application/json');
    if (text(field(req.body, 'login')) !== this.login || field(req.body, 'password') !== this.password) return plain(401, 'Invalid login or password');
    const token = randomBytes(48).toString('base64url');
    this.tokens.set(token, { expiresAt: this.now().getTime() + this.tokenTtlMs });
    return plain(200, token);
  }

  private byInnKpp(req: SimRequest): SimResponse {
    const inn = req.query.inn ?? '';
    if (!/^\d{10}$|^\d{12}$/.test(inn)) return plain(400, 'Parameter inn is invalid');
    const kpp = req.query.kpp;
    return ok({ Organizations: this.organizations.filter((o) => o.Inn === inn && (!kpp || o.Kpp === kpp)) });
  }

  private postMessage(req: SimRequest): SimResponse {
    if (!/application\/json/.test(req.headers['content-type'] ?? '')) return plain(400, 'Cannot parse MessageToPost: protobuf expected');
    const operationId = req.query.operationId;
    if (operationId && this.operations.has(operationId)) return plain(409, `Operation ${operationId} has already been performed`);
    const body = req.body;
    const fromBoxId = text(field(body, 'FromBoxId'));
    const toBoxId = text(field(body, 'ToBoxId'));
    if (fromBoxId !== this.ourBoxId) return plain(403, `Access to box ${fromBoxId ?? ''} is denied`);
    if (!toBoxId || !this.organizations.some((o) => o.Boxes.some((b) => b.BoxId === toBoxId))) return plain(400, `ToBoxId: box ${toBoxId ?? ''} not found`);
    const isDraft = field(body, 'IsDraft') === true;
    const attachments = list(field(body, 'DocumentAttachments'));
    if (!attachments.length || attachments.length > 40) return plain(400, 'DocumentAttachments: from 1 to 40 documents per message');
    const documents: SimDocument[] = [];
    for (const attachment of attachments) {
      const content = text(field(field(attachment, 'SignedContent'), 'Content'));
      const signature = text(field(field(attachment, 'SignedContent'), 'Signature'));
      const typeNamedId = text(field(attachment, 'TypeNamedId'));
      if (!typeNamedId) return plain(400, 'TypeNamedId is required');
      if (!content || !BASE64.test(content)) return plain(400, 'SignedContent.Content is not base64');
      if (!isDraft && (!signature || !BASE64.test(signature))) return plain(400, 'Signature is required for a document that is not a draft');
      const metadata = new Map(list(field(attachment, 'Metadata')).map((m) => [text(field(m, 'Key')) ?? '', text(field(m, 'Value')) ?? '']));
      const fileName = metadata.get('FileName');
      if (!fileName) return plain(400, 'Metadata FileName is required');
      const doc = this.newDocument(typeNamedId, fileName, Buffer.from(content, 'base64'), field(attachment, 'NeedRecipientSignature') !== false);
      doc.customDocumentId = text(field(attachment, 'CustomDocumentId'));
      if (isDraft) doc.statusText = 'Черновик';
      documents.push(doc);
    }
    const message = this.createMessage({ fromBoxId, toBoxId, isDraft, documents });
    if (operationId) this.operations.set(operationId, message.messageId);
    return ok(this.messageWire(message));
  }

  private byCustomId(req: SimRequest): SimResponse {
    if (req.query.boxId !== this.ourBoxId) return plain(403, 'Access to box denied');
    const custom = req.query.customDocumentId ?? '';
    const documents = [...this.messages.values()].flatMap((m) => m.documents.filter((d) => d.customDocumentId === custom).map((d) => this.documentWire(m, d)));
    return ok({ TotalCount: documents.length, Documents: documents });
  }

  private getMessage(req: SimRequest): SimResponse {
    if (req.query.boxId !== this.ourBoxId) return plain(403, 'Access to box denied');
    if (!GUID.test(req.query.messageId ?? '')) return plain(400, 'Parameter messageId is invalid');
    const message = this.messages.get(req.query.messageId);
    return message ? ok(this.messageWire(message)) : plain(404, 'Message not found');
  }

  private getDocument(req: SimRequest): SimResponse {
    if (req.query.boxId !== this.ourBoxId) return plain(403, 'Access to box denied');
    const message = this.messages.get(req.query.messageId ?? '');
    const document = message?.documents.find((d) => d.entityId === req.query.entityId);
    return message && document ? ok(this.documentWire(message, document)) : plain(404, 'Document not found');
  }

  private newEvents(req: SimRequest): SimResponse {
    if (req.query.boxId !== this.ourBoxId) return plain(403, 'Access to box denied');
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return plain(400, 'Parameter limit must be from 1 to 100');
    let start = 0;
    if (req.query.afterIndexKey !== undefined) {
      const at = this.events.findIndex((e) => e.indexKey === req.query.afterIndexKey);
      if (at < 0) return plain(400, 'Parameter afterIndexKey is invalid');
      start = at + 1;
    } else if (req.query.timestampFromTicks !== undefined) {
      const from = BigInt(/^\d+$/.test(req.query.timestampFromTicks) ? req.query.timestampFromTicks : '0');
      start = this.events.findIndex((e) => BigInt(ticksFromDate(e.at)) >= from);
      if (start < 0) start = this.events.length;
    }
    const direction = req.query.documentDirection;
    const matching = this.events.slice(start).filter((e) => {
      const message = this.messages.get(e.messageId)!;
      const outbound = message.fromBoxId === this.ourBoxId;
      return !direction || (direction === 'Outbound') === outbound;
    });
    const page = matching.slice(0, limit);
    return ok({ Events: page.map((e) => this.eventWire(e)), TotalCount: matching.length, TotalCountType: 'Equal' });
  }

  private newDocument(typeNamedId: string, fileName: string, content: Buffer, needRecipientSignature: boolean): SimDocument {
    return {
      entityId: randomUUID(), typeNamedId, fileName, content, needRecipientSignature,
      recipientResponseStatus: needRecipientSignature ? 'WaitingForRecipientSignature' : 'RecipientSignatureRequestNotRequired',
      statusText: needRecipientSignature ? 'Ожидается подпись контрагента' : 'Доставлен',
      createdAt: this.now(),
    };
  }

  private createMessage(init: { fromBoxId: string; toBoxId: string; isDraft: boolean; documents: SimDocument[] }): SimMessage {
    const message: SimMessage = { messageId: randomUUID(), createdAt: this.tick(), patches: [], ...init };
    this.messages.set(message.messageId, message);
    this.pushEvent(message);
    return message;
  }

  private patch(message: SimMessage, entity: Json): SimEvent {
    message.patches.push(entity);
    return this.pushEvent(message, { MessageId: message.messageId, TimestampTicks: ticksFromDate(this.tick()), Entities: [entity] });
  }

  private pushEvent(message: SimMessage, patch?: Json): SimEvent {
    // Index keys are opaque to clients; the real ones are base64 of an internal position.
    const indexKey = Buffer.from(`${String(this.events.length + 1).padStart(12, '0')}:${randomBytes(4).toString('hex')}`).toString('base64');
    const event: SimEvent = { eventId: randomUUID(), indexKey, boxId: this.ourBoxId, messageId: message.messageId, at: this.tick(), ...(patch ? { patch } : {}) };
    this.events.push(event);
    return event;
  }

  private tick(): Date {
    // Events of one millisecond keep their order: the feed is ordered by when they were recorded.
    const at = new Date(Math.max(this.now().getTime(), this.clockMs));
    this.clockMs = at.getTime();
    return at;
  }

  private eventWire(event: SimEvent): Json {
    const message = this.messages.get(event.messageId)!;
    return { EventId: event.eventId, IndexKey: event.indexKey, ...(event.patch ? { Patch: event.patch } : { Message: this.messageWire(message) }) };
  }

  private messageWire(message: SimMessage): Json {
    const title = (boxId: string) => this.organizations.find((o) => o.Boxes.some((b) => b.BoxId === boxId))?.FullName;
    return {
      MessageId: message.messageId,
      TimestampTicks: ticksFromDate(message.createdAt),
      FromBoxId: message.fromBoxId,
      FromTitle: title(message.fromBoxId),
      ToBoxId: message.toBoxId,
      ToTitle: title(message.toBoxId),
      IsDraft: message.isDraft,
      Entities: [
        ...message.documents.map((d) => ({
          EntityType: 'Attachment', EntityId: d.entityId, AttachmentType: d.typeNamedId, FileName: d.fileName,
          CreationTimestampTicks: ticksFromDate(d.createdAt), DocumentInfo: this.documentWire(message, d),
        })),
        ...message.patches,
      ],
    };
  }

  private documentWire(message: SimMessage, document: SimDocument): Json {
    const outbound = message.fromBoxId === this.ourBoxId;
    return {
      IndexKey: null,
      MessageId: message.messageId,
      EntityId: document.entityId,
      TypeNamedId: document.typeNamedId,
      Title: document.fileName,
      FileName: document.fileName,
      DocumentDirection: outbound ? 'Outbound' : 'Inbound',
      CounteragentBoxId: outbound ? message.toBoxId : message.fromBoxId,
      CreationTimestampTicks: ticksFromDate(document.createdAt),
      CustomDocumentId: document.customDocumentId ?? '',
      IsDraft: message.isDraft,
      RecipientResponseStatus: document.recipientResponseStatus,
      DocflowStatus: { PrimaryStatus: { Severity: 'Info', StatusText: document.statusText } },
    };
  }

  private mustFind(messageId: string, entityId?: string): { message: SimMessage; document: SimDocument } {
    const message = this.messages.get(messageId);
    const document = entityId ? message?.documents.find((d) => d.entityId === entityId) : message?.documents[0];
    if (!message || !document) throw new Error(`No message ${messageId} in the Diadoc simulator`);
    return { message, document };
  }
}

function ok(body: Json): SimResponse {
  return { status: 200, body };
}

function plain(status: number, body: string): SimResponse {
  return { status, body, headers: { 'content-type': 'text/plain; charset=utf-8' } };
}

/** `DiadocAuth ddauth_api_client_id=…,ddauth_token=…` as a map of its parts. */
function parseAuth(header: string | undefined): Map<string, string> {
  const m = /^DiadocAuth\s+(.*)$/i.exec(header ?? '');
  if (!m) return new Map();
  return new Map(m[1].split(',').map((part) => {
    const i = part.indexOf('=');
    return [part.slice(0, i).trim(), part.slice(i + 1).trim()] as [string, string];
  }));
}
