import type { Invoice, PotentialSale } from './normalise';

/** Sample outputs for the editor's variable picker, in the shapes the nodes produce. */
export const sampleSale: PotentialSale = {
  id: '48213',
  externalId: '10452',
  client: { name: 'ООО «Ромашка»', inn: '7707083893', kpp: '773601001' },
  contact: { name: 'Анна Петрова', phone: '+7 912 345-67-89', email: 'buh@romashka.ru' },
  orderType: 'Новое подключение',
  product: 'Контур.Экстерн',
  completionDate: '2026-03-31',
  comment: 'Клиент с сайта, нужна ЭЦП',
  status: 'Зарегистрирована',
  createdAt: '2026-03-02T09:00:00.000Z',
  updatedAt: '2026-03-02T09:00:00.000Z',
};

export const sampleInvoice: Invoice = {
  id: '77120',
  number: 'СЧ-2026-0412',
  potentialSaleId: sampleSale.id,
  externalId: sampleSale.externalId,
  amount: '12500.00',
  currency: 'RUB',
  status: 'paid',
  paid: true,
  issuedAt: '2026-03-03T10:00:00.000Z',
  paidAt: '2026-03-05T08:15:00.000Z',
  payments: [{ id: 'p-9001', amount: '12500.00', paidAt: '2026-03-05T08:15:00.000Z' }],
};
