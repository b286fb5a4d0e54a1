import type { DiadocDocument, DiadocMessage, DiadocOrganization } from './normalise';

/** Sample outputs for the editor's variable picker, in the shapes the nodes produce. */
export const sampleOrganization: DiadocOrganization = {
  orgId: '5f0c2d1e-7a3b-4c9d-8e1f-2a3b4c5d6e7f',
  inn: '7707083893',
  kpp: '773601001',
  name: 'ООО «Ромашка»',
  boxes: [{ boxId: '6f1d2c7a9e304b8e8c150a6d3f9b2e71@diadoc.ru', title: 'ООО «Ромашка»' }],
};

export const sampleDocument: DiadocDocument = {
  messageId: '0b9d3c1e-2f4a-4b6c-8d7e-9f0a1b2c3d4e',
  entityId: '7c6b5a49-3827-4615-a4b3-c2d1e0f9a8b7',
  typeNamedId: 'Nonformalized',
  title: 'act-1042.pdf',
  fileName: 'act-1042.pdf',
  direction: 'outbound',
  counteragentBoxId: '6f1d2c7a9e304b8e8c150a6d3f9b2e71@diadoc.ru',
  status: 'Подписан контрагентом',
  recipientResponseStatus: 'WithRecipientSignature',
  signed: true,
  rejected: false,
  customDocumentId: '3f7a9c0e1d2b4a6c8e0f1a2b3c4d5e6f',
  createdAt: '2026-03-02T09:00:00.000Z',
};

export const sampleMessage: DiadocMessage = {
  messageId: sampleDocument.messageId,
  fromBoxId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90@diadoc.ru',
  toBoxId: sampleDocument.counteragentBoxId,
  fromTitle: 'ООО «Сервисный центр»',
  toTitle: 'ООО «Ромашка»',
  isDraft: false,
  createdAt: '2026-03-02T09:00:00.000Z',
  documents: [sampleDocument],
};
