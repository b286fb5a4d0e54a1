import type { ParamTexts } from '../texts';

/** The dedupe and business key params every trigger has (trigger-fields.ts). */
export const triggerKeys: Record<'dedupeKey' | 'businessKey', ParamTexts> = {
  dedupeKey: {
    label: 'Clave de deduplicación',
    description: 'Expresión sobre $trigger; una segunda entrega con la misma clave no inicia ninguna ejecución (p. ej. {{ $trigger.body.eventId }})',
  },
  businessKey: {
    label: 'Clave de negocio',
    description: 'Expresión sobre $trigger que se guarda en la ejecución para poder buscarla (p. ej. el id de un trato)',
  },
};

