import { defineConnector } from '../../sdk';
import { diadocApiFor } from './api';
import { diadocCredentialFields, readDiadocAuth } from './auth';
import { diadocFindCounterparty } from './actions/find-counterparty';
import { diadocGetDocument } from './actions/get-document';
import { diadocGetMessage } from './actions/get-message';
import { diadocGetMyOrganizations } from './actions/get-my-organizations';
import { diadocSendDocument } from './actions/send-document';
import { diadocDocumentChanged } from './triggers/document-changed';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

export const diadocConnector = defineConnector({
  key: 'diadoc',
  texts: { ru, es },
  title: 'Diadoc (Kontur) EDO',
  // The editor names connector categories from its own list, which has no e-documents entry yet.
  category: 'Billing',
  description: 'Electronic documents through Kontur.Diadoc: send acts, invoices and contracts to a counterparty\'s box, follow their signing through the box\'s event feed, find counterparties by INN.',
  credentials: { kind: 'custom', fields: diadocCredentialFields },
  async testConnection(credentials, ctx) {
    // A token proves the login; listing the organisations proves the developer key and the access.
    const organizations = await diadocApiFor(ctx, readDiadocAuth(credentials)).myOrganizations();
    if (!organizations.length) throw new Error('This Diadoc login sees no organisation');
  },
  nodes: [diadocDocumentChanged, diadocSendDocument, diadocGetMessage, diadocGetDocument, diadocFindCounterparty, diadocGetMyOrganizations],
});

export { diadocDocumentChanged, diadocSendDocument, diadocGetMessage, diadocGetDocument, diadocFindCounterparty, diadocGetMyOrganizations };
export { diadocClient, diadocTokens, DiadocTokens } from './client';
export { connectDiadoc } from './api';
