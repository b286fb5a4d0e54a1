import { readBitrix24Auth } from './auth';
import { InputError, RemoteError, missingIn, type HttpClient } from '../../sdk';
import { bitrix24Client, type BatchCommand, type Bitrix24Client, type Page } from './client';
import { asList, asPositiveInt, asRecord, field } from './form';
import { normaliseContact, normaliseDeal, normaliseInvoice, normaliseTask, normaliseUser } from './normalise';
import {
  DEAL_ENTITY_TYPE_ID, SMART_INVOICE_ENTITY_TYPE_ID,
  type Bitrix24Connection, type Contact, type ContactWire, type CrmItemWire, type Deal, type DealWire, type DepartmentWire, type DocumentWire, type Invoice,
  type ListElementWire, type ProductRowWire, type StatusWire, type Task, type TaskWire, type User, type UserWire,
} from './types';

export interface NewTodo {
  ownerTypeId: number;
  ownerId: number;
  title: string;
  description?: string;
  deadline: string;
  responsibleId?: number;
}

export interface Stage {
  id: string;
  name: string;
  categoryId: number;
  categoryName: string;
  semantic: string | null;
}

// Stage lists carry the semantics as words; items carry them as letters.
const SEMANTIC_LETTERS: Record<string, string> = { process: 'P', success: 'S', failure: 'F' };
const MAX_DEPARTMENT_HOPS = 10;
const TASK_SELECT = ['ID', 'TITLE', 'DESCRIPTION', 'STATUS', 'RESPONSIBLE_ID', 'CREATED_BY', 'DEADLINE', 'CLOSED_DATE', 'CHANGED_DATE', 'XML_ID', 'UF_CRM_TASK'];

export function bitrix24Api(client: Bitrix24Client) {
  const api = {
    portal: client.portal,

    async profile(): Promise<Record<string, unknown>> {
      return asRecord((await client.call('profile')).result);
    },

    async getDeal(id: number): Promise<Deal> {
      return normaliseDeal((await client.call<DealWire>('crm.deal.get', { id })).result);
    },

    async updateDeal(id: number, fields: Record<string, unknown>, registerEvent: boolean): Promise<void> {
      await client.call('crm.deal.update', { id, fields, params: { REGISTER_SONET_EVENT: registerEvent ? 'Y' : 'N' } });
    },

    async addDeal(fields: Record<string, unknown>): Promise<number> {
      return Number((await client.call<number | string>('crm.deal.add', { fields, params: { REGISTER_SONET_EVENT: 'Y' } })).result);
    },

    /** Deals an integration created for one outside record: ORIGINATOR_ID names the integration, ORIGIN_ID the record. */
    async dealsByOrigin(originatorId: string, originId: string): Promise<Deal[]> {
      const page = await client.list('crm.deal.list', { filter: { ORIGINATOR_ID: originatorId, ORIGIN_ID: originId }, select: ['*', 'UF_*'], order: { ID: 'ASC' } },
        (result) => asList(result) as DealWire[], { maxPages: 1 });
      return page.items.map(normaliseDeal);
    },

    async dealFields(): Promise<Record<string, unknown>> {
      return asRecord((await client.call('crm.deal.fields')).result);
    },

    async getInvoice(id: number): Promise<Invoice> {
      const { result } = await client.call<{ item: CrmItemWire }>('crm.item.get', { entityTypeId: SMART_INVOICE_ENTITY_TYPE_ID, id });
      return api.withSemantic(result.item);
    },

    async addInvoice(fields: Record<string, unknown>): Promise<Invoice> {
      const { result } = await client.call<{ item: CrmItemWire }>('crm.item.add', { entityTypeId: SMART_INVOICE_ENTITY_TYPE_ID, fields });
      return api.withSemantic(result.item);
    },

    async updateInvoice(id: number, fields: Record<string, unknown>): Promise<Invoice> {
      const { result } = await client.call<{ item: CrmItemWire }>('crm.item.update', { entityTypeId: SMART_INVOICE_ENTITY_TYPE_ID, id, fields });
      return api.withSemantic(result.item);
    },

    async listInvoices(filter: Record<string, unknown>, maxPages: number): Promise<{ items: Invoice[]; truncated: boolean }> {
      const page = await client.list('crm.item.list', { entityTypeId: SMART_INVOICE_ENTITY_TYPE_ID, filter, order: { id: 'ASC' } },
        (result) => asList(field(result, 'items')) as CrmItemWire[], { maxPages });
      // Stage lists are read once per pipeline, not once per invoice, when the items do not carry their semantics.
      const stagesByCategory = new Map<number, Stage[]>();
      const items: Invoice[] = [];
      for (const item of page.items) {
        if (item.stageSemanticId) {
          items.push(normaliseInvoice(item));
          continue;
        }
        const category = Number(item.categoryId ?? 0);
        if (!stagesByCategory.has(category)) stagesByCategory.set(category, await api.stagesOf(SMART_INVOICE_ENTITY_TYPE_ID, category));
        items.push(normaliseInvoice(item, stagesByCategory.get(category)!.find((s) => s.id === item.stageId)?.semantic ?? null));
      }
      return { items, truncated: page.truncated };
    },

    async findInvoiceByXmlId(xmlId: string): Promise<Invoice | undefined> {
      const { result } = await client.call<{ items: CrmItemWire[] }>('crm.item.list', { entityTypeId: SMART_INVOICE_ENTITY_TYPE_ID, filter: { xmlId } });
      const found = asList(field(result, 'items'))[0] as CrmItemWire | undefined;
      return found ? api.withSemantic(found) : undefined;
    },

    /** "Paid" is the success semantics; an item that does not say its semantics gets it from its category's stage list. */
    async withSemantic(item: CrmItemWire): Promise<Invoice> {
      if (item.stageSemanticId) return normaliseInvoice(item);
      const stages = await api.stagesOf(SMART_INVOICE_ENTITY_TYPE_ID, Number(item.categoryId ?? 0));
      return normaliseInvoice(item, stages.find((s) => s.id === item.stageId)?.semantic ?? null);
    },

    async productRows(ownerType: string, ownerId: number, maxPages?: number): Promise<Page<ProductRowWire>> {
      return client.list('crm.item.productrow.list', { filter: { '=ownerType': ownerType, '=ownerId': ownerId } },
        (result) => asList(field(result, 'productRows')) as ProductRowWire[], { maxPages });
    },

    async addTask(fields: Record<string, unknown>): Promise<Task> {
      const { result } = await client.call<{ task: TaskWire }>('tasks.task.add', { fields });
      return normaliseTask(result.task);
    },

    async getTask(id: number): Promise<Task> {
      const { result } = await client.call<{ task: TaskWire | null }>('tasks.task.get', { taskId: id, select: TASK_SELECT });
      if (!result?.task) throw new RemoteError(`Bitrix24 task ${id} does not exist or is not visible to the webhook's user`, { status: 404, retryable: false });
      return normaliseTask(result.task);
    },

    /** tasks.task.list cannot filter by XML_ID, so the candidates are narrowed by title and responsible. */
    async findTaskByXmlId(xmlId: string, title: string, responsibleId: number): Promise<Task | undefined> {
      const { result } = await client.call<{ tasks: TaskWire[] }>('tasks.task.list', { filter: { TITLE: title, RESPONSIBLE_ID: responsibleId }, select: TASK_SELECT });
      const found = asList(field(result, 'tasks')).find((t) => field(t, 'xmlId') === xmlId) as TaskWire | undefined;
      return found ? normaliseTask(found) : undefined;
    },

    async listTasks(filter: Record<string, unknown>, maxPages: number): Promise<{ items: Task[]; truncated: boolean }> {
      const page = await client.list('tasks.task.list', { filter, select: TASK_SELECT, order: { ID: 'ASC' } },
        (result) => asList(field(result, 'tasks')) as TaskWire[], { maxPages });
      return { items: page.items.map(normaliseTask), truncated: page.truncated };
    },

    async getContact(id: number): Promise<Contact> {
      return normaliseContact((await client.call<ContactWire>('crm.contact.get', { id })).result);
    },

    /** Printed forms of a CRM item made from one template, newest first. */
    async documentsOf(entityTypeId: number, entityId: number, templateId: number): Promise<DocumentWire[]> {
      const { result } = await client.call('crm.documentgenerator.document.list', {
        select: ['*'], filter: { entityTypeId, entityId, templateId }, order: { id: 'desc' },
      });
      return asList(field(result, 'documents')) as DocumentWire[];
    },

    async addDocument(entityTypeId: number, entityId: number, templateId: number, stampsEnabled: boolean): Promise<DocumentWire> {
      const { result } = await client.call('crm.documentgenerator.document.add', { templateId, entityTypeId, entityId, stampsEnabled: stampsEnabled ? 1 : 0, values: {} });
      return asRecord(field(result, 'document')) as DocumentWire;
    },

    async getDocument(id: number): Promise<DocumentWire> {
      const { result } = await client.call('crm.documentgenerator.document.get', { id });
      return asRecord(field(result, 'document')) as DocumentWire;
    },

    /**
     * The PDF behind a document's `pdfUrlMachine`. Only its method and query are kept: the call goes
     * to the connection's own webhook, so the webhook's secret never travels to a host a reply named.
     */
    async downloadPdf(pdfUrlMachine: string): Promise<{ content: Buffer; contentType: string | null }> {
      let url: URL;
      try {
        url = new URL(pdfUrlMachine);
      } catch {
        throw new RemoteError(`Bitrix24 ${client.portal} gave a PDF link that is not a URL`, { status: 502, retryable: false });
      }
      const method = (url.pathname.split('/').pop() ?? '').replace(/\.json$/, '');
      return client.download(method, url.search.replace(/^\?/, ''));
    },

    async addTodo(todo: NewTodo): Promise<number> {
      const { result } = await client.call<{ id: number }>('crm.activity.todo.add', { ...todo });
      return Number(field(result, 'id'));
    },

    async findOpenTodo(todo: NewTodo): Promise<number | undefined> {
      const { result } = await client.call<unknown[]>('crm.activity.list', {
        filter: { OWNER_TYPE_ID: todo.ownerTypeId, OWNER_ID: todo.ownerId, PROVIDER_ID: 'CRM_TODO', COMPLETED: 'N', SUBJECT: todo.title },
        select: ['ID', 'SUBJECT', 'DESCRIPTION'],
      });
      const found = asList(result).find((a) => (field(a, 'DESCRIPTION') ?? '') === (todo.description ?? ''));
      return asPositiveInt(field(found, 'ID'));
    },

    async notify(message: { userId: number; text: string; textOut?: string; tag: string }): Promise<number> {
      const { result } = await client.call<number>('im.notify.personal.add', { USER_ID: message.userId, MESSAGE: message.text, MESSAGE_OUT: message.textOut, TAG: message.tag });
      return Number(result);
    },

    async getUser(id: number): Promise<User> {
      const wire = asList((await client.call<UserWire[]>('user.get', { ID: id })).result)[0] as UserWire | undefined;
      if (!wire) throw new InputError(`Bitrix24 user ${id} does not exist`, { field: 'userId' });
      return normaliseUser(wire);
    },

    async listUsers(maxPages = 10): Promise<User[]> {
      const page = await client.list('user.get', { FILTER: { ACTIVE: true } }, (result) => asList(result) as UserWire[], { maxPages });
      return page.items.map(normaliseUser);
    },

    async getDepartment(id: number): Promise<DepartmentWire | undefined> {
      return asList((await client.call<DepartmentWire[]>('department.get', { ID: id })).result)[0] as DepartmentWire | undefined;
    },

    /**
     * The head of the user's first department; when the user heads it, the head of the department
     * above (as Bitrix24's own "supervisor" does). Null when no department up the tree has another head.
     */
    async headOf(userId: number): Promise<{ user: User; head: User | null; department: DepartmentWire | null }> {
      const user = await api.getUser(userId);
      let departmentId: number | undefined = user.departmentIds[0];
      let first: DepartmentWire | null = null;
      for (let hop = 0; departmentId && hop < MAX_DEPARTMENT_HOPS; hop++) {
        const department = await api.getDepartment(departmentId);
        if (!department) break;
        first ??= department;
        const headId = asPositiveInt(department.UF_HEAD);
        if (headId && headId !== userId) return { user, head: await api.getUser(headId), department };
        departmentId = asPositiveInt(department.PARENT);
      }
      return { user, head: null, department: first };
    },

    async listLists(): Promise<{ id: string; name: string }[]> {
      const { result } = await client.call<unknown[]>('lists.get', { IBLOCK_TYPE_ID: 'lists' });
      return asList(result).map((l) => ({ id: String(field(l, 'ID') ?? ''), name: String(field(l, 'NAME') ?? '') })).filter((l) => l.id);
    },

    async listElements(listId: number, filter: Record<string, unknown>, maxPages: number): Promise<Page<ListElementWire>> {
      return client.list('lists.element.get', { IBLOCK_TYPE_ID: 'lists', IBLOCK_ID: listId, FILTER: filter, ELEMENT_ORDER: { ID: 'ASC' } },
        (result) => asList(result) as ListElementWire[], { maxPages });
    },

    /** Every stage of every pipeline of a CRM type: the pipelines in one call, their stages in one batch. */
    async stages(entityTypeId: number): Promise<Stage[]> {
      const { result } = await client.call('crm.category.list', { entityTypeId });
      const categories = asList(field(result, 'categories')).map((c) => ({ id: Number(field(c, 'id') ?? 0), name: String(field(c, 'name') ?? '') }));
      const commands = new Map<string, BatchCommand>(categories.slice(0, 50).map((c) => [`c${c.id}`, { method: 'crm.status.list', params: { filter: { ENTITY_ID: stageEntityId(entityTypeId, c.id) } } }]));
      const { results } = await client.batch(commands, { halt: true });
      return categories.flatMap((c) => asList(results.get(`c${c.id}`)).map((s) => stageOf(s as StatusWire, c.id, c.name)));
    },

    async stagesOf(entityTypeId: number, categoryId: number): Promise<Stage[]> {
      const { result } = await client.call<StatusWire[]>('crm.status.list', { filter: { ENTITY_ID: stageEntityId(entityTypeId, categoryId) } });
      return asList(result).map((s) => stageOf(s as StatusWire, categoryId, ''));
    },
  };
  return api;
}

export type Bitrix24Api = ReturnType<typeof bitrix24Api>;

interface ConnectContext {
  http: HttpClient;
  credentials<T>(connectionId: string): Promise<T>;
}

export async function connectBitrix24(ctx: ConnectContext, connectionId: string): Promise<Bitrix24Api> {
  return bitrix24ApiFor(ctx, readBitrix24Auth(await ctx.credentials<Record<string, unknown>>(connectionId)));
}

export function bitrix24ApiFor(ctx: Pick<ConnectContext, 'http'>, connection: Bitrix24Connection): Bitrix24Api {
  return bitrix24Api(bitrix24Client(ctx.http, connection));
}

/** A remote "no such …" as bad input naming the param that carried the id. */
export const orMissing = missingIn('Bitrix24');


function stageEntityId(entityTypeId: number, categoryId: number): string {
  if (entityTypeId === DEAL_ENTITY_TYPE_ID) return categoryId ? `DEAL_STAGE_${categoryId}` : 'DEAL_STAGE';
  if (entityTypeId === SMART_INVOICE_ENTITY_TYPE_ID) return `SMART_INVOICE_STAGE_${categoryId}`;
  return `DYNAMIC_${entityTypeId}_STAGE_${categoryId}`;
}

function stageOf(status: StatusWire, categoryId: number, categoryName: string): Stage {
  const word = status.EXTRA?.SEMANTICS ?? '';
  return {
    id: status.STATUS_ID,
    name: status.NAME,
    categoryId,
    categoryName,
    semantic: Object.hasOwn(SEMANTIC_LETTERS, word) ? SEMANTIC_LETTERS[word] : word ? null : 'P',
  };
}
