import { defineConnector } from '../../sdk';
import { konturBillingApiFor } from './api';
import { konturBillingCredentialFields, readKonturBillingAuth } from './auth';
import { konturBillingCreatePotentialSale } from './actions/create-potential-sale';
import { konturBillingFindPotentialSale } from './actions/find-potential-sale';
import { konturBillingGetInvoice } from './actions/get-invoice';
import { konturBillingGetPotentialSale } from './actions/get-potential-sale';
import { konturBillingUpdatePotentialSale } from './actions/update-potential-sale';
import { konturBillingInvoicePaid } from './triggers/invoice-paid';
import { konturBillingPotentialSaleChanged } from './triggers/potential-sale-changed';
import { saleDefaults } from './normalise';
import { readMapping } from './mapping';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

export const konturBillingConnector = defineConnector({
  key: 'kontur-billing',
  texts: { ru, es },
  title: 'Kontur.Billing partner portal',
  category: 'Billing',
  description:
    'Potential sales and invoice payments in the Kontur.Billing partner portal of an SKB Kontur service centre. Its API is not public: the paths, field names, key header and paging are ASSUMED '
    + '(see ASSUMPTIONS.md beside the connector); set the API URL and key header on the connection, and map any field the portal names otherwise in each node\'s "Field mapping".',
  credentials: { kind: 'apiKey', fields: konturBillingCredentialFields },
  async testConnection(credentials, ctx) {
    // One look-up of a sale nobody has proves the URL, the key and its header.
    await konturBillingApiFor(ctx, readKonturBillingAuth(credentials)).findSales({ externalId: 'flowbridge-connection-test' }, readMapping(saleDefaults, {}));
  },
  nodes: [
    konturBillingPotentialSaleChanged, konturBillingInvoicePaid,
    konturBillingCreatePotentialSale, konturBillingUpdatePotentialSale, konturBillingGetPotentialSale, konturBillingFindPotentialSale, konturBillingGetInvoice,
  ],
});

export {
  konturBillingPotentialSaleChanged, konturBillingInvoicePaid,
  konturBillingCreatePotentialSale, konturBillingUpdatePotentialSale, konturBillingGetPotentialSale, konturBillingFindPotentialSale, konturBillingGetInvoice,
};
export { konturBillingClient } from './client';
export { connectKonturBilling } from './api';
export { INVOICE_PAID_EVENT } from './triggers/invoice-paid';
