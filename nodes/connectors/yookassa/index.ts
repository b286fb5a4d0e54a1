import { defineConnector } from '../../sdk';
import { yookassaApiFor } from './api';
import { readYooKassaAuth, yookassaCredentialFields } from './auth';
import { createAllowList } from './ip-allowlist';
import { yookassaPaymentSucceeded } from './triggers/payment-succeeded';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

export const yookassaConnector = defineConnector({
  key: 'yookassa',
  texts: { ru, es },
  title: 'YooKassa',
  category: 'Payments',
  description: 'Marks invoices paid from YooKassa HTTP notifications, checked by sender address and by re-reading the payment.',
  credentials: { kind: 'basic', fields: yookassaCredentialFields },
  async testConnection(credentials, ctx) {
    const auth = readYooKassaAuth(credentials);
    // A mistyped extra network should fail here, not on the first notification.
    createAllowList(auth.extraAllowedNetworks);
    await yookassaApiFor(ctx, auth).listPayments(1);
  },
  nodes: [yookassaPaymentSucceeded],
});

export { yookassaPaymentSucceeded };
export { INVOICE_METADATA_KEYS } from './triggers/payment-succeeded';
export { YOOKASSA_NOTIFICATION_NETWORKS } from './ip-allowlist';
