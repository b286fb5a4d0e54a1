import { bitrix24CredentialFields, readBitrix24Auth } from './auth';
import { defineConnector, type OptionSource } from '../../sdk';
import { bitrix24ApiFor } from './api';
import { bitrix24AddTodo } from './actions/add-todo';
import { bitrix24CreateInvoice } from './actions/create-invoice';
import { bitrix24CreateTask } from './actions/create-task';
import { bitrix24FindDepartmentHead } from './actions/find-department-head';
import { bitrix24GetDeal } from './actions/get-deal';
import { bitrix24GetContact } from './actions/get-contact';
import { bitrix24GetInvoice } from './actions/get-invoice';
import { bitrix24InvoicePdf } from './actions/invoice-pdf';
import { bitrix24ListElements } from './actions/list-elements';
import { bitrix24ListInvoiceProducts } from './actions/list-invoice-products';
import { bitrix24ListInvoices } from './actions/list-invoices';
import { bitrix24ListTasks } from './actions/list-tasks';
import { bitrix24NotifyUser } from './actions/notify-user';
import { bitrix24UpdateDeal } from './actions/update-deal';
import { bitrix24CreateDeal } from './actions/create-deal';
import { bitrix24AttachFile } from './actions/attach-file';
import { bitrix24UpdateInvoice } from './actions/update-invoice';
import { asText, field } from './form';
import { es } from './i18n/es';
import { ru } from './i18n/ru';
import { DEAL_FIELDS_SOURCE, DEAL_STAGES_SOURCE, INVOICE_STAGES_SOURCE, LISTS_SOURCE, USERS_SOURCE } from './props';
import { bitrix24DealCreated } from './triggers/deal-created';
import { bitrix24DealStageChanged } from './triggers/deal-stage-changed';
import { bitrix24DealUpdated } from './triggers/deal-updated';
import { bitrix24InvoiceCreated } from './triggers/invoice-created';
import { bitrix24InvoicePaid } from './triggers/invoice-paid';
import { bitrix24InvoiceStageChanged } from './triggers/invoice-stage-changed';
import { bitrix24TaskCompleted } from './triggers/task-completed';
import { bitrix24TaskUpdated } from './triggers/task-updated';
import { DEAL_ENTITY_TYPE_ID, SMART_INVOICE_ENTITY_TYPE_ID } from './types';

/** Loaders behind the dynamic selects (`optionsSource`): people, stages, deal fields and lists of the portal. */
export const bitrix24OptionSources: Record<string, OptionSource> = {
  async [USERS_SOURCE](credentials, ctx) {
    const users = await bitrix24ApiFor(ctx, readBitrix24Auth(credentials)).listUsers();
    return users.map((u) => ({ value: String(u.id), label: u.email ? `${u.name} (${u.email})` : u.name || `User ${u.id}` }));
  },
  async [DEAL_STAGES_SOURCE](credentials, ctx) {
    return stageOptions(await bitrix24ApiFor(ctx, readBitrix24Auth(credentials)).stages(DEAL_ENTITY_TYPE_ID));
  },
  async [INVOICE_STAGES_SOURCE](credentials, ctx) {
    return stageOptions(await bitrix24ApiFor(ctx, readBitrix24Auth(credentials)).stages(SMART_INVOICE_ENTITY_TYPE_ID));
  },
  async [DEAL_FIELDS_SOURCE](credentials, ctx) {
    const fields = await bitrix24ApiFor(ctx, readBitrix24Auth(credentials)).dealFields();
    return Object.entries(fields)
      .filter(([, meta]) => field(meta, 'isReadOnly') !== true)
      .map(([code, meta]) => ({ value: code, label: asText(field(meta, 'listLabel')) ?? asText(field(meta, 'formLabel')) ?? asText(field(meta, 'title')) ?? code }));
  },
  async [LISTS_SOURCE](credentials, ctx) {
    const lists = await bitrix24ApiFor(ctx, readBitrix24Auth(credentials)).listLists();
    return lists.map((l) => ({ value: l.id, label: l.name }));
  },
};

export const bitrix24Connector = defineConnector({
  key: 'bitrix24',
  title: 'Bitrix24',
  category: 'CRM',
  description: 'Bitrix24 CRM: react to deal, smart invoice and task events; read and update deals, contacts and invoices, print invoices as PDF, create and list tasks and to-dos, notify people, find their head of department, read lists.',
  credentials: { kind: 'custom', fields: bitrix24CredentialFields },
  async testConnection(credentials, ctx) {
    await bitrix24ApiFor(ctx, readBitrix24Auth(credentials)).profile();
  },
  nodes: [
    bitrix24DealCreated, bitrix24DealUpdated, bitrix24DealStageChanged, bitrix24InvoiceCreated, bitrix24InvoiceStageChanged, bitrix24InvoicePaid, bitrix24TaskUpdated, bitrix24TaskCompleted,
    bitrix24GetDeal, bitrix24CreateDeal, bitrix24UpdateDeal, bitrix24AttachFile, bitrix24GetContact, bitrix24CreateInvoice, bitrix24GetInvoice, bitrix24UpdateInvoice, bitrix24ListInvoices, bitrix24ListInvoiceProducts, bitrix24InvoicePdf,
    bitrix24CreateTask, bitrix24ListTasks, bitrix24AddTodo, bitrix24NotifyUser, bitrix24FindDepartmentHead, bitrix24ListElements,
  ],
  optionSources: bitrix24OptionSources,
  texts: { ru, es },
});

export {
  bitrix24DealCreated, bitrix24DealUpdated, bitrix24DealStageChanged, bitrix24InvoiceCreated, bitrix24InvoiceStageChanged, bitrix24InvoicePaid, bitrix24TaskUpdated, bitrix24TaskCompleted,
  bitrix24GetDeal, bitrix24CreateDeal, bitrix24UpdateDeal, bitrix24AttachFile, bitrix24GetContact, bitrix24CreateInvoice, bitrix24GetInvoice, bitrix24UpdateInvoice, bitrix24ListInvoices, bitrix24ListInvoiceProducts, bitrix24InvoicePdf,
  bitrix24CreateTask, bitrix24ListTasks, bitrix24AddTodo, bitrix24NotifyUser, bitrix24FindDepartmentHead, bitrix24ListElements,
};


function stageOptions(stages: { id: string; name: string; categoryName: string }[]): { value: string; label: string }[] {
  const pipelines = new Set(stages.map((s) => s.categoryName));
  return stages.map((s) => ({ value: s.id, label: pipelines.size > 1 ? `${s.categoryName}: ${s.name}` : s.name }));
}
