import { createHash } from 'node:crypto';
import { ConfigError, RemoteError, missingIn, type HttpClient } from '../../sdk';
import { readDiadocAuth, type DiadocAuth } from './auth';
import { diadocClient, type DiadocClient, type DiadocTokens } from './client';
import { normaliseDocument, normaliseMessage, normaliseOrganization, type DiadocDocument, type DiadocMessage, type DiadocOrganization } from './normalise';
import { field, list, text, ticksFromDate, type Json } from './wire';

export interface DiadocAttachment {
  typeNamedId: string;
  function?: string;
  version?: string;
  filename: string;
  content: Buffer;
  signature?: Buffer;
  comment?: string;
  /** Our id of the document (from the step's idempotency key): finds it again after a lost answer. */
  customDocumentId: string;
  needRecipientSignature: boolean;
  metadata: { key: string; value: string }[];
}

export interface EventPage {
  events: Json[];
  /** Diadoc filled the page: there may be more after its last event. */
  full: boolean;
}

export const EVENTS_PAGE_SIZE = 100;
const MAX_ORGANIZATIONS = 100;

export function diadocApi(client: DiadocClient, auth: DiadocAuth) {
  let mine: Promise<DiadocOrganization[]> | undefined;

  const api = {
    baseUrl: client.baseUrl,

    /** Our organisations, read once per api (a step that needs them and the default box asks once). */
    myOrganizations(): Promise<DiadocOrganization[]> {
      mine ??= client.call({ method: 'GET', path: '/GetMyOrganizations' })
        .then(({ body }) => list(field(body, 'Organizations')).slice(0, MAX_ORGANIZATIONS).map(normaliseOrganization))
        .catch((error: unknown) => {
          mine = undefined;
          throw error;
        });
      return mine;
    },

    /** The given box, the connection's, or the first box of its first organisation. */
    async box(explicit?: string): Promise<string> {
      if (explicit) return explicit;
      if (auth.boxId) return auth.boxId;
      const box = (await api.myOrganizations()).flatMap((o) => o.boxes)[0];
      if (!box) throw new ConfigError('This Diadoc login sees no organisation with a box; set the box id on the connection');
      return box.boxId;
    },

    async organizationsByInnKpp(inn: string, kpp?: string): Promise<DiadocOrganization[]> {
      const { body } = await client.call({ method: 'GET', path: '/GetOrganizationsByInnKpp', query: { inn, kpp } }, { params: { inn: 'inn', kpp: 'kpp' }, field: 'inn' });
      return list(field(body, 'Organizations')).slice(0, MAX_ORGANIZATIONS).map(normaliseOrganization);
    },

    /** Posts a message; undefined when Diadoc says this operation id was already posted (409). */
    async postMessage(message: { fromBoxId: string; toBoxId: string; isDraft: boolean; attachment: DiadocAttachment; operationId: string }): Promise<DiadocMessage | undefined> {
      const a = message.attachment;
      const body = {
        FromBoxId: message.fromBoxId,
        ToBoxId: message.toBoxId,
        IsDraft: message.isDraft,
        DocumentAttachments: [{
          SignedContent: { Content: a.content.toString('base64'), ...(a.signature ? { Signature: a.signature.toString('base64') } : {}) },
          TypeNamedId: a.typeNamedId,
          ...(a.function ? { Function: a.function } : {}),
          ...(a.version ? { Version: a.version } : {}),
          Metadata: [{ Key: 'FileName', Value: a.filename }, ...a.metadata.map((m) => ({ Key: m.key, Value: m.value }))],
          ...(a.comment ? { Comment: a.comment } : {}),
          CustomDocumentId: a.customDocumentId,
          NeedRecipientSignature: a.needRecipientSignature,
        }],
      };
      const response = await client.call({ method: 'POST', path: '/V3/PostMessage', query: { operationId: message.operationId }, body }, {
        params: { ToBoxId: 'toBoxId', FromBoxId: 'boxId', TypeNamedId: 'typeNamedId', Signature: 'signature', Content: 'file', FileName: 'file', DocumentNumber: 'number', DocumentDate: 'date' },
        field: 'file',
        accept: [409],
      });
      if (response.status === 409) return undefined;
      const posted = normaliseMessage(response.body);
      if (!posted.messageId) throw new RemoteError('Diadoc PostMessage answered without a message id', { retryable: false });
      return posted;
    },

    async documentsByCustomId(boxId: string, customDocumentId: string): Promise<DiadocDocument[]> {
      const { body } = await client.call({ method: 'GET', path: '/GetDocumentsByCustomId', query: { boxId, customDocumentId } }, { params: { boxId: 'boxId' } });
      return list(field(body, 'Documents')).slice(0, 50).map((d) => normaliseDocument(d));
    },

    async getMessage(boxId: string, messageId: string): Promise<DiadocMessage> {
      const { body } = await client.call({ method: 'GET', path: '/V3/GetMessage', query: { boxId, messageId } }, { params: { boxId: 'boxId', messageId: 'messageId' }, field: 'messageId' });
      return normaliseMessage(body);
    },

    async getDocument(boxId: string, messageId: string, entityId: string): Promise<DiadocDocument> {
      const { body } = await client.call({ method: 'GET', path: '/V3/GetDocument', query: { boxId, messageId, entityId } }, {
        params: { boxId: 'boxId', messageId: 'messageId', entityId: 'entityId' }, field: 'entityId',
      });
      return normaliseDocument(body, { messageId, entityId });
    },

    /** One page of the box's events after an index key (or from a moment, until the first event is seen). */
    async newEvents(boxId: string, from: { afterIndexKey?: string; since?: Date }, options: { direction?: 'Outbound' | 'Inbound' }): Promise<EventPage> {
      const { body } = await client.call({
        method: 'GET',
        path: '/V7/GetNewEvents',
        query: {
          boxId,
          ...(from.afterIndexKey ? { afterIndexKey: from.afterIndexKey } : { timestampFromTicks: ticksFromDate(from.since ?? new Date(0)) }),
          ...(options.direction ? { documentDirection: options.direction } : {}),
          limit: EVENTS_PAGE_SIZE,
        },
      }, { params: { boxId: 'connection', documentDirection: 'direction' } });
      const events = list(field(body, 'Events')).filter((e): e is Json => !!text(field(e, 'EventId')) && !!text(field(e, 'IndexKey')));
      return { events, full: list(field(body, 'Events')).length >= EVENTS_PAGE_SIZE };
    },
  };
  return api;
}

export type DiadocApi = ReturnType<typeof diadocApi>;

interface ConnectContext {
  http: HttpClient;
  now(): Date;
  credentials<T>(connectionId: string): Promise<T>;
}

export async function connectDiadoc(ctx: ConnectContext, connectionId: string, options: { tokens?: DiadocTokens } = {}): Promise<DiadocApi> {
  return diadocApiFor(ctx, readDiadocAuth(await ctx.credentials<Record<string, unknown>>(connectionId)), options);
}

export function diadocApiFor(ctx: Pick<ConnectContext, 'http' | 'now'>, auth: DiadocAuth, options: { tokens?: DiadocTokens } = {}): DiadocApi {
  return diadocApi(diadocClient(ctx.http, auth, { now: () => ctx.now(), tokens: options.tokens }), auth);
}


/** A remote "no such …" as bad input naming the param that carried the id. */
export const orMissing = missingIn('Diadoc', 'or this login cannot see it');

/** The same id for every attempt of one step: Diadoc's operationId and our CustomDocumentId. */
export function operationIdFor(idempotencyKey: string, part = 'operation'): string {
  return createHash('sha256').update(`flowbridge:diadoc:${part}:${idempotencyKey}`).digest('hex').slice(0, 32);
}
