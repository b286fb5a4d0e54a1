import type { SbisCounterparty, SbisDocument } from './normalise';

/** Sample outputs for the editor's variable picker, in the shapes the nodes produce. */
export const sampleDocument: SbisDocument = {
  id: '3b0c6f0e-5c1d-5a4e-9b7a-2f61d0c8e915',
  number: 'A-1042',
  date: '2026-03-02',
  type: 'ДокОтгрИсх',
  direction: 'outgoing',
  deleted: false,
  state: { code: '7', name: 'Выполнение завершено успешно', description: 'Документ подписан контрагентом' },
  signed: true,
  rejected: false,
  counterparty: { inn: '7707083893', kpp: '773601001', name: 'ООО «Ромашка»', isPerson: false },
  attachments: [{
    id: '8d7e2c41-0b5a-5f3e-a1c9-6e4b2d9f0a17',
    name: 'act-1042.pdf',
    fileUrl: 'https://online.sbis.ru/disk/api/v1/3b0c6f0e/act-1042.pdf',
    pdfUrl: 'https://online.sbis.ru/disk/api/v1/3b0c6f0e/act-1042.pdf?pdf',
    service: false,
    signatures: [{ fileUrl: 'https://online.sbis.ru/disk/api/v1/3b0c6f0e/act-1042.pdf.sgn', name: 'act-1042.pdf.sgn' }],
  }],
  events: [
    { id: 'a41f0d6e-2c7b-4e0f-9d35-1b8e6c2f7a90', name: 'Отправка', at: '2026-03-02T09:00:00.000Z', comment: null },
    { id: 'c92e7b15-8f3a-4d61-b0e4-5a7d9c3e1f28', name: 'Утверждение', at: '2026-03-03T11:30:00.000Z', comment: null },
  ],
  links: { pdf: 'https://online.sbis.ru/doc/3b0c6f0e.pdf', html: 'https://online.sbis.ru/doc/3b0c6f0e.html', cabinet: 'https://online.sbis.ru/page/edo/3b0c6f0e' },
  sendable: false,
};

export const sampleCounterparty: SbisCounterparty = {
  found: true,
  inn: '7707083893',
  kpp: '773601001',
  name: 'ООО «Ромашка»',
  isPerson: false,
  id: '4f1d2c7a-9e30-4b8e-8c15-0a6d3f9b2e71',
  edoIds: ['2BE4f1d2c7a9e304b8e8c150a6d3f9b2e71'],
};
