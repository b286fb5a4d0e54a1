import { defineConnector } from '../../sdk';
import { asproApiFor } from './api';
import { asproCredentialFields, readAsproAuth } from './auth';
import { asproCreateInvoice } from './actions/create-invoice';
import { asproGetCustomer } from './actions/get-customer';
import { asproGetInvoice } from './actions/get-invoice';
import { asproListInvoices } from './actions/list-invoices';
import { asproSetInvoiceStatus } from './actions/set-invoice-status';
import { asproInvoicePaid } from './triggers/invoice-paid';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

export const asproConnector = defineConnector({
  key: 'aspro',
  texts: { ru, es },
  title: 'Aspro.Cloud',
  category: 'Billing',
  description: 'Aspro.Cloud invoices and subscriptions: create invoices, set their status, react to payments, read when a subscription ends.',
  credentials: { kind: 'apiKey', fields: asproCredentialFields },
  async testConnection(credentials, ctx) {
    await asproApiFor(ctx, readAsproAuth(credentials)).invoicePage(1);
  },
  nodes: [asproInvoicePaid, asproCreateInvoice, asproGetInvoice, asproSetInvoiceStatus, asproListInvoices, asproGetCustomer],
});

export { asproInvoicePaid, asproCreateInvoice, asproGetInvoice, asproSetInvoiceStatus, asproListInvoices, asproGetCustomer };
export { asproClient } from './client';
export { connectAspro } from './api';
