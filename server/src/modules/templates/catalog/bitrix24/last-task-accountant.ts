import type { FlowTemplate } from '../../flow-template';
import { bitrix24Connection, hookPath, hookPathParam, phrasesIn, RU_CALENDAR, sharedTexts, type Phrases, workdaysFromNow } from './shared';

const invoiceOfTask = "{{ Number($trigger.task.crm.find((b) => /^SI_\\d+$/.test(b)).slice(3)) }}";
const say: Phrases<{ title: string; description: string }> = {
  en: {
    title: 'Prepare and agree the act of completed works for invoice #',
    description: 'Every task of invoice #{{ $steps.which.invoiceId }} is completed ({{ $steps.tasks.completed }} in all).',
  },
  ru: {
    title: 'Подготовить и согласовать акт выполненных работ по счёту №',
    description: 'Все задачи по счёту №{{ $steps.which.invoiceId }} завершены (всего {{ $steps.tasks.completed }}).',
  },
  es: {
    title: 'Preparar y acordar el acta de trabajos realizados de la factura n.º ',
    description: 'Todas las tareas de la factura n.º {{ $steps.which.invoiceId }} están completadas ({{ $steps.tasks.completed }} en total).',
  },
};

/**
 * Seed 003: once every task of an invoice is completed, the accountant gets a task for the act.
 * "The last one" is read from Bitrix24 each time a task of the invoice is completed: all of its tasks
 * are done and the act task does not exist yet. Runs go one at a time, so two tasks completed in the
 * same second still give a single act task.
 */
export const lastTaskAccountantTemplate: FlowTemplate = {
  id: 'bitrix24-last-task-accountant',
  title: "Last task of an invoice completed → the accountant's act task (Bitrix24)",
  description: 'When a task bound to a smart invoice is completed and it was the last open task of that invoice, give the accountant a task to prepare and agree the act of completed works, bound to the invoice and its deal.',
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    accountantId: { label: 'Accountant (Bitrix24 user id)', kind: 'number', required: true },
    actWorkdays: { label: 'Working days for the act', kind: 'number', default: 2 },
    hookPath: hookPathParam('Webhook path for "task updated"'),
  },
  texts: {
    ru: {
      title: 'Завершена последняя задача по счёту → задача бухгалтеру на акт (Битрикс24)',
      description: 'Когда завершена задача, привязанная к смарт-счёту, и это была последняя незавершённая задача по нему, ставит бухгалтеру задачу подготовить и согласовать акт выполненных работ с привязкой к счёту и сделке.',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        accountantId: { label: 'Бухгалтер (ID пользователя Битрикс24)' },
        actWorkdays: { label: 'Рабочих дней на акт' },
        hookPath: sharedTexts.ru.hookPath('Путь вебхука «задача изменена»'),
      },
      names: {
        "Last task of an invoice → accountant's act": 'Последняя задача по счёту → акт бухгалтеру',
        'Task completed': 'Задача завершена',
        'Bound to an invoice?': 'Привязана к счёту?',
        'Invoice and act of the task': 'Счёт задачи и название акта',
        'Tasks of the invoice': 'Задачи по счёту',
        'Was it the last one?': 'Это была последняя?',
        "Accountant's act task": 'Задача бухгалтеру на акт',
      },
    },
    es: {
      title: 'Se completa la última tarea de una factura → tarea del acta para la contable (Bitrix24)',
      description: 'Cuando se completa una tarea vinculada a una factura inteligente y era la última tarea abierta de esa factura, da a la contable una tarea para preparar y acordar el acta de trabajos realizados, vinculada a la factura y a su negocio.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        accountantId: { label: 'Contable (id de usuario de Bitrix24)' },
        actWorkdays: { label: 'Días laborables para el acta' },
        hookPath: sharedTexts.es.hookPath('Ruta del webhook «tarea modificada»'),
      },
      names: {
        "Last task of an invoice → accountant's act": 'Última tarea de una factura → acta para la contable',
        'Task completed': 'Tarea completada',
        'Bound to an invoice?': '¿Vinculada a una factura?',
        'Invoice and act of the task': 'Factura de la tarea y título del acta',
        'Tasks of the invoice': 'Tareas de la factura',
        'Was it the last one?': '¿Era la última?',
        "Accountant's act task": 'Tarea del acta para la contable',
      },
    },
  },
  flows(p, unique, lang) {
    const connection = p.bitrix24Connection;
    const text = phrasesIn(say, lang);
    const isAct = '(t) => t.title === $steps.which.actTitle';
    return [{
      name: "Last task of an invoice → accountant's act",
      graph: {
        schema: 1,
        // One at a time: a second run must see the act task the first one created.
        settings: { ...RU_CALENDAR, concurrency: { maxRuns: 1 } },
        nodes: [
          { id: 'done', type: 'bitrix24.taskCompleted', name: 'Task completed', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'task-completed-act') } },
          { id: 'bound', type: 'core.if', name: 'Bound to an invoice?', position: { x: 280, y: 0 }, params: { condition: '{{ $trigger.task.crm.some((b) => /^SI_\\d+$/.test(b)) }}' } },
          {
            id: 'which', type: 'core.map', name: 'Invoice and act of the task', position: { x: 560, y: 0 },
            params: { fields: { invoiceId: invoiceOfTask, dealId: '{{ $trigger.task.dealIds[0] ?? null }}', actTitle: `${text.title}${invoiceOfTask}` } },
          },
          { id: 'tasks', type: 'bitrix24.listTasks', name: 'Tasks of the invoice', position: { x: 840, y: 0 }, params: { connection, invoiceId: '{{ $steps.which.invoiceId }}' } },
          {
            id: 'last', type: 'core.if', name: 'Was it the last one?', position: { x: 1120, y: 0 },
            params: { condition: `{{ $steps.tasks.tasks.every((t) => t.completed || (${isAct})(t)) && !$steps.tasks.tasks.some(${isAct}) }}` },
          },
          {
            id: 'act', type: 'bitrix24.createTask', name: "Accountant's act task", position: { x: 1400, y: 0 },
            params: {
              connection, title: '{{ $steps.which.actTitle }}', description: text.description, responsibleId: p.accountantId,
              deadline: workdaysFromNow(p.actWorkdays, 2), invoiceId: '{{ $steps.which.invoiceId }}', dealId: '{{ $steps.which.dealId ?? undefined }}',
            },
          },
        ],
        edges: [
          { from: 'done', to: 'bound' },
          { from: 'bound', port: 'true', to: 'which' },
          { from: 'which', to: 'tasks' },
          { from: 'tasks', to: 'last' },
          { from: 'last', port: 'true', to: 'act' },
        ],
      },
    }];
  },
};
