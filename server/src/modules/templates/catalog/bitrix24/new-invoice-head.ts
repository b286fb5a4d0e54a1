import type { FlowTemplate } from '../../flow-template';
import { bitrix24Connection, emailConnection, given, hookPath, hookPathParam, phrasesIn, sharedTexts, type Phrases } from './shared';

const say: Phrases<{ message: string; subject: string }> = {
  en: {
    message: 'New invoice #{{ $trigger.invoice.id }} "{{ $trigger.invoice.title }}" for {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} by {{ $steps.head.user.name }}',
    subject: 'New invoice #{{ $trigger.invoice.id }} by {{ $steps.head.user.name }}',
  },
  ru: {
    message: 'Новый счёт №{{ $trigger.invoice.id }} «{{ $trigger.invoice.title }}» на {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }}, менеджер {{ $steps.head.user.name }}',
    subject: 'Новый счёт №{{ $trigger.invoice.id }}, менеджер {{ $steps.head.user.name }}',
  },
  es: {
    message: 'Nueva factura n.º {{ $trigger.invoice.id }} «{{ $trigger.invoice.title }}» por {{ $trigger.invoice.opportunity }} {{ $trigger.invoice.currency }} de {{ $steps.head.user.name }}',
    subject: 'Nueva factura n.º {{ $trigger.invoice.id }} de {{ $steps.head.user.name }}',
  },
};

/** Seed 003: the head of department learns of each new invoice of their managers as it is made, not from the day's report. */
export const newInvoiceHeadTemplate: FlowTemplate = {
  id: 'bitrix24-new-invoice-head',
  title: 'New invoice → tell the head of department (Bitrix24)',
  description: "When a smart invoice is created, find the head of the responsible manager's department and send them a Bitrix24 notification, and an e-mail if a mail connection is given.",
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    emailConnection: emailConnection(false),
    hookPath: hookPathParam('Webhook path for "invoice created"'),
  },
  texts: {
    ru: {
      title: 'Новый счёт → уведомить руководителя отдела (Битрикс24)',
      description: 'При создании смарт-счёта находит руководителя отдела ответственного менеджера и отправляет ему уведомление в Битрикс24, а если задано подключение почты — ещё и письмо.',
      params: { bitrix24Connection: sharedTexts.ru.bitrix24Connection, emailConnection: sharedTexts.ru.optionalEmailConnection, hookPath: sharedTexts.ru.hookPath('Путь вебхука «счёт создан»') },
      names: {
        'Tell the head of department about new invoices': 'Уведомление руководителя отдела о новых счетах',
        'Invoice created': 'Счёт создан',
        "Manager's head of department": 'Руководитель отдела менеджера',
        'Head found?': 'Руководитель найден?',
        'Notify the head': 'Уведомить руководителя',
        'Head has an e-mail?': 'У руководителя есть e-mail?',
        'E-mail the head': 'Письмо руководителю',
      },
    },
    es: {
      title: 'Factura nueva → avisar al jefe de departamento (Bitrix24)',
      description: 'Cuando se crea una factura inteligente, busca al jefe del departamento del gestor responsable y le envía una notificación de Bitrix24, y un correo si se indica una conexión de correo.',
      params: { bitrix24Connection: sharedTexts.es.bitrix24Connection, emailConnection: sharedTexts.es.optionalEmailConnection, hookPath: sharedTexts.es.hookPath('Ruta del webhook «factura creada»') },
      names: {
        'Tell the head of department about new invoices': 'Avisar al jefe de departamento de las facturas nuevas',
        'Invoice created': 'Factura creada',
        "Manager's head of department": 'Jefe de departamento del gestor',
        'Head found?': '¿Hay jefe?',
        'Notify the head': 'Notificar al jefe',
        'Head has an e-mail?': '¿El jefe tiene correo?',
        'E-mail the head': 'Correo al jefe',
      },
    },
  },
  flows(p, unique, lang) {
    const connection = p.bitrix24Connection;
    const text = phrasesIn(say, lang);
    const mail = given(p, 'emailConnection');
    return [{
      name: 'Tell the head of department about new invoices',
      graph: {
        schema: 1,
        nodes: [
          { id: 'created', type: 'bitrix24.invoiceCreated', name: 'Invoice created', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'invoice-created') } },
          { id: 'head', type: 'bitrix24.findDepartmentHead', name: "Manager's head of department", position: { x: 280, y: 0 }, params: { connection, userId: '{{ $trigger.invoice.assignedById }}' } },
          { id: 'found', type: 'core.if', name: 'Head found?', position: { x: 560, y: 0 }, params: { condition: '{{ $steps.head.found }}' } },
          { id: 'tell', type: 'bitrix24.notifyUser', name: 'Notify the head', position: { x: 840, y: 0 }, params: { connection, userId: '{{ $steps.head.head.id }}', message: text.message } },
          ...(mail ? [
            { id: 'hasEmail', type: 'core.if', name: 'Head has an e-mail?', position: { x: 1120, y: 0 }, params: { condition: '{{ !!$steps.head.head.email }}' } },
            {
              id: 'mail', type: 'core.notify', name: 'E-mail the head', position: { x: 1400, y: 0 },
              params: { channel: 'email', emailConnection: p.emailConnection, to: '{{ $steps.head.head.email }}', subject: text.subject, text: text.message },
            },
          ] : []),
        ],
        edges: [
          { from: 'created', to: 'head' },
          { from: 'head', to: 'found' },
          { from: 'found', port: 'true', to: 'tell' },
          ...(mail ? [{ from: 'tell', to: 'hasEmail' }, { from: 'hasEmail', port: 'true', to: 'mail' }] : []),
        ],
      },
    }];
  },
};
