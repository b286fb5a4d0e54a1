import { defineConnector } from '../../sdk';
import { easycountApiFor } from './api';
import { easycountCredentialFields, readEasyCountAuth } from './auth';
import { easycountCreateInvoice } from './actions/create-invoice';
import { easycountCreatePaymentPage } from './actions/create-payment-page';
import { easycountValidatePayment } from './actions/validate-payment';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

export const easycountConnector = defineConnector({
  key: 'easycount',
  texts: { ru, es },
  title: 'EasyCount (EZcount)',
  category: 'Billing',
  description: 'Israeli invoicing: tax invoices and receipts, payment pages and payment validation.',
  credentials: { kind: 'apiKey', fields: easycountCredentialFields },
  async testConnection(credentials, ctx) {
    // EZcount has no "who am I" call; preparing a payment page is harmless and checks the key.
    const easycount = easycountApiFor(ctx, readEasyCountAuth(credentials));
    await easycount.preparePaymentPage({ amount: 1, currency: 'ILS', installments: 1, successUrl: 'https://example.com/flowbridge-connection-test' });
  },
  nodes: [easycountCreateInvoice, easycountCreatePaymentPage, easycountValidatePayment],
});

export { easycountCreateInvoice, easycountCreatePaymentPage, easycountValidatePayment };
