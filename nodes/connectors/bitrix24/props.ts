import { f, InputError } from '../../sdk';

/** Option sources the server resolves against a Bitrix24 connection (see `bitrix24OptionSources` in index.ts). */
export const USERS_SOURCE = 'bitrix24.users';
export const DEAL_STAGES_SOURCE = 'bitrix24.dealStages';
export const DEAL_FIELDS_SOURCE = 'bitrix24.dealFields';
export const INVOICE_STAGES_SOURCE = 'bitrix24.invoiceStages';
export const LISTS_SOURCE = 'bitrix24.lists';

export const bitrix24Props = {
  connection: () => f.connection({ label: 'Bitrix24 connection', connector: 'bitrix24', required: true }),
  dealId: () => f.key({ label: 'Deal id', required: true, placeholder: '{{ $trigger.deal.id }}' }),
  invoiceId: () => f.key({ label: 'Invoice id', required: true, placeholder: '{{ $trigger.invoice.id }}' }),
  user: (label: string, description: string) => f.dynamicSelect({ label, source: USERS_SOURCE, description }),
  requiredUser: (label: string, description: string) => f.dynamicSelect({ label, source: USERS_SOURCE, description, required: true }),
  dealStage: (description: string) => f.dynamicSelect({ label: 'Deal stage', source: DEAL_STAGES_SOURCE, description }),
  invoiceStage: (description: string) => f.dynamicSelect({ label: 'Invoice stage', source: INVOICE_STAGES_SOURCE, description }),
  hookPath: () => f.text({
    label: 'Hook path',
    required: true,
    expressions: false,
    minLength: 8,
    placeholder: 'bitrix24/7c1e9a40b2d35f68',
    description: 'Part of the handler URL given to the Bitrix24 outbound webhook: https://<flowbridge>/hooks/<path>',
  }),
};

/** A Bitrix24 id typed by a person or resolved from an expression; blank means "not given". */
export function optionalId(value: string | number | undefined, param: string): number | undefined {
  if (value === undefined || String(value).trim() === '') return undefined;
  return requiredId(value, param);
}

export function requiredId(value: string | number, param: string): number {
  const id = Number(String(value).trim());
  if (!Number.isInteger(id) || id <= 0) throw new InputError(`'${value}' is not a Bitrix24 id`, { field: param });
  return id;
}

/**
 * Field names a person typed into a key/value param. Bitrix24 silently ignores unknown fields, so a
 * name that cannot be a field is refused here rather than lost there.
 */
export function fieldMap(values: Record<string, unknown> | undefined, param: string, style: 'upper' | 'camel'): Record<string, unknown> {
  const pattern = style === 'upper' ? /^[A-Z][A-Z0-9_]*$/ : /^[a-z][A-Za-z0-9_]*$/;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    const key = name.trim();
    if (!pattern.test(key)) {
      const example = style === 'upper' ? 'UF_CRM_1725365197310' : 'ufCrm5_1725365197310';
      throw new InputError(`'${name}' is not a Bitrix24 field name (expected e.g. ${example})`, { field: param });
    }
    out[key] = value;
  }
  return out;
}
