import type { FlowTemplate } from '../../flow-template';
import { bitrix24Connection, hookPath, hookPathParam, phrasesIn, RU_CALENDAR, sharedTexts, type Phrases, workdaysFromNow } from './shared';

const say: Phrases<{ title: string; description: string }> = {
  en: {
    title: 'Meeting: check "{{ $trigger.task.title }}" with the client',
    description: 'Task #{{ $trigger.task.id }} "{{ $trigger.task.title }}" is completed. Check the work, agree it with the client and add comments if it needs corrections.',
  },
  ru: {
    title: 'Встреча: согласовать с клиентом «{{ $trigger.task.title }}»',
    description: 'Задача №{{ $trigger.task.id }} «{{ $trigger.task.title }}» завершена. Проверьте выполнение, согласуйте работу с заказчиком и при необходимости добавьте комментарии для доработки.',
  },
  es: {
    title: 'Reunión: revisar «{{ $trigger.task.title }}» con el cliente',
    description: 'La tarea n.º {{ $trigger.task.id }} «{{ $trigger.task.title }}» está completada. Revise el trabajo, acuérdelo con el cliente y añada comentarios si necesita correcciones.',
  },
};

/**
 * Seed 003: in a busy portal a completed task is easy to miss, so its completion puts a "meeting"
 * to-do on the deal for the deal's manager: check the work and agree it with the client.
 */
export const taskClosedMeetingTemplate: FlowTemplate = {
  id: 'bitrix24-task-closed-meeting',
  title: "Task completed → a meeting to-do on the deal for its manager (Bitrix24)",
  description: "When a task bound to a deal is completed, add a \"meeting\" to-do to that deal for the deal's responsible manager: check the work and agree it with the client.",
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    meetingWorkdays: { label: 'Working days until the meeting', kind: 'number', default: 1 },
    hookPath: hookPathParam('Webhook path for "task updated"'),
  },
  texts: {
    ru: {
      title: 'Задача завершена → дело «встреча» в сделке для её менеджера (Битрикс24)',
      description: 'Когда завершена задача, привязанная к сделке, добавляет в эту сделку дело «встреча» для ответственного менеджера: проверить выполнение и согласовать работу с клиентом.',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        meetingWorkdays: { label: 'Рабочих дней до встречи' },
        hookPath: sharedTexts.ru.hookPath('Путь вебхука «задача изменена»'),
      },
      names: {
        'Meeting after a completed task': 'Встреча по завершённой задаче',
        'Task completed': 'Задача завершена',
        'Bound to a deal?': 'Привязана к сделке?',
        'Deal of the task': 'Сделка задачи',
        'Meeting to-do for the manager': 'Дело «встреча» для менеджера',
      },
    },
    es: {
      title: 'Tarea completada → un pendiente de «reunión» en el negocio para su gestor (Bitrix24)',
      description: 'Cuando se completa una tarea vinculada a un negocio, añade a ese negocio un pendiente de «reunión» para su gestor responsable: revisar el trabajo y acordarlo con el cliente.',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        meetingWorkdays: { label: 'Días laborables hasta la reunión' },
        hookPath: sharedTexts.es.hookPath('Ruta del webhook «tarea modificada»'),
      },
      names: {
        'Meeting after a completed task': 'Reunión tras una tarea completada',
        'Task completed': 'Tarea completada',
        'Bound to a deal?': '¿Vinculada a un negocio?',
        'Deal of the task': 'Negocio de la tarea',
        'Meeting to-do for the manager': 'Pendiente de reunión para el gestor',
      },
    },
  },
  flows(p, unique, lang) {
    const connection = p.bitrix24Connection;
    const text = phrasesIn(say, lang);
    return [{
      name: 'Meeting after a completed task',
      graph: {
        schema: 1,
        settings: RU_CALENDAR,
        nodes: [
          { id: 'done', type: 'bitrix24.taskCompleted', name: 'Task completed', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'task-completed-meeting') } },
          { id: 'onDeal', type: 'core.if', name: 'Bound to a deal?', position: { x: 280, y: 0 }, params: { condition: '{{ $trigger.task.dealIds.length > 0 }}' } },
          { id: 'deal', type: 'bitrix24.getDeal', name: 'Deal of the task', position: { x: 560, y: 0 }, params: { connection, dealId: '{{ $trigger.task.dealIds[0] }}' } },
          {
            id: 'meeting', type: 'bitrix24.addTodo', name: 'Meeting to-do for the manager', position: { x: 840, y: 0 },
            params: {
              connection, ownerType: 'deal', ownerId: '{{ $steps.deal.deal.id }}', title: text.title, description: text.description,
              deadline: workdaysFromNow(p.meetingWorkdays, 1), responsibleId: '{{ $steps.deal.deal.assignedById ?? undefined }}',
            },
          },
        ],
        edges: [{ from: 'done', to: 'onDeal' }, { from: 'onDeal', port: 'true', to: 'deal' }, { from: 'deal', to: 'meeting' }],
      },
    }];
  },
};
