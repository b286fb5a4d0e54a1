import type { ParamTexts } from '../texts';

/** The dedupe and business key params every trigger has (trigger-fields.ts). */
export const triggerKeys: Record<'dedupeKey' | 'businessKey', ParamTexts> = {
  dedupeKey: {
    label: 'Ключ дедупликации',
    description: 'Выражение от $trigger; повторная доставка с тем же ключом не запускает сценарий (например, {{ $trigger.body.eventId }})',
  },
  businessKey: {
    label: 'Бизнес-ключ',
    description: 'Выражение от $trigger, которое сохраняется в запуске, чтобы по нему можно было искать (например, id сделки)',
  },
};

