import { defineConnector } from '../../sdk';
import { stripeApiFor } from './api';
import { readStripeAuth, stripeCredentialFields } from './auth';
import { stripePaymentSucceeded } from './triggers/payment-succeeded';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

export const stripeConnector = defineConnector({
  key: 'stripe',
  texts: { ru, es },
  title: 'Stripe',
  category: 'Payments',
  description: 'Marks invoices paid from signed Stripe webhooks (payment intents and Checkout sessions).',
  credentials: { kind: 'signingSecret', fields: stripeCredentialFields },
  async testConnection(credentials, ctx) {
    const auth = readStripeAuth(credentials);
    // A signing secret cannot be checked remotely; with an API key at least the account is.
    if (auth.apiKey) await stripeApiFor(ctx, auth).listEvents(1);
  },
  nodes: [stripePaymentSucceeded],
});

export { stripePaymentSucceeded };
export { signStripePayload, verifyStripeSignature } from './signature';
export { INVOICE_METADATA_KEYS } from './events';
