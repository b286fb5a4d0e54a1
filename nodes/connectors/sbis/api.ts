import { createHash } from 'node:crypto';
import { RemoteError, isNotFound, missingIn, type HttpClient } from '../../sdk';
import { readSbisAuth, type SbisAuth } from './auth';
import { sbisClient, type SbisClient, type SbisDownload, type SbisSessions } from './client';
import { normaliseCounterparty, normaliseDocument, type SbisCounterparty, type SbisDocument } from './normalise';
import { isPersonInn } from './requisites';
import { field, sbisDate, sbisDateTime, text, yes, type Json } from './wire';

export interface NewSbisDocument {
  id: string;
  type: string;
  number: string;
  date: Date;
  comment?: string;
  regulation?: string;
  counterparty: { inn: string; kpp?: string; name?: string };
  file: { attachmentId: string; filename: string; content: Buffer };
  /** Kept on the document for whoever traces it back to the run. */
  reference: string;
}

export interface ChangePage {
  /** One entry per change: the document as it is now, with the event that changed it. */
  documents: Json[];
  hasMore: boolean;
}

/** SBIS document fields → the sendDocument params they come from, to name the param SBIS complains about. */
const DOCUMENT_FIELDS: Record<string, string> = {
  'Контрагент.СвЮЛ.ИНН': 'counterpartyInn',
  'Контрагент.СвФЛ.ИНН': 'counterpartyInn',
  'Контрагент.СвЮЛ.КПП': 'counterpartyKpp',
  'Контрагент.СвЮЛ.Название': 'counterpartyName',
  'Контрагент.СвФЛ.Название': 'counterpartyName',
  Контрагент: 'counterpartyInn',
  Номер: 'number',
  Дата: 'date',
  Тип: 'documentType',
  Примечание: 'comment',
  Регламент: 'regulation',
  Вложение: 'file',
  Файл: 'file',
  ДвоичныеДанные: 'file',
  Имя: 'file',
};

const SEND_STAGE = 'Отправка';
const SEND_ACTION = 'Отправить';

export function sbisApi(client: SbisClient, auth: SbisAuth) {
  const ourOrganisation = isPersonInn(auth.ourInn) ? { СвФЛ: { ИНН: auth.ourInn } } : { СвЮЛ: { ИНН: auth.ourInn, КПП: auth.ourKpp } };
  const certificate = auth.certificateThumbprint ? { Сертификат: { Отпечаток: auth.certificateThumbprint } } : {};

  const api = {
    baseUrl: client.baseUrl,

    /** Step 1 of a send: the draft, under the id we chose (SBIS updates a draft written again under it). */
    async writeDocument(doc: NewSbisDocument): Promise<SbisDocument> {
      const { inn, kpp, name } = doc.counterparty;
      const counterparty = isPersonInn(inn)
        ? { СвФЛ: { ИНН: inn, ...(name ? { Название: name } : {}) } }
        : { СвЮЛ: { ИНН: inn, КПП: kpp, ...(name ? { Название: name } : {}) } };
      const params = {
        Документ: {
          Идентификатор: doc.id,
          Тип: doc.type,
          Дата: sbisDate(doc.date),
          Номер: doc.number,
          ...(doc.comment ? { Примечание: doc.comment } : {}),
          Редакция: { ПримечаниеИС: doc.reference },
          ...(doc.regulation ? { Регламент: { Название: doc.regulation } } : {}),
          НашаОрганизация: ourOrganisation,
          Контрагент: counterparty,
          Вложение: [{ Идентификатор: doc.file.attachmentId, Файл: { Имя: doc.file.filename, ДвоичныеДанные: doc.file.content.toString('base64') } }],
        },
      };
      return normaliseDocument(await client.call('СБИС.ЗаписатьДокумент', params, { fields: DOCUMENT_FIELDS }));
    },

    /** Step 2: SBIS readies the files to sign (their hashes); with a signature kept by SBIS there is nothing for us to sign. */
    async prepareSend(id: string): Promise<void> {
      const result = await client.call('СБИС.ПодготовитьДействие', {
        Документ: { Идентификатор: id, Этап: { Название: SEND_STAGE, Действие: { Название: SEND_ACTION, ...certificate } } },
      }, { field: 'documentId' });
      if (text(field(result, 'Идентификатор')) && text(field(result, 'Идентификатор')) !== id) {
        throw new RemoteError(`SBIS prepared document ${String(field(result, 'Идентификатор'))} instead of ${id}`, { retryable: false });
      }
    },

    /** Step 3: the send itself; the counterparty gets the document (or an invitation, when not yet on EDO). */
    async executeSend(id: string, comment?: string): Promise<SbisDocument> {
      const result = await client.call('СБИС.ВыполнитьДействие', {
        Документ: { Идентификатор: id, Этап: { Название: SEND_STAGE, Действие: { Название: SEND_ACTION, ...(comment ? { Комментарий: comment } : {}), ...certificate } } },
      }, { field: 'documentId' });
      return normaliseDocument(result);
    },

    async readDocument(id: string): Promise<SbisDocument> {
      return normaliseDocument(await client.call('СБИС.ПрочитатьДокумент', { Документ: { Идентификатор: id } }, { field: 'documentId' }));
    },

    /** The document, or undefined when SBIS does not know the id. */
    async findDocument(id: string): Promise<SbisDocument | undefined> {
      try {
        return await api.readDocument(id);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    /** One page of the change list after an event id (or from a moment, the first time). */
    async changes(from: { eventId?: string; since?: Date }, options: { type?: string; pageSize: number }): Promise<ChangePage> {
      const filter: Json = {
        ...(from.eventId ? { ИдентификаторСобытия: from.eventId } : { ДатаВремяС: sbisDateTime(from.since ?? new Date(0)) }),
        ...(options.type ? { Тип: options.type } : {}),
        НашаОрганизация: ourOrganisation,
        ПолныйСертификатЭП: 'Нет',
        Навигация: { РазмерСтраницы: String(options.pageSize) },
      };
      const result = await client.call('СБИС.СписокИзменений', { Фильтр: filter }, { field: 'documentType' });
      const documents = field(result, 'Документ');
      return {
        documents: (Array.isArray(documents) ? documents : documents ? [documents] : []).filter((d): d is Json => typeof d === 'object' && d !== null && !Array.isArray(d)),
        hasMore: yes(field(field(result, 'Навигация'), 'ЕстьЕще')),
      };
    },

    /** A participant by INN (and KPP for a company); undefined when SBIS knows no such organisation. */
    async findCounterparty(inn: string, kpp?: string): Promise<SbisCounterparty | undefined> {
      const participant = isPersonInn(inn) ? { СвФЛ: { ИНН: inn } } : { СвЮЛ: { ИНН: inn, ...(kpp ? { КПП: kpp } : {}) } };
      try {
        const result = await client.call('СБИС.ИнформацияОКонтрагенте', { Участник: { ...participant, ДопПоля: 'СписокИдентификаторов' } }, {
          fields: { ИНН: 'inn', КПП: 'kpp' }, field: 'inn',
        });
        return result ? normaliseCounterparty(result, inn) : undefined;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },

    download(url: string, maxBytes: number): Promise<SbisDownload> {
      return client.download(url, maxBytes);
    },
  };
  return api;
}

export type SbisApi = ReturnType<typeof sbisApi>;

interface ConnectContext {
  http: HttpClient;
  now(): Date;
  credentials<T>(connectionId: string): Promise<T>;
}

export async function connectSbis(ctx: ConnectContext, connectionId: string, options: { sessions?: SbisSessions } = {}): Promise<SbisApi> {
  return sbisApiFor(ctx, readSbisAuth(await ctx.credentials<Record<string, unknown>>(connectionId)), options);
}

export function sbisApiFor(ctx: Pick<ConnectContext, 'http' | 'now'>, auth: SbisAuth, options: { sessions?: SbisSessions } = {}): SbisApi {
  return sbisApi(sbisClient(ctx.http, auth, { now: () => ctx.now(), sessions: options.sessions }), auth);
}


/** A remote "no such …" as bad input naming the param that carried the id. */
export const orMissing = missingIn('SBIS', 'or this login cannot see it');

/**
 * A UUID made from the step's idempotency key: every attempt of one step writes the same SBIS
 * document, so a retry after a lost answer finds it instead of sending a second one.
 */
export function documentIdFor(idempotencyKey: string, part = 'document'): string {
  const hex = createHash('sha256').update(`flowbridge:sbis:${part}:${idempotencyKey}`).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
