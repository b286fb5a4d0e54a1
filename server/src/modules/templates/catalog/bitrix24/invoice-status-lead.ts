import type { FlowTemplate } from '../../flow-template';
import { bitrix24Connection, hookPath, hookPathParam, phrasesIn, sharedTexts, type Phrases } from './shared';

const from = "{{ $trigger.stage.previousId ?? '—' }}";
const say: Phrases<string> = {
  en: `Invoice #{{ $trigger.invoice.id }} (deal #{{ $trigger.invoice.dealId ?? '—' }}) for {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }}: status ${from} → {{ $trigger.stage.id }}`,
  ru: `Счёт №{{ $trigger.invoice.id }} (сделка №{{ $trigger.invoice.dealId ?? '—' }}) на {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }}: статус ${from} → {{ $trigger.stage.id }}`,
  es: `Factura n.º {{ $trigger.invoice.id }} (negocio n.º {{ $trigger.invoice.dealId ?? '—' }}) por {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }}: estado ${from} → {{ $trigger.stage.id }}`,
};

/** Seed 003: the project lead follows every status change of the deal's invoices as it happens. */
export const invoiceStatusLeadTemplate: FlowTemplate = {
  id: 'bitrix24-invoice-status-project-lead',
  title: 'Invoice status changed → tell the project lead (Bitrix24)',
  description: 'Whenever a smart invoice moves to another stage, the project lead gets a Bitrix24 notification with the invoice, its deal and the old and new status.',
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    projectLeadId: { label: 'Project lead (Bitrix24 user id)', kind: 'number', required: true },
    hookPath: hookPathParam('Webhook path for "invoice updated"'),
  },
  texts: {
    ru: {
      title: 'Статус счёта изменился → уведомить ведущего проекта (Битрикс24)',
      description: 'Когда смарт-счёт переходит на другую стадию, ведущий проекта получает уведомление в Битрикс24: счёт, его сделка, прежний и новый статус.',
      params: { bitrix24Connection: sharedTexts.ru.bitrix24Connection, projectLeadId: { label: 'Ведущий проекта (ID пользователя Битрикс24)' }, hookPath: sharedTexts.ru.hookPath('Путь вебхука «счёт изменён»') },
      names: {
        'Tell the project lead about invoice statuses': 'Уведомление ведущего проекта о статусах счетов',
        'Invoice status changed': 'Статус счёта изменился',
        'Notify the project lead': 'Уведомить ведущего проекта',
      },
    },
    es: {
      title: 'Cambia el estado de una factura → avisar al responsable del proyecto (Bitrix24)',
      description: 'Cada vez que una factura inteligente pasa a otra etapa, el responsable del proyecto recibe una notificación de Bitrix24 con la factura, su negocio y el estado anterior y el nuevo.',
      params: { bitrix24Connection: sharedTexts.es.bitrix24Connection, projectLeadId: { label: 'Responsable del proyecto (id de usuario de Bitrix24)' }, hookPath: sharedTexts.es.hookPath('Ruta del webhook «factura modificada»') },
      names: {
        'Tell the project lead about invoice statuses': 'Avisar al responsable del proyecto de los estados de las facturas',
        'Invoice status changed': 'Cambió el estado de la factura',
        'Notify the project lead': 'Notificar al responsable del proyecto',
      },
    },
  },
  flows(p, unique, lang) {
    const connection = p.bitrix24Connection;
    return [{
      name: 'Tell the project lead about invoice statuses',
      graph: {
        schema: 1,
        nodes: [
          { id: 'changed', type: 'bitrix24.invoiceStageChanged', name: 'Invoice status changed', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'invoice-status') } },
          { id: 'tell', type: 'bitrix24.notifyUser', name: 'Notify the project lead', position: { x: 280, y: 0 }, params: { connection, userId: p.projectLeadId, message: phrasesIn(say, lang) } },
        ],
        edges: [{ from: 'changed', to: 'tell' }],
      },
    }];
  },
};
