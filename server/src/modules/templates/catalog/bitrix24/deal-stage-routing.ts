import type { FlowTemplate } from '../../flow-template';
import { bitrix24Connection, hookPath, hookPathParam, phrasesIn, RU_CALENDAR, sharedTexts, type Phrases, workdaysFromNow } from './shared';

const say: Phrases<{ invoice: string; task: string; description: string }> = {
  en: {
    invoice: 'Check-in: {{ $trigger.deal.title }}',
    task: 'Check-out: inspect and hand over "{{ $trigger.deal.title }}"',
    description: 'Deal #{{ $trigger.deal.id }} moved to check-out. Inspect the object, take the keys and settle the deposit.',
  },
  ru: {
    invoice: 'Заселение: {{ $trigger.deal.title }}',
    task: 'Выселение: принять объект «{{ $trigger.deal.title }}»',
    description: 'Сделка №{{ $trigger.deal.id }} перешла на стадию выселения. Осмотрите объект, примите ключи и рассчитайте залог.',
  },
  es: {
    invoice: 'Entrada: {{ $trigger.deal.title }}',
    task: 'Salida: revisar y recibir «{{ $trigger.deal.title }}»',
    description: 'El negocio n.º {{ $trigger.deal.id }} pasó a la salida. Revise el inmueble, recoja las llaves y liquide la fianza.',
  },
};

/**
 * Seed 003 (real estate agency): check-in and check-out are deal stages. Reaching either hands the
 * deal to the person on duty for that stage; check-in also invoices the stay, check-out sets a task.
 */
export const dealStageRoutingTemplate: FlowTemplate = {
  id: 'bitrix24-deal-stage-routing',
  title: 'Deal reaches check-in / check-out → new responsible, invoice or task (Bitrix24)',
  description: 'When a deal moves to the check-in stage, make the check-in manager responsible and create an invoice for the deal amount; when it moves to the check-out stage, make the check-out manager responsible and give them a check-out task. Other stage moves do nothing.',
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    checkInStageId: { label: 'Check-in stage', kind: 'text', required: true, description: 'A deal stage id, e.g. C2:PREPARATION' },
    checkInResponsibleId: { label: 'Responsible from check-in (Bitrix24 user id)', kind: 'number', required: true },
    checkOutStageId: { label: 'Check-out stage', kind: 'text', required: true, description: 'A deal stage id, e.g. C2:FINAL_INVOICE' },
    checkOutResponsibleId: { label: 'Responsible from check-out (Bitrix24 user id)', kind: 'number', required: true },
    hookPath: hookPathParam('Webhook path for "deal updated"'),
  },
  texts: {
    ru: {
      title: 'Сделка на заселении / выселении → новый ответственный, счёт или задача (Битрикс24)',
      description: 'Когда сделка переходит на стадию заселения, назначает ответственным менеджера по заселению и выставляет счёт на сумму сделки; на стадии выселения — назначает менеджера по выселению и ставит ему задачу. Другие смены стадии ничего не делают.',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        checkInStageId: { label: 'Стадия заселения', description: 'ID стадии сделки, например C2:PREPARATION' },
        checkInResponsibleId: { label: 'Ответственный с заселения (ID пользователя Битрикс24)' },
        checkOutStageId: { label: 'Стадия выселения', description: 'ID стадии сделки, например C2:FINAL_INVOICE' },
        checkOutResponsibleId: { label: 'Ответственный с выселения (ID пользователя Битрикс24)' },
        hookPath: sharedTexts.ru.hookPath('Путь вебхука «сделка изменена»'),
      },
      names: {
        'Check-in and check-out of deals': 'Заселение и выселение по сделкам',
        'Deal stage changed': 'Стадия сделки изменилась',
        'Which stage?': 'Какая стадия?',
        'Check-in manager responsible': 'Ответственный — менеджер заселения',
        'Invoice for the stay': 'Счёт за проживание',
        'Check-out manager responsible': 'Ответственный — менеджер выселения',
        'Check-out task': 'Задача на выселение',
      },
    },
    es: {
      title: 'El negocio llega a entrada / salida → nuevo responsable, factura o tarea (Bitrix24)',
      description: 'Cuando un negocio pasa a la etapa de entrada, hace responsable al gestor de entradas y crea una factura por el importe del negocio; cuando pasa a la de salida, hace responsable al gestor de salidas y le da una tarea de salida. Los demás cambios de etapa no hacen nada.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        checkInStageId: { label: 'Etapa de entrada', description: 'Un id de etapa de negocio, p. ej. C2:PREPARATION' },
        checkInResponsibleId: { label: 'Responsable desde la entrada (id de usuario de Bitrix24)' },
        checkOutStageId: { label: 'Etapa de salida', description: 'Un id de etapa de negocio, p. ej. C2:FINAL_INVOICE' },
        checkOutResponsibleId: { label: 'Responsable desde la salida (id de usuario de Bitrix24)' },
        hookPath: sharedTexts.es.hookPath('Ruta del webhook «negocio modificado»'),
      },
      names: {
        'Check-in and check-out of deals': 'Entradas y salidas de los negocios',
        'Deal stage changed': 'Cambió la etapa del negocio',
        'Which stage?': '¿Qué etapa?',
        'Check-in manager responsible': 'Responsable: gestor de entradas',
        'Invoice for the stay': 'Factura de la estancia',
        'Check-out manager responsible': 'Responsable: gestor de salidas',
        'Check-out task': 'Tarea de salida',
      },
    },
  },
  flows(p, unique, lang) {
    const connection = p.bitrix24Connection;
    const text = phrasesIn(say, lang);
    const deal = '{{ $trigger.deal.id }}';
    return [{
      name: 'Check-in and check-out of deals',
      graph: {
        schema: 1,
        settings: RU_CALENDAR,
        nodes: [
          { id: 'moved', type: 'bitrix24.dealStageChanged', name: 'Deal stage changed', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'deal-stage') } },
          {
            id: 'stage', type: 'core.switch', name: 'Which stage?', position: { x: 280, y: 0 },
            params: { value: '{{ $trigger.stage.id }}', cases: [{ port: 'checkIn', equals: p.checkInStageId }, { port: 'checkOut', equals: p.checkOutStageId }] },
          },
          { id: 'inOwner', type: 'bitrix24.updateDeal', name: 'Check-in manager responsible', position: { x: 560, y: -80 }, params: { connection, dealId: deal, assignedById: p.checkInResponsibleId } },
          {
            id: 'invoice', type: 'bitrix24.createInvoice', name: 'Invoice for the stay', position: { x: 840, y: -80 },
            params: {
              connection, dealId: deal, title: text.invoice, opportunity: '{{ $trigger.deal.opportunity }}', currencyId: '{{ $trigger.deal.currency ?? undefined }}',
              contactId: '{{ $trigger.deal.contactId ?? undefined }}', companyId: '{{ $trigger.deal.companyId ?? undefined }}', assignedById: p.checkInResponsibleId,
            },
          },
          { id: 'outOwner', type: 'bitrix24.updateDeal', name: 'Check-out manager responsible', position: { x: 560, y: 80 }, params: { connection, dealId: deal, assignedById: p.checkOutResponsibleId } },
          {
            id: 'task', type: 'bitrix24.createTask', name: 'Check-out task', position: { x: 840, y: 80 },
            params: { connection, title: text.task, description: text.description, responsibleId: p.checkOutResponsibleId, deadline: workdaysFromNow(1, 1), dealId: deal },
          },
        ],
        edges: [
          { from: 'moved', to: 'stage' },
          { from: 'stage', port: 'checkIn', to: 'inOwner' },
          { from: 'inOwner', to: 'invoice' },
          { from: 'stage', port: 'checkOut', to: 'outOwner' },
          { from: 'outOwner', to: 'task' },
        ],
      },
    }];
  },
};
