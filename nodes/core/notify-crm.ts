import { connectBitrix24 } from '../connectors/bitrix24/api';
import { requiredId } from '../connectors/bitrix24/props';
import { connectKommo } from '../connectors/kommo/api';
import { InputError, type NodeContext } from '../sdk';

export interface Bitrix24NotifyParams {
  bitrix24Connection?: string;
  bitrix24User?: string;
  text?: string;
}

export interface KommoNotifyParams {
  kommoConnection?: string;
  kommoUser?: string;
  kommoLeadId?: number;
  text?: string;
}

// A notification is read now; a day is long enough not to show up as overdue before it is seen.
const KOMMO_TASK_DUE_MS = 24 * 60 * 60 * 1000;

/**
 * A personal notification (the bell). Its tag comes from the step's idempotency key, and Bitrix24
 * replaces a notification with the same tag, so a retried step leaves the user one notification.
 */
export async function sendBitrix24(ctx: NodeContext, params: Bitrix24NotifyParams) {
  const userId = requiredId(params.bitrix24User ?? '', 'bitrix24User');
  const text = messageText(params.text);
  const api = await connectBitrix24(ctx, params.bitrix24Connection!);
  const notificationId = await api.notify({ userId, text, tag: `flowbridge:${ctx.idempotencyKey}` });
  ctx.log.info('Bitrix24 notification sent', { userId, notificationId });
  return { channel: 'bitrix24' as const, userId, notificationId };
}

/**
 * Kommo has no personal notification: the nearest thing that reaches one user is a task on the lead
 * with them responsible. Kommo only echoes request_id and does not deduplicate, so a retry first
 * looks for that user's open task with the same text, as kommo.createTask does.
 */
export async function sendKommo(ctx: NodeContext, params: KommoNotifyParams) {
  const userId = Number(String(params.kommoUser ?? '').trim());
  if (!Number.isInteger(userId) || userId <= 0) throw new InputError(`'${params.kommoUser ?? ''}' is not a Kommo user id`, { field: 'kommoUser' });
  const leadId = params.kommoLeadId!;
  const text = messageText(params.text);
  const api = await connectKommo(ctx, params.kommoConnection!);
  const dueAt = new Date(ctx.now().getTime() + KOMMO_TASK_DUE_MS);
  const existing = ctx.attempt > 1 ? await api.findOpenTask(leadId, text, userId) : undefined;
  const task = existing ?? await api.createTask({
    leadId, text, completeTill: dueAt, taskTypeId: 1, responsibleUserId: userId, requestId: ctx.idempotencyKey,
  });
  ctx.log.info('Kommo task created for the recipient', { userId, leadId, taskId: task.id, repeated: !!existing });
  return { channel: 'kommo' as const, userId, leadId, taskId: task.id, dueAt: existing ? new Date(existing.complete_till * 1000).toISOString() : dueAt.toISOString() };
}

function messageText(value: string | undefined): string {
  const text = value ?? '';
  if (!text.trim()) throw new InputError('The message text is empty', { field: 'text' });
  return text;
}
