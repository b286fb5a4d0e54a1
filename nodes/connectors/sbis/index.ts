import { defineConnector } from '../../sdk';
import { sbisApiFor } from './api';
import { readSbisAuth, sbisCredentialFields } from './auth';
import { sbisDownloadFile } from './actions/download-file';
import { sbisFindCounterparty } from './actions/find-counterparty';
import { sbisGetDocument } from './actions/get-document';
import { sbisSendDocument } from './actions/send-document';
import { sbisDocumentChanged } from './triggers/document-changed';
import { es } from './i18n/es';
import { ru } from './i18n/ru';

export const sbisConnector = defineConnector({
  key: 'sbis',
  texts: { ru, es },
  title: 'SBIS (Saby) EDO',
  // The editor names connector categories from its own list, which has no e-documents entry yet.
  category: 'Billing',
  description: 'Electronic documents through SBIS (Saby): send acts and invoices for signing, follow their state, download the signed files.',
  credentials: { kind: 'custom', fields: sbisCredentialFields },
  async testConnection(credentials, ctx) {
    const auth = readSbisAuth(credentials);
    // A login proves the password; reading the change list proves the organisation is this user's.
    await sbisApiFor(ctx, auth).changes({ since: ctx.now() }, { pageSize: 1 });
  },
  nodes: [sbisDocumentChanged, sbisSendDocument, sbisGetDocument, sbisDownloadFile, sbisFindCounterparty],
});

export { sbisDocumentChanged, sbisSendDocument, sbisGetDocument, sbisDownloadFile, sbisFindCounterparty };
export { sbisClient, sbisSessions, SbisSessions } from './client';
export { connectSbis } from './api';
