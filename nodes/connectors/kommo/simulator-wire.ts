import { randomUUID } from 'node:crypto';
import { tokenSignature, type KommoTokenAlgorithm, type KommoTokenClaims } from './auth';
import type { KommoCustomFieldValue, KommoLeadWire } from './types';

/** Wire payloads Kommo sends *to* us, built for specs, scenarios and the demo. */

export type KommoLead = Omit<KommoLeadWire, '_links'>;

export interface CustomFieldDefinition {
  id: number;
  name: string;
  code: string | null;
  type: 'text' | 'textarea' | 'numeric' | 'select' | 'url' | 'date';
  enums?: { id: number; value: string }[];
}

/** A `status_lead` account webhook / Digital Pipeline hook, form-encoded with the v2 field names Kommo still uses there. */
export function statusWebhookBody(
  lead: KommoLead,
  oldStatusId: number,
  account: { id: number; subdomain: string; url: string },
  options: { oldPipelineId?: number; modifiedUserId?: number } = {},
): string {
  const form = new URLSearchParams();
  const put = (path: (string | number)[], value: unknown) => form.append(`leads[status][0]${path.map((p) => `[${p}]`).join('')}`, String(value));
  put(['id'], lead.id);
  put(['name'], lead.name);
  put(['status_id'], lead.status_id);
  put(['old_status_id'], oldStatusId);
  put(['pipeline_id'], lead.pipeline_id);
  put(['old_pipeline_id'], options.oldPipelineId ?? lead.pipeline_id);
  put(['price'], lead.price);
  put(['responsible_user_id'], lead.responsible_user_id);
  put(['last_modified'], lead.updated_at);
  put(['modified_user_id'], options.modifiedUserId ?? lead.updated_by);
  put(['created_user_id'], lead.created_by);
  put(['date_create'], lead.created_at);
  put(['created_at'], lead.created_at);
  put(['updated_at'], lead.updated_at);
  put(['account_id'], lead.account_id);
  (lead._embedded?.tags ?? []).forEach((tag, i) => {
    put(['tags', i, 'id'], tag.id);
    put(['tags', i, 'name'], tag.name);
  });
  (lead.custom_fields_values ?? []).forEach((field: KommoCustomFieldValue, i) => {
    put(['custom_fields', i, 'id'], field.field_id);
    put(['custom_fields', i, 'name'], field.field_name ?? '');
    (field.values ?? []).forEach((v, j) => {
      put(['custom_fields', i, 'values', j, 'value'], v.value ?? '');
      if (v.enum_id !== undefined) put(['custom_fields', i, 'values', j, 'enum'], v.enum_id);
    });
  });
  form.append('account[subdomain]', account.subdomain);
  form.append('account[id]', String(account.id));
  form.append('account[_links][self]', account.url);
  return form.toString();
}

export function signKommoToken(claims: KommoTokenClaims, secret: string, algorithm: KommoTokenAlgorithm = 'HS256'): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ typ: 'JWT', alg: algorithm })}.${encode(claims)}`;
  return `${signingInput}.${tokenSignature(algorithm, secret, signingInput).toString('base64url')}`;
}

/** Claims of a widget's disposable `X-Auth-Token` (HS256, 30 minutes). */
export function widgetTokenClaims(account: { id: number; subdomain: string }, nowSeconds: number, overrides: KommoTokenClaims = {}): KommoTokenClaims {
  return {
    jti: randomUUID(),
    iss: `https://${account.subdomain}.kommo.com`,
    client_uuid: 'flowbridge-sim-integration',
    account_id: account.id,
    subdomain: account.subdomain,
    user_id: 2079676,
    is_admin: false,
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + 30 * 60,
    ...overrides,
  };
}

/** Claims of a Salesbot `widget_request` token (HS512), naming the lead the bot runs on. */
export function salesbotTokenClaims(account: { id: number; subdomain: string }, leadId: number, nowSeconds: number, overrides: KommoTokenClaims = {}): KommoTokenClaims {
  return {
    iss: `https://${account.subdomain}.kommo.com`,
    client_uuid: 'flowbridge-sim-integration',
    account_id: account.id,
    subdomain: account.subdomain,
    entity_type: 2,
    entity_id: leadId,
    bot_type: 'salesbot',
    exp: nowSeconds + 10 * 60,
    ...overrides,
  };
}

export const SIM_CUSTOM_FIELDS: readonly CustomFieldDefinition[] = [
  { id: 900001, name: 'Service description', code: null, type: 'textarea' },
  { id: 900002, name: 'Payment terms', code: null, type: 'select', enums: [{ id: 500011, value: 'Prepaid' }, { id: 500012, value: 'Net 7' }, { id: 500013, value: 'Net 30' }] },
  { id: 900003, name: 'Payment link', code: null, type: 'url' },
  { id: 900004, name: 'Invoice number', code: 'INVOICE_NUMBER', type: 'text' },
  { id: 900005, name: 'Invoice status', code: null, type: 'select', enums: [{ id: 500021, value: 'Not issued' }, { id: 500022, value: 'Issued' }, { id: 500023, value: 'Paid' }] },
];
