/** Bitrix24 REST wire shapes (see research/connectors.md §3) and the shapes our nodes output. */

export interface Bitrix24Connection {
  /** `https://<portal>.bitrix24.ru/rest/<user_id>/<secret>/`: the secret is in the path. */
  webhookUrl: string;
  /** Shown when an outbound webhook is created; every event it sends carries it as auth[application_token]. */
  applicationToken?: string;
}

export interface Envelope<T> {
  result: T;
  next?: number;
  total?: number;
  time?: Record<string, unknown>;
}

/** Deals come from the old crm.deal.* API: UPPER_CASE keys, every value a string. */
export type DealWire = Record<string, unknown> & { ID: string; STAGE_ID?: string; CATEGORY_ID?: string };

/** crm.item.* (smart invoices, entityTypeId 31): camelCase keys, custom fields `ufCrm…`. */
export type CrmItemWire = Record<string, unknown> & { id: number; stageId?: string; categoryId?: number; stageSemanticId?: string };

export type TaskWire = Record<string, unknown> & { id: string; status?: string };

export interface UserWire {
  ID: string;
  ACTIVE?: boolean;
  NAME?: string;
  LAST_NAME?: string;
  EMAIL?: string;
  WORK_POSITION?: string;
  UF_DEPARTMENT?: (number | string)[];
  [field: string]: unknown;
}

export interface DepartmentWire {
  ID: string;
  NAME: string;
  SORT?: number;
  PARENT?: string;
  UF_HEAD?: string;
}

export interface StatusWire {
  ID?: string;
  ENTITY_ID: string;
  STATUS_ID: string;
  NAME: string;
  SORT?: string | number;
  CATEGORY_ID?: string | null;
  EXTRA?: { SEMANTICS?: string; COLOR?: string };
}

export type ProductRowWire = Record<string, unknown> & { id: number; productName?: string; price?: number; quantity?: number };

export type ListElementWire = Record<string, unknown> & { ID: string; NAME?: string };

/** crm.contact.get: UPPER_CASE keys; e-mails and phones are multi-fields `[{ VALUE, VALUE_TYPE }]`. */
export type ContactWire = Record<string, unknown> & { ID: string; NAME?: string; LAST_NAME?: string; EMAIL?: unknown; PHONE?: unknown };

/** crm.documentgenerator.document.*: a printed form made from a template; its PDF is converted asynchronously. */
export type DocumentWire = Record<string, unknown> & { id: number | string; title?: string; number?: string; pdfUrlMachine?: string; createTime?: string };

export interface Deal {
  id: number;
  title: string;
  stageId: string;
  categoryId: number;
  /** P in progress, S won, F lost. */
  stageSemantic: string | null;
  opportunity: number;
  currency: string | null;
  assignedById: number | null;
  companyId: number | null;
  contactId: number | null;
  closed: boolean;
  /** Every field as Bitrix24 sent it, custom `UF_CRM_…` fields included. */
  fields: DealWire;
}

export interface Invoice {
  id: number;
  title: string;
  stageId: string;
  categoryId: number;
  stageSemantic: string | null;
  /** Its stage has the success semantics (S). */
  paid: boolean;
  opportunity: number;
  currency: string | null;
  dealId: number | null;
  companyId: number | null;
  contactId: number | null;
  assignedById: number | null;
  fields: CrmItemWire;
}

export interface Task {
  id: number;
  title: string;
  status: number;
  completed: boolean;
  responsibleId: number | null;
  createdBy: number | null;
  deadline: string | null;
  closedDate: string | null;
  /** CRM bindings such as `D_7` (deal 7) or `SI_12` (smart invoice 12). */
  crm: string[];
  dealIds: number[];
  fields: TaskWire;
}

export interface Contact {
  id: number;
  name: string;
  /** The first e-mail, the one a person would call "the contact's address". */
  email: string | null;
  emails: string[];
  phone: string | null;
  companyId: number | null;
  assignedById: number | null;
  fields: ContactWire;
}

export interface User {
  id: number;
  name: string;
  email: string | null;
  position: string | null;
  active: boolean;
  departmentIds: number[];
}

export const DEAL_ENTITY_TYPE_ID = 2;
export const SMART_INVOICE_ENTITY_TYPE_ID = 31;
export const TASK_COMPLETED = 5;
