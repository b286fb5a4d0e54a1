import { defineNode } from '../../../sdk';
import { connectSbis, orMissing } from '../api';
import { checkDocumentId, sbisProps } from '../props';
import { sampleDocument } from '../samples';

export const sbisGetDocument = defineNode({
  type: 'sbis.getDocument',
  kind: 'action',
  title: 'Get document',
  category: 'Documents',
  connector: 'sbis',
  sideEffects: false,
  description: 'Reads an SBIS document with its state (signed, rejected, in progress), counterparty, attachments and events.',
  params: {
    connection: sbisProps.connection(),
    documentId: sbisProps.documentId(),
  },
  sampleOutput: sampleDocument,
  async run(ctx, params) {
    const id = checkDocumentId(params.documentId);
    const sbis = await connectSbis(ctx, params.connection);
    return orMissing(sbis.readDocument(id), `Document ${id}`, 'documentId');
  },
});
