import { defineNode, f } from '../../../sdk';
import { connectDiadoc, orMissing } from '../api';
import { checkBoxId, checkGuid, diadocProps } from '../props';
import { sampleDocument } from '../samples';

export const diadocGetDocument = defineNode({
  type: 'diadoc.getDocument',
  kind: 'action',
  title: 'Get document status',
  category: 'Documents',
  connector: 'diadoc',
  sideEffects: false,
  description: 'Reads one document of a Diadoc message and its status; "signed" and "rejected" tell what the recipient did.',
  params: {
    connection: diadocProps.connection(),
    messageId: diadocProps.messageId(),
    entityId: f.key({ label: 'Document (entity) id', required: true, placeholder: '{{ $steps.send.document.entityId }}', description: 'The document\'s entity id within the message' }),
    boxId: diadocProps.boxId(),
  },
  sampleOutput: sampleDocument,
  async run(ctx, params) {
    const messageId = checkGuid(params.messageId, 'messageId', 'message id');
    const entityId = checkGuid(params.entityId, 'entityId', 'entity id');
    const explicit = checkBoxId(params.boxId, 'boxId');
    const diadoc = await connectDiadoc(ctx, params.connection);
    return orMissing(diadoc.getDocument(await diadoc.box(explicit), messageId, entityId), `Document ${entityId} of message ${messageId}`, 'entityId');
  },
});
