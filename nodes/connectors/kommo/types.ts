/** Kommo API v4 wire shapes (snake_case, Unix-second timestamps) and the shapes our nodes output. */

export interface KommoConnection {
  baseUrl: string;
  accessToken: string;
  integrationSecret?: string;
}

export interface KommoCustomFieldValue {
  field_id: number;
  field_name?: string;
  field_code?: string | null;
  field_type?: string;
  values: { value?: unknown; enum_id?: number; enum_code?: string | null }[] | null;
}

export interface KommoLink {
  self: { href: string };
}

export interface KommoLeadWire {
  id: number;
  name: string;
  price: number;
  responsible_user_id: number;
  group_id: number;
  status_id: number;
  pipeline_id: number;
  loss_reason_id: number | null;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  closest_task_at: number | null;
  is_deleted: boolean;
  custom_fields_values: KommoCustomFieldValue[] | null;
  score: number | null;
  account_id: number;
  _links: KommoLink;
  _embedded?: {
    tags?: { id: number; name: string; color?: string | null }[];
    companies?: { id: number; _links?: KommoLink }[];
    contacts?: { id: number; is_main?: boolean; _links?: KommoLink }[];
  };
}

export interface KommoContactWire {
  id: number;
  name: string;
  first_name: string;
  last_name: string;
  responsible_user_id: number;
  created_at: number;
  updated_at: number;
  custom_fields_values: KommoCustomFieldValue[] | null;
  account_id: number;
  _links: KommoLink;
}

export interface KommoStatusWire {
  id: number;
  name: string;
  sort: number;
  is_editable: boolean;
  pipeline_id: number;
  color: string;
  type: number;
  account_id: number;
}

export interface KommoPipelineWire {
  id: number;
  name: string;
  sort: number;
  is_main: boolean;
  is_unsorted_on: boolean;
  is_archive: boolean;
  account_id: number;
  _links: KommoLink;
  _embedded: { statuses: KommoStatusWire[] };
}

export interface KommoAccountWire {
  id: number;
  name: string;
  subdomain: string;
  country?: string;
  currency?: string;
  timezone?: string;
  current_user_id?: number;
  created_at?: number;
}

export interface KommoNoteWire {
  id: number;
  entity_id: number;
  created_by?: number;
  created_at?: number;
  note_type: string;
  params: { text?: string };
  request_id?: string;
}

export interface KommoTaskWire {
  id: number;
  entity_id: number;
  entity_type: string;
  responsible_user_id?: number;
  task_type_id: number;
  text: string;
  duration?: number;
  complete_till: number;
  is_completed?: boolean;
  created_at?: number;
  request_id?: string;
}

/** Lead custom fields as analysts address them: by field id, and by code when the field has one. */
export type CustomFieldMap = Record<string, unknown>;

export interface Contact {
  id: number;
  isMain: boolean;
  name?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  email?: string;
  customFields?: CustomFieldMap;
}

export interface Lead {
  id: number;
  name: string;
  price: number;
  statusId: number;
  pipelineId: number;
  responsibleUserId: number;
  accountId: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  tags: string[];
  customFields: CustomFieldMap;
  customFieldsByName: CustomFieldMap;
  contacts: Contact[];
  companyIds: number[];
}

export interface Pipeline {
  id: number;
  name: string;
  isMain: boolean;
  statuses: { id: number; name: string; sort: number }[];
}

/** Status ids that mean "won" and "lost" in every pipeline. */
export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;
