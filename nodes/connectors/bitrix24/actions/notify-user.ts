import { defineNode, f } from '../../../sdk';
import { connectBitrix24 } from '../api';
import { bitrix24Props, requiredId } from '../props';

export const bitrix24NotifyUser = defineNode({
  type: 'bitrix24.notifyUser',
  kind: 'action',
  title: 'Notify user',
  category: 'CRM',
  connector: 'bitrix24',
  description: 'Sends a personal notification to a Bitrix24 user (the bell), e.g. to the head of department about a new invoice.',
  params: {
    connection: bitrix24Props.connection(),
    userId: bitrix24Props.requiredUser('Recipient', 'User id, e.g. {{ $steps.head.head.id }}'),
    message: f.text({ label: 'Message', required: true, multiline: true, minLength: 1, description: 'BB-code works: [b]bold[/b], [url=…]link[/url]' }),
    messageOut: f.text({ label: 'Text for e-mail and push', multiline: true, description: 'Empty: the message itself' }),
    tag: f.text({ label: 'Tag', description: 'A newer notification with the same tag replaces the older one; empty: one tag per run and node, so a retry never notifies twice' }),
  },
  sampleOutput: { notificationId: 12345 },
  async run(ctx, params) {
    const userId = requiredId(params.userId, 'userId');
    const api = await connectBitrix24(ctx, params.connection);
    const notificationId = await api.notify({ userId, text: params.message, textOut: params.messageOut || undefined, tag: params.tag || `flowbridge:${ctx.idempotencyKey}` });
    return { notificationId };
  },
});
