import { asList, asRecord, dayFromSbis, field, isoFromSbis, path, text, yes } from './wire';

/** An SBIS document as the nodes output it: English names, ISO dates, and what the state means. */
export interface SbisDocument {
  id: string;
  number: string | null;
  date: string | null;
  type: string | null;
  direction: 'outgoing' | 'incoming' | null;
  deleted: boolean;
  state: { code: string | null; name: string | null; description: string | null };
  /** The counterparty signed (state code 7, "completed successfully"). */
  signed: boolean;
  /** The counterparty refused to sign. */
  rejected: boolean;
  counterparty: { inn: string | null; kpp: string | null; name: string | null; isPerson: boolean };
  attachments: SbisAttachment[];
  events: SbisEvent[];
  links: { pdf: string | null; html: string | null; cabinet: string | null };
  /** Whether SBIS still offers to send it (a draft left by an interrupted send). */
  sendable: boolean;
}

export interface SbisAttachment {
  id: string | null;
  name: string | null;
  fileUrl: string | null;
  pdfUrl: string | null;
  service: boolean;
  signatures: { fileUrl: string | null; name: string | null }[];
}

export interface SbisEvent {
  id: string;
  name: string | null;
  at: string | null;
  comment: string | null;
}

/**
 * The only state code integrations agree on: "7", the document flow completed successfully (signed
 * by the counterparty). Others are not published, so a refusal is recognised by the state's name.
 */
export const SIGNED_STATE_CODE = '7';
const REJECTED_STATE = /отклон|отказ|reject/i;
// Events and attachments are bounded: a long-lived document can carry hundreds of them.
const MAX_EVENTS = 100;
const MAX_ATTACHMENTS = 50;

export function outcomeOf(state: SbisDocument['state']): 'signed' | 'rejected' | null {
  if (state.code === SIGNED_STATE_CODE) return 'signed';
  if (REJECTED_STATE.test(`${state.name ?? ''} ${state.description ?? ''}`)) return 'rejected';
  return null;
}

export function normaliseDocument(wire: unknown): SbisDocument {
  const doc = asRecord(wire);
  const state = {
    code: text(path(doc, 'Состояние', 'Код')) ?? null,
    name: text(path(doc, 'Состояние', 'Название')) ?? null,
    description: text(path(doc, 'Состояние', 'Описание')) ?? null,
  };
  const outcome = outcomeOf(state);
  const direction = text(field(doc, 'Направление'));
  const legal = asRecord(path(doc, 'Контрагент', 'СвЮЛ'));
  const person = asRecord(path(doc, 'Контрагент', 'СвФЛ'));
  const isPerson = Object.keys(person).length > 0 && Object.keys(legal).length === 0;
  const party = isPerson ? person : legal;
  const personName = [text(field(person, 'Фамилия')), text(field(person, 'Имя')), text(field(person, 'Отчество'))].filter(Boolean).join(' ');
  return {
    id: text(field(doc, 'Идентификатор')) ?? '',
    number: text(field(doc, 'Номер')) ?? null,
    date: dayFromSbis(field(doc, 'Дата')) ?? null,
    type: text(field(doc, 'Тип')) ?? null,
    direction: direction === 'Исходящий' ? 'outgoing' : direction === 'Входящий' ? 'incoming' : null,
    deleted: yes(field(doc, 'Удален')),
    state,
    signed: outcome === 'signed',
    rejected: outcome === 'rejected',
    counterparty: {
      inn: text(field(party, 'ИНН')) ?? null,
      kpp: isPerson ? null : text(field(party, 'КПП')) ?? null,
      name: (isPerson ? personName || text(field(person, 'Название')) : text(field(legal, 'Название'))) ?? null,
      isPerson,
    },
    attachments: asList(field(doc, 'Вложение')).slice(0, MAX_ATTACHMENTS).map(normaliseAttachment),
    events: eventsOf(doc).slice(-MAX_EVENTS),
    links: {
      pdf: text(field(doc, 'СсылкаНаPDF')) ?? null,
      html: text(field(doc, 'СсылкаНаHTML')) ?? null,
      cabinet: text(field(doc, 'СсылкаВКабинет')) ?? null,
    },
    sendable: asList(field(doc, 'Этап')).some((stage) => text(field(stage, 'Название')) === 'Отправка'),
  };
}

export function eventsOf(doc: unknown): SbisEvent[] {
  return asList(field(doc, 'Событие')).flatMap((raw) => {
    const id = text(field(raw, 'Идентификатор'));
    if (!id) return [];
    return [{
      id,
      name: text(field(raw, 'Название')) ?? null,
      at: isoFromSbis(field(raw, 'ДатаВремя')) ?? null,
      comment: text(field(raw, 'Комментарий')) ?? null,
    }];
  });
}

function normaliseAttachment(raw: unknown): SbisAttachment {
  return {
    id: text(field(raw, 'Идентификатор')) ?? null,
    name: text(path(raw, 'Файл', 'Имя')) ?? text(field(raw, 'Название')) ?? null,
    // SBIS sometimes leaves the link empty for a while; that is "not ready yet", not "no file".
    fileUrl: text(path(raw, 'Файл', 'Ссылка')) ?? null,
    pdfUrl: text(field(raw, 'СсылкаНаPDF')) ?? null,
    service: yes(field(raw, 'Служебный')),
    signatures: asList(field(raw, 'Подпись')).slice(0, 10).map((signature) => ({
      fileUrl: text(path(signature, 'Файл', 'Ссылка')) ?? null,
      name: text(path(signature, 'Файл', 'Имя')) ?? null,
    })),
  };
}

export interface SbisCounterparty {
  found: true;
  inn: string;
  kpp: string | null;
  name: string | null;
  isPerson: boolean;
  /** SBIS's own id of the participant, when it gives one. */
  id: string | null;
  /** EDO identifiers (operator boxes) SBIS lists for it. */
  edoIds: string[];
}

export function normaliseCounterparty(wire: unknown, inn: string): SbisCounterparty {
  const result = asRecord(wire);
  const legal = asRecord(field(result, 'СвЮЛ'));
  const person = asRecord(field(result, 'СвФЛ'));
  const isPerson = Object.keys(person).length > 0 && Object.keys(legal).length === 0;
  const party = isPerson ? person : legal;
  const personName = [text(field(person, 'Фамилия')), text(field(person, 'Имя')), text(field(person, 'Отчество'))].filter(Boolean).join(' ');
  const ids = asList(field(result, 'Идентификаторы') ?? field(result, 'СписокИдентификаторов'))
    .map((entry) => text(entry) ?? text(field(entry, 'Идентификатор')))
    .filter((id): id is string => !!id)
    .slice(0, 20);
  return {
    found: true,
    inn: text(field(party, 'ИНН')) ?? inn,
    kpp: isPerson ? null : text(field(legal, 'КПП')) ?? null,
    name: (isPerson ? personName || null : text(field(legal, 'Название'))) ?? null,
    isPerson,
    id: text(field(result, 'Идентификатор')) ?? null,
    edoIds: ids,
  };
}
