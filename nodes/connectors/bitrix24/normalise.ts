import { asList, asPositiveInt, asText, field } from './form';
import { TASK_COMPLETED, type Contact, type ContactWire, type CrmItemWire, type Deal, type DealWire, type Invoice, type Task, type TaskWire, type User, type UserWire } from './types';

export function normaliseDeal(wire: DealWire): Deal {
  return {
    id: asPositiveInt(wire.ID) ?? 0,
    title: asText(field(wire, 'TITLE')) ?? '',
    stageId: asText(wire.STAGE_ID) ?? '',
    categoryId: Number(wire.CATEGORY_ID ?? 0) || 0,
    stageSemantic: asText(field(wire, 'STAGE_SEMANTIC_ID')) ?? null,
    opportunity: toNumber(field(wire, 'OPPORTUNITY')),
    currency: asText(field(wire, 'CURRENCY_ID')) ?? null,
    assignedById: asPositiveInt(field(wire, 'ASSIGNED_BY_ID')) ?? null,
    companyId: asPositiveInt(field(wire, 'COMPANY_ID')) ?? null,
    contactId: asPositiveInt(field(wire, 'CONTACT_ID')) ?? null,
    closed: field(wire, 'CLOSED') === 'Y',
    fields: wire,
  };
}

/** `semantic` comes from the stage list when the item itself does not carry `stageSemanticId`. */
export function normaliseInvoice(wire: CrmItemWire, semantic?: string | null): Invoice {
  const stageSemantic = asText(wire.stageSemanticId) ?? semantic ?? null;
  return {
    id: asPositiveInt(wire.id) ?? 0,
    title: asText(field(wire, 'title')) ?? '',
    stageId: asText(wire.stageId) ?? '',
    categoryId: Number(wire.categoryId ?? 0) || 0,
    stageSemantic,
    paid: stageSemantic === 'S',
    opportunity: toNumber(field(wire, 'opportunity')),
    currency: asText(field(wire, 'currencyId')) ?? null,
    dealId: asPositiveInt(field(wire, 'parentId2')) ?? null,
    companyId: asPositiveInt(field(wire, 'companyId')) ?? null,
    contactId: asPositiveInt(field(wire, 'contactId')) ?? null,
    assignedById: asPositiveInt(field(wire, 'assignedById')) ?? null,
    fields: wire,
  };
}

export function normaliseTask(wire: TaskWire): Task {
  const crm = asList(field(wire, 'ufCrmTask')).map(asText).filter((v): v is string => !!v);
  const status = Number(wire.status ?? 0) || 0;
  return {
    id: asPositiveInt(wire.id) ?? 0,
    title: asText(field(wire, 'title')) ?? '',
    status,
    completed: status === TASK_COMPLETED,
    responsibleId: asPositiveInt(field(wire, 'responsibleId')) ?? null,
    createdBy: asPositiveInt(field(wire, 'createdBy')) ?? null,
    deadline: asText(field(wire, 'deadline')) ?? null,
    closedDate: asText(field(wire, 'closedDate')) ?? null,
    crm,
    dealIds: crm.map((binding) => /^D_(\d+)$/.exec(binding)?.[1]).filter((id): id is string => !!id).map(Number),
    fields: wire,
  };
}

export function normaliseContact(wire: ContactWire): Contact {
  const emails = multiField(wire.EMAIL);
  const phones = multiField(wire.PHONE);
  return {
    id: asPositiveInt(wire.ID) ?? 0,
    name: [wire.NAME, wire.LAST_NAME].filter((part) => typeof part === 'string' && part).join(' '),
    email: emails[0] ?? null,
    emails,
    phone: phones[0] ?? null,
    companyId: asPositiveInt(field(wire, 'COMPANY_ID')) ?? null,
    assignedById: asPositiveInt(field(wire, 'ASSIGNED_BY_ID')) ?? null,
    fields: wire,
  };
}

/** `[{ ID, VALUE_TYPE: 'WORK', VALUE: 'a@b.ru', TYPE_ID: 'EMAIL' }, …]` → the non-empty values. */
function multiField(value: unknown): string[] {
  return asList(value).map((entry) => asText(field(entry, 'VALUE'))?.trim()).filter((v): v is string => !!v);
}

export function normaliseUser(wire: UserWire): User {
  return {
    id: asPositiveInt(wire.ID) ?? 0,
    name: [wire.NAME, wire.LAST_NAME].filter((part) => typeof part === 'string' && part).join(' '),
    email: asText(wire.EMAIL) ?? null,
    position: asText(wire.WORK_POSITION) ?? null,
    active: wire.ACTIVE !== false,
    departmentIds: asList(wire.UF_DEPARTMENT).map(asPositiveInt).filter((id): id is number => id !== undefined),
  };
}

function toNumber(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : 0;
}
