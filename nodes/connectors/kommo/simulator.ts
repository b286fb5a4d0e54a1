import { SimulatorServer, type SimRequest, type SimResponse, type SimRoute } from '../../sdk';
import pipelinesFixture from './fixtures/pipelines.json';
import {
  salesbotTokenClaims, signKommoToken, SIM_CUSTOM_FIELDS, statusWebhookBody, widgetTokenClaims,
  type CustomFieldDefinition, type KommoLead,
} from './simulator-wire';
import type { KommoTokenAlgorithm, KommoTokenClaims } from './auth';
import type { KommoAccountWire, KommoContactWire, KommoCustomFieldValue, KommoNoteWire, KommoPipelineWire, KommoTaskWire } from './types';

export type { KommoLead } from './simulator-wire';

export interface KommoSimulatorOptions {
  accessToken?: string;
  integrationSecret?: string;
  subdomain?: string;
  accountId?: number;
  now?: () => Date;
}

interface FieldProblem {
  path: string;
  code: string;
  detail: string;
}

const HAL = { 'content-type': 'application/hal+json' };
const WON_LOST = new Set([142, 143]);

/**
 * A loopback Kommo API v4: leads, contacts, notes, tasks, pipelines, account and Salesbot continue,
 * with Kommo's quirks (hal+json, problem+json, 204 for "nothing", Unix seconds, won/lost needing a pipeline).
 */
export class KommoSimulator extends SimulatorServer {
  readonly leads = new Map<number, KommoLead>();
  readonly contacts = new Map<number, KommoContactWire>();
  readonly notes: KommoNoteWire[] = [];
  readonly tasks: KommoTaskWire[] = [];
  readonly pipelines: KommoPipelineWire[] = structuredClone(pipelinesFixture._embedded.pipelines) as KommoPipelineWire[];
  readonly customFields: CustomFieldDefinition[] = structuredClone([...SIM_CUSTOM_FIELDS]);
  readonly users = [
    { id: 2079676, name: 'Dana Levi', email: 'dana@example.com', lang: 'en' },
    { id: 2079718, name: 'Ivan Petrov', email: 'ivan@example.com', lang: 'ru' },
  ];
  readonly salesbotContinuations: { botId: number; continueId: string; body: unknown }[] = [];
  readonly webhookSubscriptions = new Map<string, string[]>();
  readonly account: KommoAccountWire;
  readonly accessToken: string;
  readonly integrationSecret: string;
  private readonly now: () => Date;
  private nextId = { lead: 4711, contact: 1001, note: 5550001, task: 6660001 };

  constructor(options: KommoSimulatorOptions = {}) {
    super();
    this.accessToken = options.accessToken ?? 'good';
    this.integrationSecret = options.integrationSecret ?? 'sim-integration-secret';
    this.now = options.now ?? (() => new Date());
    const accountId = options.accountId ?? 30000001;
    for (const p of this.pipelines) {
      p.account_id = accountId;
      for (const s of p._embedded.statuses) s.account_id = accountId;
    }
    this.account = {
      id: accountId, name: 'Flowbridge travel demo', subdomain: options.subdomain ?? 'example', country: 'IL',
      currency: 'ILS', timezone: 'Asia/Jerusalem', current_user_id: 2079676, created_at: 1700000000,
    };
  }

  addContact(partial: Partial<KommoContactWire> = {}): KommoContactWire {
    const now = this.seconds();
    const id = partial.id ?? this.nextId.contact++;
    const contact: KommoContactWire = {
      id, name: `Contact ${id}`, first_name: '', last_name: '', responsible_user_id: 2079676, created_at: now, updated_at: now,
      custom_fields_values: null, account_id: this.account.id, _links: { self: { href: '' } }, ...partial,
    };
    this.contacts.set(id, contact);
    return contact;
  }

  /** Seeds a lead; `contactIds` link existing contacts, the first being the main one. */
  addLead(partial: Partial<KommoLead> & { contactIds?: number[] } = {}): KommoLead {
    const { contactIds = [], ...fields } = partial;
    const now = this.seconds();
    const main = this.pipelines.find((p) => p.is_main) ?? this.pipelines[0];
    const id = fields.id ?? this.nextId.lead++;
    const lead: KommoLead = {
      id, name: `Lead #${id}`, price: 0, responsible_user_id: 2079676, group_id: 0,
      status_id: main._embedded.statuses[0].id, pipeline_id: main.id, loss_reason_id: null,
      created_by: 2079676, updated_by: 2079676, created_at: now, updated_at: now, closed_at: null, closest_task_at: null,
      is_deleted: false, custom_fields_values: null, score: null, account_id: this.account.id,
      ...fields,
      _embedded: { tags: [], companies: [], contacts: contactIds.map((cid, i) => ({ id: cid, is_main: i === 0 })), ...fields._embedded },
    };
    this.leads.set(id, lead);
    return lead;
  }

  /** Moves a lead as a manager would and returns the status webhook Kommo would post about it. */
  moveLead(leadId: number, statusId: number, options: { pipelineId?: number; modifiedUserId?: number } = {}): string {
    const lead = this.leads.get(leadId);
    if (!lead) throw new Error(`No lead ${leadId} in the Kommo simulator`);
    const oldStatusId = lead.status_id;
    const oldPipelineId = lead.pipeline_id;
    lead.status_id = statusId;
    lead.pipeline_id = options.pipelineId ?? lead.pipeline_id;
    lead.updated_at = this.seconds();
    lead.updated_by = options.modifiedUserId ?? lead.updated_by;
    if (WON_LOST.has(statusId)) lead.closed_at = lead.updated_at;
    return this.statusWebhookBody(lead, oldStatusId, { oldPipelineId, modifiedUserId: options.modifiedUserId });
  }

  statusWebhookBody(lead: KommoLead, oldStatusId: number, options: { oldPipelineId?: number; modifiedUserId?: number } = {}): string {
    return statusWebhookBody(lead, oldStatusId, { id: this.account.id, subdomain: this.account.subdomain, url: this.accountUrl() }, options);
  }

  /** A widget's `X-Auth-Token`; pass `{ exp: … }` or another `secret` to forge bad ones. */
  signButtonToken(claims: KommoTokenClaims = {}, options: { secret?: string; algorithm?: KommoTokenAlgorithm } = {}): string {
    const base = widgetTokenClaims(this.account, this.seconds(), claims);
    return signKommoToken(base, options.secret ?? this.integrationSecret, options.algorithm ?? 'HS256');
  }

  /** The JSON body a Salesbot `widget_request` step posts, with its HS512 token and return_url. */
  salesbotRequest(leadId: number, data: Record<string, unknown> = {}, options: { claims?: KommoTokenClaims; secret?: string; botId?: number } = {}) {
    const token = signKommoToken(salesbotTokenClaims(this.account, leadId, this.seconds(), options.claims), options.secret ?? this.integrationSecret, 'HS512');
    const continueId = `c${this.requests.length}${Date.now().toString(36)}`;
    return { token, data: { lead_id: String(leadId), ...data }, return_url: `${this.accountUrl()}/api/v4/salesbot/${options.botId ?? 321}/continue/${continueId}` };
  }

  protected override authenticate(req: SimRequest): SimResponse | undefined {
    if (req.headers.authorization === `Bearer ${this.accessToken}`) return undefined;
    return problem(401, 'Unauthorized');
  }

  protected override routes(): SimRoute[] {
    return [
      { method: 'GET', path: '/api/v4/account', handler: () => hal({ ...this.account, _links: this.links('/api/v4/account') }) },
      { method: 'GET', path: '/api/v4/leads/pipelines', handler: () => this.listPipelines() },
      { method: 'GET', path: '/api/v4/leads/custom_fields', handler: () => hal({ _total_items: this.customFields.length, _embedded: { custom_fields: this.customFields } }) },
      { method: 'GET', path: '/api/v4/users', handler: () => hal({ _total_items: this.users.length, _embedded: { users: this.users } }) },
      { method: 'GET', path: '/api/v4/leads/pipelines/:id/statuses', handler: (req) => this.listStatuses(Number(req.params.id)) },
      { method: 'POST', path: '/api/v4/leads/notes', handler: (req) => this.createNotes(req.body, undefined) },
      { method: 'GET', path: '/api/v4/leads/:id', handler: (req) => this.getLead(Number(req.params.id), req.query.with ?? '') },
      { method: 'PATCH', path: '/api/v4/leads/:id', handler: (req) => this.patchLeads([{ ...asObject(req.body), id: Number(req.params.id) }], false) },
      { method: 'PATCH', path: '/api/v4/leads', handler: (req) => this.patchLeads(req.body, true) },
      { method: 'GET', path: '/api/v4/leads/:id/notes', handler: (req) => this.listNotes(Number(req.params.id)) },
      { method: 'POST', path: '/api/v4/leads/:id/notes', handler: (req) => this.createNotes(req.body, Number(req.params.id)) },
      { method: 'GET', path: '/api/v4/contacts', handler: (req) => this.listContacts(req.query) },
      { method: 'GET', path: '/api/v4/contacts/:id', handler: (req) => this.getContact(Number(req.params.id)) },
      { method: 'GET', path: '/api/v4/tasks', handler: (req) => this.listTasks(req.query) },
      { method: 'POST', path: '/api/v4/tasks', handler: (req) => this.createTasks(req.body) },
      { method: 'POST', path: '/api/v4/webhooks', handler: (req) => this.subscribe(req.body) },
      { method: 'POST', path: '/api/v4/salesbot/:botId/continue/:continueId', handler: (req) => this.continueBot(req) },
    ];
  }

  private listPipelines(): SimResponse {
    return hal({ _total_items: this.pipelines.length, _links: this.links('/api/v4/leads/pipelines'), _embedded: { pipelines: this.pipelines } });
  }

  private listStatuses(pipelineId: number): SimResponse {
    const pipeline = this.pipelines.find((p) => p.id === pipelineId);
    if (!pipeline) return problem(404, 'Not Found', `Pipeline ${pipelineId} not found`);
    return hal({ _total_items: pipeline._embedded.statuses.length, _embedded: { statuses: pipeline._embedded.statuses } });
  }

  private getLead(id: number, withParam: string): SimResponse {
    const lead = this.leads.get(id);
    if (!lead || lead.is_deleted) return { status: 204 };
    const withContacts = withParam.split(',').includes('contacts');
    const embedded = {
      tags: lead._embedded?.tags ?? [],
      companies: lead._embedded?.companies ?? [],
      ...(withContacts ? { contacts: (lead._embedded?.contacts ?? []).map((c) => ({ ...c, _links: this.links(`/api/v4/contacts/${c.id}`) })) } : {}),
    };
    return hal({ ...lead, _links: this.links(`/api/v4/leads/${id}${withParam ? `?with=${withParam}` : ''}`), _embedded: embedded });
  }

  private patchLeads(body: unknown, batch: boolean): SimResponse {
    if (!Array.isArray(body) || body.length === 0) return problem(400, 'Bad Request', 'Request body must be a non-empty array');
    const problems: { request_id: string; errors: FieldProblem[] }[] = [];
    body.forEach((item, i) => {
      const errors = this.checkLeadPatch(asObject(item));
      if (errors.length) problems.push({ request_id: String(i), errors });
    });
    if (problems.length) return problem(400, 'Bad Request', 'Request validation failed', problems);
    const updated = body.map((item) => this.applyLeadPatch(asObject(item)));
    if (!batch) {
      const lead = updated[0];
      return hal({ id: lead.id, updated_at: lead.updated_at, _links: this.links(`/api/v4/leads/${lead.id}`) });
    }
    const leads = updated.map((lead, i) => ({ id: lead.id, updated_at: lead.updated_at, request_id: String(asObject(body[i]).request_id ?? i), _links: this.links(`/api/v4/leads/${lead.id}`) }));
    return hal({ _links: this.links('/api/v4/leads'), _embedded: { leads } });
  }

  private checkLeadPatch(patch: Record<string, unknown>): FieldProblem[] {
    const lead = this.leads.get(Number(patch.id));
    if (!lead) return [{ path: 'id', code: 'NotFound', detail: `Lead ${String(patch.id)} not found` }];
    const errors: FieldProblem[] = [];
    if (patch.price !== undefined && !Number.isInteger(patch.price)) errors.push({ path: 'price', code: 'InvalidType', detail: 'This value should be of type int.' });
    if (patch.status_id !== undefined) {
      const statusId = Number(patch.status_id);
      const pipelineId = patch.pipeline_id === undefined ? undefined : Number(patch.pipeline_id);
      if (WON_LOST.has(statusId) && pipelineId === undefined) {
        errors.push({ path: 'pipeline_id', code: 'NotBlank', detail: 'pipeline_id is required when status_id is 142 or 143.' });
      } else {
        const pipeline = this.pipelines.find((p) => p.id === (pipelineId ?? this.pipelineOfStatus(statusId)));
        if (!pipeline?._embedded.statuses.some((s) => s.id === statusId)) errors.push({ path: 'status_id', code: 'NotSupportedChoice', detail: 'The value you selected is not a valid choice.' });
      }
    }
    if (patch.custom_fields_values !== undefined) {
      if (!Array.isArray(patch.custom_fields_values)) return [...errors, { path: 'custom_fields_values', code: 'InvalidType', detail: 'This value should be of type array.' }];
      patch.custom_fields_values.forEach((raw, i) => {
        const update = asObject(raw);
        const definition = this.fieldDefinition(update);
        if (!definition) return errors.push({ path: `custom_fields_values.${i}.field_id`, code: 'NotSupportedChoice', detail: 'The value you selected is not a valid choice.' });
        if (!definition.enums || !Array.isArray(update.values)) return;
        update.values.forEach((v, j) => {
          if (!this.enumOf(definition, asObject(v))) errors.push({ path: `custom_fields_values.${i}.values.${j}.value`, code: 'NotSupportedChoice', detail: 'The value you selected is not a valid choice.' });
        });
      });
    }
    return errors;
  }

  private applyLeadPatch(patch: Record<string, unknown>): KommoLead {
    const lead = this.leads.get(Number(patch.id))!;
    if (typeof patch.name === 'string') lead.name = patch.name;
    if (typeof patch.price === 'number') lead.price = patch.price;
    if (patch.status_id !== undefined) {
      lead.status_id = Number(patch.status_id);
      lead.pipeline_id = patch.pipeline_id === undefined ? this.pipelineOfStatus(lead.status_id) ?? lead.pipeline_id : Number(patch.pipeline_id);
      if (WON_LOST.has(lead.status_id)) lead.closed_at = this.seconds();
    } else if (patch.pipeline_id !== undefined) {
      lead.pipeline_id = Number(patch.pipeline_id);
    }
    for (const raw of Array.isArray(patch.custom_fields_values) ? patch.custom_fields_values : []) this.writeField(lead, asObject(raw));
    lead.updated_at = this.seconds();
    return lead;
  }

  private writeField(lead: KommoLead, update: Record<string, unknown>): void {
    const definition = this.fieldDefinition(update)!;
    const others = (lead.custom_fields_values ?? []).filter((f) => f.field_id !== definition.id);
    const values = Array.isArray(update.values) ? update.values.map((v) => this.storedValue(definition, asObject(v))) : [];
    const next: KommoCustomFieldValue[] = values.length
      ? [...others, { field_id: definition.id, field_name: definition.name, field_code: definition.code, field_type: definition.type, values }]
      : others;
    // Kommo reports a lead without any custom field values as null, not [].
    lead.custom_fields_values = next.length ? next : null;
  }

  private storedValue(definition: CustomFieldDefinition, value: Record<string, unknown>): { value?: unknown; enum_id?: number; enum_code?: string | null } {
    const option = this.enumOf(definition, value);
    return option ? { value: option.value, enum_id: option.id, enum_code: null } : { value: value.value };
  }

  private enumOf(definition: CustomFieldDefinition, value: Record<string, unknown>) {
    if (value.enum_id !== undefined) return definition.enums?.find((e) => e.id === Number(value.enum_id));
    return definition.enums?.find((e) => e.value === String(value.value));
  }

  private fieldDefinition(update: Record<string, unknown>): CustomFieldDefinition | undefined {
    if (update.field_id !== undefined) return this.customFields.find((f) => f.id === Number(update.field_id));
    return this.customFields.find((f) => f.code !== null && f.code === update.field_code);
  }

  private pipelineOfStatus(statusId: number): number | undefined {
    return this.pipelines.find((p) => p._embedded.statuses.some((s) => s.id === statusId))?.id;
  }

  private createNotes(body: unknown, leadIdFromPath: number | undefined): SimResponse {
    if (!Array.isArray(body) || body.length === 0) return problem(400, 'Bad Request', 'Request body must be a non-empty array');
    const errors: FieldProblem[] = [];
    body.forEach((raw, i) => {
      const item = asObject(raw);
      const leadId = leadIdFromPath ?? Number(item.entity_id);
      if (!this.leads.has(leadId)) errors.push({ path: `${i}.entity_id`, code: 'NotFound', detail: 'Entity not found' });
      if (item.note_type !== 'common' || typeof asObject(item.params).text !== 'string') errors.push({ path: `${i}.params.text`, code: 'NotBlank', detail: 'This value should not be blank.' });
    });
    if (errors.length) return problem(400, 'Bad Request', 'Request validation failed', [{ request_id: '0', errors }]);
    const created = body.map((raw) => {
      const item = asObject(raw);
      const note: KommoNoteWire = {
        id: this.nextId.note++, entity_id: leadIdFromPath ?? Number(item.entity_id), created_by: this.account.current_user_id,
        created_at: this.seconds(), note_type: 'common', params: { text: String(asObject(item.params).text) }, request_id: item.request_id as string | undefined,
      };
      this.notes.push(note);
      return { id: note.id, entity_id: note.entity_id, request_id: note.request_id ?? '0', _links: this.links(`/api/v4/leads/${note.entity_id}/notes/${note.id}`) };
    });
    return hal({ _links: this.links('/api/v4/leads/notes'), _embedded: { notes: created } });
  }

  private listNotes(leadId: number): SimResponse {
    const notes = this.notes.filter((n) => n.entity_id === leadId).sort((a, b) => b.id - a.id).map(({ request_id: _, ...n }) => n);
    return notes.length ? hal({ _page: 1, _links: this.links(`/api/v4/leads/${leadId}/notes`), _embedded: { notes } }) : { status: 204 };
  }

  private listContacts(query: Record<string, string>): SimResponse {
    const ids = Object.entries(query).filter(([k]) => /^filter\[id\](\[\d*\])?$/.test(k)).map(([, v]) => Number(v));
    const contacts = [...this.contacts.values()].filter((c) => !ids.length || ids.includes(c.id)).map((c) => ({ ...c, _links: this.links(`/api/v4/contacts/${c.id}`) }));
    return contacts.length ? hal({ _page: 1, _links: this.links('/api/v4/contacts'), _embedded: { contacts } }) : { status: 204 };
  }

  private getContact(id: number): SimResponse {
    const contact = this.contacts.get(id);
    return contact ? hal({ ...contact, _links: this.links(`/api/v4/contacts/${id}`) }) : { status: 204 };
  }

  private createTasks(body: unknown): SimResponse {
    if (!Array.isArray(body) || body.length === 0) return problem(400, 'Bad Request', 'Request body must be a non-empty array');
    const errors: FieldProblem[] = [];
    body.forEach((raw, i) => {
      const item = asObject(raw);
      if (typeof item.text !== 'string' || !item.text) errors.push({ path: `${i}.text`, code: 'NotBlank', detail: 'This value should not be blank.' });
      if (!Number.isInteger(item.complete_till)) errors.push({ path: `${i}.complete_till`, code: 'NotBlank', detail: 'This value should be of type int.' });
      if (item.entity_type === 'leads' && !this.leads.has(Number(item.entity_id))) errors.push({ path: `${i}.entity_id`, code: 'NotFound', detail: 'Entity not found' });
    });
    if (errors.length) return problem(400, 'Bad Request', 'Request validation failed', [{ request_id: '0', errors }]);
    const created = body.map((raw) => {
      const item = asObject(raw);
      const task: KommoTaskWire = {
        id: this.nextId.task++, entity_id: Number(item.entity_id), entity_type: String(item.entity_type ?? 'leads'),
        responsible_user_id: Number(item.responsible_user_id ?? this.account.current_user_id), task_type_id: Number(item.task_type_id ?? 1),
        text: String(item.text), duration: Number(item.duration ?? 0), complete_till: Number(item.complete_till), is_completed: false,
        created_at: this.seconds(), request_id: item.request_id as string | undefined,
      };
      this.tasks.push(task);
      return { id: task.id, request_id: task.request_id ?? '0', _links: this.links(`/api/v4/tasks/${task.id}`) };
    });
    return hal({ _links: this.links('/api/v4/tasks'), _embedded: { tasks: created } });
  }

  private listTasks(query: Record<string, string>): SimResponse {
    const entityIds = Object.entries(query).filter(([k]) => k.startsWith('filter[entity_id]')).map(([, v]) => Number(v));
    const tasks = this.tasks
      .filter((t) => !query['filter[entity_type]'] || t.entity_type === query['filter[entity_type]'])
      .filter((t) => !entityIds.length || entityIds.includes(t.entity_id))
      .filter((t) => query['filter[is_completed]'] === undefined || Number(t.is_completed) === Number(query['filter[is_completed]']))
      .sort((a, b) => b.id - a.id)
      .map(({ request_id: _, ...t }) => t);
    return tasks.length ? hal({ _page: 1, _links: this.links('/api/v4/tasks'), _embedded: { tasks } }) : { status: 204 };
  }

  private subscribe(body: unknown): SimResponse {
    const { destination, settings } = asObject(body);
    if (typeof destination !== 'string' || !Array.isArray(settings)) return problem(400, 'Bad Request', 'destination and settings are required');
    this.webhookSubscriptions.set(destination, settings.map(String));
    return hal({ id: this.webhookSubscriptions.size, destination, created_at: this.seconds(), account_id: this.account.id, disabled: false, settings });
  }

  private continueBot(req: SimRequest): SimResponse {
    this.salesbotContinuations.push({ botId: Number(req.params.botId), continueId: req.params.continueId, body: req.body });
    return { status: 202 };
  }

  private links(path: string) {
    return { self: { href: `${this.accountUrl()}${path}` } };
  }

  private accountUrl(): string {
    return this.url || `https://${this.account.subdomain}.kommo.com`;
  }

  private seconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }
}

function hal(body: unknown): SimResponse {
  return { status: 200, body, headers: HAL };
}

function problem(status: number, title: string, detail = title, validationErrors?: unknown): SimResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: { ...(validationErrors ? { 'validation-errors': validationErrors } : {}), title, type: `https://httpstatus.es/${status}`, status, detail },
  };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
