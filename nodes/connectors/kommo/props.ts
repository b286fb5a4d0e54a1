import { f, InputError } from '../../sdk';

/** Option sources the server resolves against a Kommo connection (see `kommoOptionSources` in index.ts). */
export const PIPELINES_SOURCE = 'kommo.pipelines';
export const STATUSES_SOURCE = 'kommo.statuses';
export const USERS_SOURCE = 'kommo.users';
export const LEAD_FIELDS_SOURCE = 'kommo.leadFields';

export const kommoProps = {
  connection: () => f.connection({ label: 'Kommo connection', connector: 'kommo', required: true }),
  leadId: () => f.number({ label: 'Lead id', required: true, integer: true, min: 1, placeholder: '{{ $trigger.lead.id }}' }),
  pipelineId: (description: string) => f.dynamicSelect({ label: 'Pipeline', source: PIPELINES_SOURCE, description }),
  statusId: (description: string) => f.dynamicSelect({ label: 'Stage', source: STATUSES_SOURCE, description }),
  hookPath: () => f.text({
    label: 'Hook path',
    required: true,
    expressions: false,
    minLength: 8,
    placeholder: 'kommo/3f9c2a7e51d04b8c',
    description: 'Secret part of the URL given to Kommo: /hooks/<path>. Kommo does not sign webhooks, so keep it long and unguessable.',
  }),
};

/** dynamicSelect values arrive as strings; an absent or blank choice means "any". */
export function optionalId(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const id = Number(value);
  if (!Number.isInteger(id) || id <= 0) throw new InputError(`'${value}' is not a Kommo ${field} id`, { field });
  return id;
}
