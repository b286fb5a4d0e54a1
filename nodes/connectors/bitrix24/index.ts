import { defineConnector, type OptionSource } from '../../sdk';
import { bitrix24ApiFor } from './api';
import { addTodoNode } from './actions/add-todo';
import { createInvoiceNode } from './actions/create-invoice';
import { createTaskNode } from './actions/create-task';
import { findDepartmentHeadNode } from './actions/find-department-head';
import { getDealNode } from './actions/get-deal';
import { getInvoiceNode } from './actions/get-invoice';
import { listElementsNode } from './actions/list-elements';
import { listInvoiceProductsNode } from './actions/list-invoice-products';
import { notifyUserNode } from './actions/notify-user';
import { updateDealNode } from './actions/update-deal';
import { updateInvoiceNode } from './actions/update-invoice';
import { asText, field } from './form';
import { es } from './i18n/es';
import { ru } from './i18n/ru';
import { DEAL_FIELDS_SOURCE, DEAL_STAGES_SOURCE, INVOICE_STAGES_SOURCE, LISTS_SOURCE, USERS_SOURCE } from './props';
import { dealCreatedTrigger } from './triggers/deal-created';
import { dealStageChangedTrigger } from './triggers/deal-stage-changed';
import { dealUpdatedTrigger } from './triggers/deal-updated';
import { invoiceCreatedTrigger } from './triggers/invoice-created';
import { invoicePaidTrigger } from './triggers/invoice-paid';
import { invoiceStageChangedTrigger } from './triggers/invoice-stage-changed';
import { taskCompletedTrigger } from './triggers/task-completed';
import { taskUpdatedTrigger } from './triggers/task-updated';
import { DEAL_ENTITY_TYPE_ID, SMART_INVOICE_ENTITY_TYPE_ID, type Bitrix24Connection } from './types';

/** Loaders behind the dynamic selects (`optionsSource`): people, stages, deal fields and lists of the portal. */
export const bitrix24OptionSources: Record<string, OptionSource> = {
  async [USERS_SOURCE](credentials, ctx) {
    const users = await bitrix24ApiFor(ctx, connectionOf(credentials)).listUsers();
    return users.map((u) => ({ value: String(u.id), label: u.email ? `${u.name} (${u.email})` : u.name || `User ${u.id}` }));
  },
  async [DEAL_STAGES_SOURCE](credentials, ctx) {
    return stageOptions(await bitrix24ApiFor(ctx, connectionOf(credentials)).stages(DEAL_ENTITY_TYPE_ID));
  },
  async [INVOICE_STAGES_SOURCE](credentials, ctx) {
    return stageOptions(await bitrix24ApiFor(ctx, connectionOf(credentials)).stages(SMART_INVOICE_ENTITY_TYPE_ID));
  },
  async [DEAL_FIELDS_SOURCE](credentials, ctx) {
    const fields = await bitrix24ApiFor(ctx, connectionOf(credentials)).dealFields();
    return Object.entries(fields)
      .filter(([, meta]) => field(meta, 'isReadOnly') !== true)
      .map(([code, meta]) => ({ value: code, label: asText(field(meta, 'listLabel')) ?? asText(field(meta, 'formLabel')) ?? asText(field(meta, 'title')) ?? code }));
  },
  async [LISTS_SOURCE](credentials, ctx) {
    const lists = await bitrix24ApiFor(ctx, connectionOf(credentials)).listLists();
    return lists.map((l) => ({ value: l.id, label: l.name }));
  },
};

export const bitrix24Connector = defineConnector({
  key: 'bitrix24',
  title: 'Bitrix24',
  category: 'CRM',
  description: 'Bitrix24 CRM: react to deal, smart invoice and task events; read and update deals and invoices, create tasks and to-dos, notify people, find their head of department, read lists.',
  credentials: {
    kind: 'custom',
    fields: {
      webhookUrl: {
        label: 'Inbound webhook URL',
        secret: true,
        required: true,
        placeholder: 'https://example.bitrix24.ru/rest/1/abcdef0123456789/',
        description: 'Developer resources → Other → Inbound webhook, with the scopes crm, task, im, user, department and lists. Calls run with the rights of the user who created it.',
      },
      applicationToken: {
        label: 'Outbound webhook application token',
        secret: true,
        description: 'Only for triggers: the token shown when the outbound webhook was created; events carrying another token are refused',
      },
    },
  },
  async testConnection(credentials, ctx) {
    await bitrix24ApiFor(ctx, connectionOf(credentials)).profile();
  },
  nodes: [
    dealCreatedTrigger, dealUpdatedTrigger, dealStageChangedTrigger, invoiceCreatedTrigger, invoiceStageChangedTrigger, invoicePaidTrigger, taskUpdatedTrigger, taskCompletedTrigger,
    getDealNode, updateDealNode, createInvoiceNode, getInvoiceNode, updateInvoiceNode, listInvoiceProductsNode, createTaskNode, addTodoNode, notifyUserNode, findDepartmentHeadNode, listElementsNode,
  ],
  optionSources: bitrix24OptionSources,
  texts: { ru, es },
});

export {
  dealCreatedTrigger, dealUpdatedTrigger, dealStageChangedTrigger, invoiceCreatedTrigger, invoiceStageChangedTrigger, invoicePaidTrigger, taskUpdatedTrigger, taskCompletedTrigger,
  getDealNode, updateDealNode, createInvoiceNode, getInvoiceNode, updateInvoiceNode, listInvoiceProductsNode, createTaskNode, addTodoNode, notifyUserNode, findDepartmentHeadNode, listElementsNode,
};
export { Bitrix24Simulator } from './simulator';

function connectionOf(credentials: Record<string, string>): Bitrix24Connection {
  return { webhookUrl: credentials.webhookUrl, applicationToken: credentials.applicationToken };
}

function stageOptions(stages: { id: string; name: string; categoryName: string }[]): { value: string; label: string }[] {
  const pipelines = new Set(stages.map((s) => s.categoryName));
  return stages.map((s) => ({ value: s.id, label: pipelines.size > 1 ? `${s.categoryName}: ${s.name}` : s.name }));
}
