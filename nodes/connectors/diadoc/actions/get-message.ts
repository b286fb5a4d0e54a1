import { defineNode } from '../../../sdk';
import { connectDiadoc, orMissing } from '../api';
import { checkBoxId, checkGuid, diadocProps } from '../props';
import { sampleMessage } from '../samples';

export const diadocGetMessage = defineNode({
  type: 'diadoc.getMessage',
  kind: 'action',
  title: 'Get message',
  category: 'Documents',
  connector: 'diadoc',
  sideEffects: false,
  description: 'Reads a Diadoc message with its documents and where each one is: waiting for the recipient, signed, rejected.',
  params: {
    connection: diadocProps.connection(),
    messageId: diadocProps.messageId(),
    boxId: diadocProps.boxId(),
  },
  sampleOutput: sampleMessage,
  async run(ctx, params) {
    const messageId = checkGuid(params.messageId, 'messageId', 'message id');
    const explicit = checkBoxId(params.boxId, 'boxId');
    const diadoc = await connectDiadoc(ctx, params.connection);
    return orMissing(diadoc.getMessage(await diadoc.box(explicit), messageId), `Message ${messageId}`, 'messageId');
  },
});
