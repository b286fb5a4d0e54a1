import { field, isoFromTicks, list, path, text } from './wire';

/** What the nodes output for Diadoc objects: stable English names, ISO times, what a status means. */
export interface DiadocOrganization {
  orgId: string;
  inn: string | null;
  kpp: string | null;
  name: string | null;
  boxes: { boxId: string; title: string | null }[];
}

export interface DiadocDocument {
  messageId: string;
  entityId: string;
  typeNamedId: string | null;
  title: string | null;
  fileName: string | null;
  direction: 'outbound' | 'inbound' | null;
  counteragentBoxId: string | null;
  /** Diadoc's own words for where the document is, e.g. "Подписан контрагентом". */
  status: string | null;
  recipientResponseStatus: string | null;
  signed: boolean;
  rejected: boolean;
  customDocumentId: string | null;
  createdAt: string | null;
}

export interface DiadocMessage {
  messageId: string;
  fromBoxId: string | null;
  toBoxId: string | null;
  fromTitle: string | null;
  toTitle: string | null;
  isDraft: boolean;
  createdAt: string | null;
  documents: DiadocDocument[];
}

const SIGNED = new Set(['WithRecipientSignature', 'WithRecipientPartiallySignature']);
const REJECTED = new Set(['RecipientSignatureRequestRejected']);
// A long-lived message can carry dozens of documents; the nodes output a bounded list.
const MAX_DOCUMENTS = 50;

export function outcomeOf(recipientResponseStatus: string | null): 'signed' | 'rejected' | null {
  if (!recipientResponseStatus) return null;
  if (SIGNED.has(recipientResponseStatus)) return 'signed';
  if (REJECTED.has(recipientResponseStatus)) return 'rejected';
  return null;
}

export function normaliseOrganization(wire: unknown): DiadocOrganization {
  return {
    orgId: text(field(wire, 'OrgId')) ?? '',
    inn: text(field(wire, 'Inn')) ?? null,
    kpp: text(field(wire, 'Kpp')) ?? null,
    name: text(field(wire, 'FullName')) ?? text(field(wire, 'ShortName')) ?? null,
    boxes: list(field(wire, 'Boxes')).slice(0, 20).flatMap((box) => {
      const boxId = text(field(box, 'BoxId')) ?? text(field(box, 'BoxIdGuid'));
      return boxId ? [{ boxId, title: text(field(box, 'Title')) ?? null }] : [];
    }),
  };
}

/** A `Document` (GetDocument, GetDocuments) or the `DocumentInfo` of a message's entity. */
export function normaliseDocument(wire: unknown, fallback: { messageId?: string; entityId?: string } = {}): DiadocDocument {
  const response = text(field(wire, 'RecipientResponseStatus')) ?? null;
  const outcome = outcomeOf(response);
  const direction = text(field(wire, 'DocumentDirection'));
  return {
    messageId: text(field(wire, 'MessageId')) ?? fallback.messageId ?? '',
    entityId: text(field(wire, 'EntityId')) ?? fallback.entityId ?? '',
    typeNamedId: text(field(wire, 'TypeNamedId')) ?? null,
    title: text(field(wire, 'Title')) ?? null,
    fileName: text(field(wire, 'FileName')) ?? null,
    direction: direction === 'Outbound' ? 'outbound' : direction === 'Inbound' ? 'inbound' : null,
    counteragentBoxId: text(field(wire, 'CounteragentBoxId')) ?? null,
    status: text(path(wire, 'DocflowStatus', 'PrimaryStatus', 'StatusText')) ?? null,
    recipientResponseStatus: response,
    signed: outcome === 'signed',
    rejected: outcome === 'rejected',
    customDocumentId: text(field(wire, 'CustomDocumentId')) ?? null,
    createdAt: isoFromTicks(field(wire, 'CreationTimestampTicks')) ?? null,
  };
}

export function normaliseMessage(wire: unknown): DiadocMessage {
  const messageId = text(field(wire, 'MessageId')) ?? '';
  const documents = list(field(wire, 'Entities'))
    .filter((entity) => text(field(entity, 'EntityType')) === 'Attachment' && field(entity, 'DocumentInfo') !== undefined)
    .slice(0, MAX_DOCUMENTS)
    .map((entity) => normaliseDocument(field(entity, 'DocumentInfo'), { messageId, entityId: text(field(entity, 'EntityId')) }));
  return {
    messageId,
    fromBoxId: text(field(wire, 'FromBoxId')) ?? null,
    toBoxId: text(field(wire, 'ToBoxId')) ?? null,
    fromTitle: text(field(wire, 'FromTitle')) ?? null,
    toTitle: text(field(wire, 'ToTitle')) ?? null,
    isDraft: field(wire, 'IsDraft') === true,
    createdAt: isoFromTicks(field(wire, 'TimestampTicks')) ?? isoFromTicks(field(wire, 'CreatedTimestampTicks')) ?? null,
    documents,
  };
}
