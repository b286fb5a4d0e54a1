import type { FlowTemplate } from '../../flow-template';
import { bitrix24Connection, hookPath, hookPathParam, phrasesIn, RU_CALENDAR, sharedTexts, type Phrases, workdaysFromNow } from './shared';

const say: Phrases<{ title: string; description: string; told: string }> = {
  en: {
    title: '{{ $item.productName }} × {{ $item.quantity }}: invoice #{{ $trigger.invoice.id }}',
    description: 'Invoice #{{ $trigger.invoice.id }} is paid. Product row: {{ $item.productName }}, {{ $item.quantity }} {{ $item.measureName }} at {{ $item.price }}.',
    told: 'Invoice #{{ $trigger.invoice.id }} is paid: the deal moved on and {{ $steps.each.count }} tasks were created for its products.',
  },
  ru: {
    title: '{{ $item.productName }} × {{ $item.quantity }}: счёт №{{ $trigger.invoice.id }}',
    description: 'Счёт №{{ $trigger.invoice.id }} оплачен. Товарная позиция: {{ $item.productName }}, {{ $item.quantity }} {{ $item.measureName }} по {{ $item.price }}.',
    told: 'Счёт №{{ $trigger.invoice.id }} оплачен: сделка переведена на следующую стадию, по товарам счёта поставлено задач: {{ $steps.each.count }}.',
  },
  es: {
    title: '{{ $item.productName }} × {{ $item.quantity }}: factura n.º {{ $trigger.invoice.id }}',
    description: 'La factura n.º {{ $trigger.invoice.id }} está pagada. Línea de producto: {{ $item.productName }}, {{ $item.quantity }} {{ $item.measureName }} a {{ $item.price }}.',
    told: 'La factura n.º {{ $trigger.invoice.id }} está pagada: el negocio pasó a la siguiente etapa y se crearon {{ $steps.each.count }} tareas para sus productos.',
  },
};

/**
 * Seed 003: a paid invoice moves its deal to the next stage and gives the departments one task per
 * product row; the manager of the deal is told. "Last task done → accountant" is its companion template.
 */
export const paidProductTasksTemplate: FlowTemplate = {
  id: 'bitrix24-invoice-paid-product-tasks',
  title: 'Invoice paid → next deal stage and a task per product (Bitrix24)',
  description: 'When a smart invoice is paid, move its deal to the chosen stage, create one task per product row of the invoice (bound to the deal and the invoice, due in a few working days) and tell the manager.',
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    dealStageId: { label: 'Deal stage once the invoice is paid', kind: 'text', required: true, description: 'A stage id such as EXECUTING or C2:PREPAYMENT_INVOICE' },
    taskResponsibleId: { label: 'Who does the product tasks (Bitrix24 user id)', kind: 'number', required: true },
    taskWorkdays: { label: 'Working days to do a task', kind: 'number', default: 3 },
    hookPath: hookPathParam('Webhook path for "invoice paid"'),
  },
  texts: {
    ru: {
      title: 'Счёт оплачен → следующая стадия сделки и задача на каждый товар (Битрикс24)',
      description: 'Когда смарт-счёт оплачен, переводит его сделку на выбранную стадию, ставит по задаче на каждую товарную позицию счёта (с привязкой к сделке и счёту, сроком в несколько рабочих дней) и уведомляет менеджера.',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        dealStageId: { label: 'Стадия сделки после оплаты счёта', description: 'ID стадии, например EXECUTING или C2:PREPAYMENT_INVOICE' },
        taskResponsibleId: { label: 'Исполнитель задач по товарам (ID пользователя Битрикс24)' },
        taskWorkdays: { label: 'Рабочих дней на задачу' },
        hookPath: sharedTexts.ru.hookPath('Путь вебхука «счёт оплачен»'),
      },
      names: {
        'Paid invoice: next stage and product tasks': 'Оплаченный счёт: следующая стадия и задачи по товарам',
        'Invoice paid': 'Счёт оплачен',
        'Deal to the next stage': 'Сделку на следующую стадию',
        'Product rows of the invoice': 'Товары счёта',
        'For each product row': 'Для каждой позиции',
        'Task for the product': 'Задача по товару',
        'Tell the manager': 'Сообщить менеджеру',
      },
    },
    es: {
      title: 'Factura pagada → siguiente etapa del negocio y una tarea por producto (Bitrix24)',
      description: 'Cuando se paga una factura inteligente, pasa su negocio a la etapa elegida, crea una tarea por cada línea de producto de la factura (vinculada al negocio y a la factura, con plazo de unos días laborables) y avisa al gestor.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        dealStageId: { label: 'Etapa del negocio una vez pagada la factura', description: 'Un id de etapa como EXECUTING o C2:PREPAYMENT_INVOICE' },
        taskResponsibleId: { label: 'Quién hace las tareas de los productos (id de usuario de Bitrix24)' },
        taskWorkdays: { label: 'Días laborables por tarea' },
        hookPath: sharedTexts.es.hookPath('Ruta del webhook «factura pagada»'),
      },
      names: {
        'Paid invoice: next stage and product tasks': 'Factura pagada: siguiente etapa y tareas por producto',
        'Invoice paid': 'Factura pagada',
        'Deal to the next stage': 'Negocio a la siguiente etapa',
        'Product rows of the invoice': 'Productos de la factura',
        'For each product row': 'Para cada línea',
        'Task for the product': 'Tarea del producto',
        'Tell the manager': 'Avisar al gestor',
      },
    },
  },
  flows(p, unique, lang) {
    const connection = p.bitrix24Connection;
    const text = phrasesIn(say, lang);
    return [{
      name: 'Paid invoice: next stage and product tasks',
      graph: {
        schema: 1,
        settings: RU_CALENDAR,
        nodes: [
          { id: 'paid', type: 'bitrix24.invoicePaid', name: 'Invoice paid', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'invoice-paid-tasks') } },
          { id: 'move', type: 'bitrix24.updateDeal', name: 'Deal to the next stage', position: { x: 280, y: 0 }, params: { connection, dealId: '{{ $trigger.invoice.dealId }}', stageId: p.dealStageId } },
          { id: 'rows', type: 'bitrix24.listInvoiceProducts', name: 'Product rows of the invoice', position: { x: 560, y: 0 }, params: { connection, invoiceId: '{{ $trigger.invoice.id }}' } },
          { id: 'each', type: 'core.forEach', name: 'For each product row', position: { x: 840, y: 0 }, params: { items: '{{ $steps.rows.rows }}' } },
          {
            id: 'task', type: 'bitrix24.createTask', name: 'Task for the product', position: { x: 1120, y: -80 },
            params: {
              connection, title: text.title, description: text.description, responsibleId: p.taskResponsibleId,
              deadline: workdaysFromNow(p.taskWorkdays, 3), dealId: '{{ $trigger.invoice.dealId }}', invoiceId: '{{ $trigger.invoice.id }}',
            },
          },
          { id: 'tell', type: 'bitrix24.notifyUser', name: 'Tell the manager', position: { x: 1120, y: 80 }, params: { connection, userId: '{{ $trigger.invoice.assignedById }}', message: text.told } },
        ],
        edges: [
          { from: 'paid', to: 'move' },
          { from: 'move', to: 'rows' },
          { from: 'rows', to: 'each' },
          { from: 'each', port: 'item', to: 'task' },
          { from: 'each', port: 'done', to: 'tell' },
        ],
      },
    }];
  },
};
