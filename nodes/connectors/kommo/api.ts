import { readKommoAuth } from './auth';
import { InputError, RemoteError, type HttpClient } from '../../sdk';
import { kommoClient, type KommoClient } from './client';
import { normaliseLead, normalisePipeline } from './normalise';
import {
  LOST_STATUS_ID, WON_STATUS_ID,
  type KommoAccountWire, type KommoConnection, type KommoContactWire, type KommoLeadWire, type KommoNoteWire,
  type KommoPipelineWire, type KommoTaskWire, type Lead, type Pipeline,
} from './types';

export interface LeadChanges {
  name?: string;
  statusId?: number;
  pipelineId?: number;
  price?: number;
  /** Field id or field code → value; null or '' clears the field. */
  customFields?: Record<string, unknown>;
}

export interface NewTask {
  leadId: number;
  text: string;
  completeTill: Date;
  taskTypeId: number;
  responsibleUserId?: number;
  durationSeconds?: number;
  requestId: string;
}

/** What Kommo answers for a created note or task: ids only, plus the request_id echoed back. */
export interface Created {
  id: number;
  request_id?: string;
}

interface Embedded<K extends string, T> {
  _embedded?: Partial<Record<K, T[]>>;
}

const CONTACTS_PER_PAGE = 250;

export function kommoApi(client: KommoClient) {
  const api = {
    baseUrl: client.baseUrl,

    async getAccount(): Promise<KommoAccountWire> {
      const account = await client.request<KommoAccountWire>({ method: 'GET', path: '/api/v4/account' });
      if (!account) throw new RemoteError('Kommo answered GET /api/v4/account with no content', { retryable: true });
      return account;
    },

    async getLead(id: number, options: { contactDetails?: boolean } = {}): Promise<Lead> {
      const wire = await client.request<KommoLeadWire>({ method: 'GET', path: `/api/v4/leads/${id}`, query: { with: 'contacts' } });
      // Kommo answers 204 rather than 404 for a lead that does not exist (or was deleted).
      if (!wire) throw new RemoteError(`Kommo lead ${id} does not exist`, { status: 404, retryable: false });
      const contactIds = (wire._embedded?.contacts ?? []).map((c) => c.id);
      const contacts = options.contactDetails && contactIds.length ? await api.listContacts(contactIds) : [];
      return normaliseLead(wire, contacts);
    },

    async listContacts(ids: number[]): Promise<KommoContactWire[]> {
      const query: Record<string, string | number> = { limit: CONTACTS_PER_PAGE };
      ids.slice(0, CONTACTS_PER_PAGE).forEach((id, i) => (query[`filter[id][${i}]`] = id));
      const page = await client.request<Embedded<'contacts', KommoContactWire>>({ method: 'GET', path: '/api/v4/contacts', query });
      return page?._embedded?.contacts ?? [];
    },

    async updateLead(id: number, changes: LeadChanges): Promise<{ id: number; updatedAt: number }> {
      const body: Record<string, unknown> = {};
      if (changes.name !== undefined) body.name = changes.name;
      if (changes.price !== undefined) body.price = changes.price;
      if (changes.statusId !== undefined) body.status_id = changes.statusId;
      if (changes.pipelineId !== undefined) body.pipeline_id = changes.pipelineId;
      // Won/lost exist in every pipeline, so Kommo needs to be told which one; default to the lead's own.
      if ((changes.statusId === WON_STATUS_ID || changes.statusId === LOST_STATUS_ID) && changes.pipelineId === undefined) {
        body.pipeline_id = (await api.getLead(id)).pipelineId;
      }
      if (changes.customFields && Object.keys(changes.customFields).length) body.custom_fields_values = customFieldsToWire(changes.customFields);
      if (!Object.keys(body).length) throw new InputError('Nothing to update: set a status, pipeline, price, name or custom field');
      const result = await client.request<{ id: number; updated_at: number }>({ method: 'PATCH', path: `/api/v4/leads/${id}`, body });
      return { id: result?.id ?? id, updatedAt: result?.updated_at ?? 0 };
    },

    async addNote(leadId: number, text: string, requestId: string): Promise<Created> {
      const body = [{ entity_id: leadId, note_type: 'common', params: { text }, request_id: requestId }];
      const result = await client.request<Embedded<'notes', Created>>({ method: 'POST', path: '/api/v4/leads/notes', body });
      const note = result?._embedded?.notes?.[0];
      if (!note) throw new RemoteError('Kommo created no note', { retryable: false, details: result });
      return note;
    },

    async findNote(leadId: number, text: string): Promise<KommoNoteWire | undefined> {
      const page = await client.request<Embedded<'notes', KommoNoteWire>>({
        method: 'GET', path: `/api/v4/leads/${leadId}/notes`, query: { 'filter[note_type]': 'common', 'order[id]': 'desc', limit: 50 },
      });
      return page?._embedded?.notes?.find((n) => n.params?.text === text);
    },

    async createTask(task: NewTask): Promise<Created> {
      const body = [{
        task_type_id: task.taskTypeId,
        text: task.text,
        complete_till: Math.floor(task.completeTill.getTime() / 1000),
        entity_id: task.leadId,
        entity_type: 'leads',
        responsible_user_id: task.responsibleUserId,
        duration: task.durationSeconds,
        request_id: task.requestId,
      }];
      const result = await client.request<Embedded<'tasks', Created>>({ method: 'POST', path: '/api/v4/tasks', body });
      const created = result?._embedded?.tasks?.[0];
      if (!created) throw new RemoteError('Kommo created no task', { retryable: false, details: result });
      return created;
    },

    /** The newest open task on the lead with this text (and, when given, this responsible user). */
    async findOpenTask(leadId: number, text: string, responsibleUserId?: number): Promise<KommoTaskWire | undefined> {
      const page = await client.request<Embedded<'tasks', KommoTaskWire>>({
        method: 'GET',
        path: '/api/v4/tasks',
        query: { 'filter[entity_type]': 'leads', 'filter[entity_id][0]': leadId, 'filter[is_completed]': 0, 'order[id]': 'desc', limit: 50 },
      });
      return page?._embedded?.tasks?.find((t) => t.text === text && (responsibleUserId === undefined || t.responsible_user_id === responsibleUserId));
    },

    /** The account's users, for pickers of a responsible user. */
    async listUsers(): Promise<{ id: number; name: string }[]> {
      const page = await client.request<Embedded<'users', { id: number; name: string }>>({ method: 'GET', path: '/api/v4/users', query: { limit: 250 } });
      return (page?._embedded?.users ?? []).map((u) => ({ id: u.id, name: u.name }));
    },

    /** The lead card's custom fields, for pickers of the field to write. */
    async listLeadFields(): Promise<{ id: number; name: string; code: string | null; type: string }[]> {
      const page = await client.request<Embedded<'custom_fields', { id: number; name: string; code?: string | null; type: string }>>({ method: 'GET', path: '/api/v4/leads/custom_fields', query: { limit: 250 } });
      return (page?._embedded?.custom_fields ?? []).map((c) => ({ id: c.id, name: c.name, code: c.code ?? null, type: c.type }));
    },

    async listPipelines(): Promise<Pipeline[]> {
      const page = await client.request<Embedded<'pipelines', KommoPipelineWire>>({ method: 'GET', path: '/api/v4/leads/pipelines' });
      return (page?._embedded?.pipelines ?? []).map(normalisePipeline);
    },

    /** Resumes a Salesbot waiting on a widget_request; only the path of its return_url is used, so the token never leaves our Kommo host. */
    async continueSalesbot(returnUrl: string, data: Record<string, unknown>, handlers: unknown[] = []): Promise<void> {
      const path = salesbotContinuePath(returnUrl);
      await client.request({ method: 'POST', path, body: { data, ...(handlers.length ? { execute_handlers: handlers } : {}) } });
    },
  };
  return api;
}

export type KommoApi = ReturnType<typeof kommoApi>;

interface ConnectContext {
  http: HttpClient;
  now(): Date;
  credentials<T>(connectionId: string): Promise<T>;
}

export async function connectKommo(ctx: ConnectContext, connectionId: string): Promise<KommoApi> {
  return kommoApiFor(ctx, readKommoAuth(await ctx.credentials<Record<string, unknown>>(connectionId)));
}

export function kommoApiFor(ctx: Pick<ConnectContext, 'http' | 'now'>, connection: KommoConnection): KommoApi {
  return kommoApi(kommoClient(ctx.http, connection, () => ctx.now()));
}

function customFieldsToWire(fields: Record<string, unknown>): Record<string, unknown>[] {
  return Object.entries(fields).map(([key, value]) => ({
    ...(/^\d+$/.test(key.trim()) ? { field_id: Number(key) } : { field_code: key.trim() }),
    values: fieldValuesToWire(value),
  }));
}

function fieldValuesToWire(value: unknown): unknown[] | null {
  if (value === null || value === undefined || value === '') return null;
  const items = Array.isArray(value) ? value : [value];
  // An object is passed as is so a select can be set by `{ "enum_id": 123 }`.
  return items.map((item) => (item !== null && typeof item === 'object' ? item : { value: item }));
}

function salesbotContinuePath(returnUrl: string): string {
  const match = /\/api\/v4\/salesbot\/\d+\/continue\/[\w-]+$/.exec(returnUrl.replace(/[?#].*$/, ''));
  if (!match) throw new InputError(`'${returnUrl}' is not a Kommo Salesbot return_url`, { field: 'returnUrl' });
  return match[0];
}
