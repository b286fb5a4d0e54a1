import type { AsproCustomer, AsproInvoice } from './normalise';

/** Sample outputs for the editor's variable picker, in the shapes the nodes produce. */
export const sampleInvoice: AsproInvoice = {
  id: 1042,
  uuid: '6f1c2a90-3b7d-4e55-9a1e-0d2b7c4f8e31',
  number: 'СЧ-1042',
  date: '2026-03-02',
  dueDate: '2026-03-09',
  statusId: 3,
  total: '12500.00',
  paidTotal: '12500.00',
  paidAt: '2026-03-04 11:20:00',
  paid: true,
  customerId: 311,
  customerName: 'ООО «Ромашка»',
  currency: 'RUB',
  updatedAt: '2026-03-04 11:20:05',
  subscriptionEndsAt: '2027-03-04',
  customFields: { cf_12: '2027-03-04' },
};

export const sampleCustomer: AsproCustomer = {
  id: 311,
  name: 'ООО «Ромашка»',
  type: '1',
  email: 'buh@romashka.example',
  phone: '+7 495 000-00-00',
  inn: '7707083893',
  subscriptionEndsAt: '2027-03-04',
  customFields: { cf_12: '2027-03-04' },
};
