import type {
  Contact, CustomFieldMap, KommoContactWire, KommoCustomFieldValue, KommoLeadWire, KommoPipelineWire, Lead, Pipeline,
} from './types';

export function normaliseLead(wire: KommoLeadWire, contactDetails: KommoContactWire[] = []): Lead {
  const details = new Map(contactDetails.map((c) => [c.id, c]));
  const fields = wire.custom_fields_values ?? [];
  return {
    id: wire.id,
    name: wire.name,
    price: wire.price ?? 0,
    statusId: wire.status_id,
    pipelineId: wire.pipeline_id,
    responsibleUserId: wire.responsible_user_id,
    accountId: wire.account_id,
    createdAt: isoFromUnix(wire.created_at) ?? '',
    updatedAt: isoFromUnix(wire.updated_at) ?? '',
    closedAt: isoFromUnix(wire.closed_at),
    tags: (wire._embedded?.tags ?? []).map((t) => t.name),
    customFields: customFieldsById(fields),
    customFieldsByName: Object.fromEntries(fields.filter((f) => f.field_name).map((f) => [f.field_name as string, fieldValue(f)])),
    contacts: (wire._embedded?.contacts ?? []).map((c) => normaliseContact(c.id, c.is_main ?? false, details.get(c.id))),
    companyIds: (wire._embedded?.companies ?? []).map((c) => c.id),
  };
}

function normaliseContact(id: number, isMain: boolean, wire: KommoContactWire | undefined): Contact {
  if (!wire) return { id, isMain };
  const fields = wire.custom_fields_values ?? [];
  const first = (code: string) => {
    const value = fields.find((f) => f.field_code === code)?.values?.[0]?.value;
    return value === undefined || value === null ? undefined : String(value);
  };
  return {
    id,
    isMain,
    name: wire.name,
    firstName: wire.first_name,
    lastName: wire.last_name,
    phone: first('PHONE'),
    email: first('EMAIL'),
    customFields: customFieldsById(fields),
  };
}

export function normalisePipeline(wire: KommoPipelineWire): Pipeline {
  return {
    id: wire.id,
    name: wire.name,
    isMain: wire.is_main,
    statuses: (wire._embedded?.statuses ?? [])
      .map((s) => ({ id: s.id, name: s.name, sort: s.sort }))
      .sort((a, b) => a.sort - b.sort),
  };
}

function customFieldsById(fields: KommoCustomFieldValue[]): CustomFieldMap {
  const map: CustomFieldMap = {};
  for (const field of fields) {
    const value = fieldValue(field);
    map[String(field.field_id)] = value;
    if (field.field_code) map[field.field_code] = value;
  }
  return map;
}

/** One value stays a scalar so `{{ $trigger.lead.customFields.123 }}` reads naturally; several become a list. */
function fieldValue(field: KommoCustomFieldValue): unknown {
  const values = (field.values ?? []).map((v) => v.value ?? v.enum_code ?? v.enum_id ?? null);
  if (values.length === 0) return null;
  return values.length === 1 ? values[0] : values;
}

export function isoFromUnix(seconds: number | null | undefined): string | null {
  return typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
}
