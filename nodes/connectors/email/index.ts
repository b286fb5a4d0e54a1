import { defineConnector } from '../../sdk';
import { emailConnectionOf } from './auth';
import { createEmailClient } from './client';
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
  credentials: {
    kind: 'basic',
    fields: {
      host: { label: 'SMTP server', required: true, placeholder: 'smtp.example.com' },
      port: { label: 'Port', required: true, default: '587', description: '587 (STARTTLS) or 465 (TLS); 25 for a relay on this machine' },
      secure: { label: 'TLS from the start', default: 'false', description: 'true for port 465; false upgrades with STARTTLS, which is required unless the server is on this machine' },
      user: { label: 'User name', description: 'Empty for a relay that needs no login' },
      password: { label: 'Password', secret: true, description: 'For Gmail or Yandex: an app password, not the account password' },
      from: { label: 'Sender (From)', required: true, placeholder: 'Flowbridge robot <robot@example.com>', description: 'The address the server lets this account send as' },
    },
  },
  async testConnection(credentials) {
    await createEmailClient(emailConnectionOf(credentials)).verify();
  },
  nodes: [],
  texts: { ru, es },
});

