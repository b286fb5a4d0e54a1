import { defineConnector } from '../../sdk';
import { emailCredentialFields, readEmailAuth } from './auth';
import { emailClient } from './client';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

/**
 * SMTP accounts for the core `core.notify` node: the connector has no nodes of its own, its
 * connections are what "Notify" sends e-mail through.
 */
export const emailConnector = defineConnector({
  key: 'email',
  title: 'E-mail (SMTP)',
  category: 'Messaging',
  description: 'An SMTP account that the "Notify" node sends e-mail through: invoices to clients, alerts to the head of department.',
  credentials: { kind: 'basic', fields: emailCredentialFields },
  async testConnection(credentials) {
    await emailClient(readEmailAuth(credentials)).verify();
  },
  nodes: [],
  texts: { ru, es },
});

