import type { FlowTemplate } from '../../flow-template';
import { bitrix24Connection, hookPath, hookPathParam, RU_CALENDAR, sharedTexts } from './shared';

/** Seed 003: a planned payment date that falls on a day off moves to the next working day of the RU production calendar. */
export const paymentDateWorkdayTemplate: FlowTemplate = {
  id: 'bitrix24-payment-date-workday',
  title: 'New invoice → move its payment date off days off (Bitrix24)',
  description: 'When a smart invoice is created with a planned payment date on a weekend or holiday of the RU production calendar, move the date to the next working day.',
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    hookPath: hookPathParam('Webhook path for "invoice created"'),
  },
  texts: {
    ru: {
      title: 'Новый счёт → перенести срок оплаты с выходного (Битрикс24)',
      description: 'Когда смарт-счёт создан с планируемой датой оплаты на выходной или праздник производственного календаря РФ, переносит её на ближайший следующий рабочий день.',
      params: { bitrix24Connection: sharedTexts.ru.bitrix24Connection, hookPath: sharedTexts.ru.hookPath('Путь вебхука «счёт создан»') },
      names: {
        'Payment dates on working days': 'Сроки оплаты — на рабочие дни',
        'Invoice created': 'Счёт создан',
        'Has a payment date?': 'Есть срок оплаты?',
        'Next working day': 'Ближайший рабочий день',
        'Was it a day off?': 'Это был выходной?',
        'Move the payment date': 'Перенести срок оплаты',
      },
    },
    es: {
      title: 'Factura nueva → sacar su fecha de pago de los días no laborables (Bitrix24)',
      description: 'Cuando se crea una factura inteligente con la fecha de pago prevista en fin de semana o en un festivo del calendario laboral ruso, la pasa al siguiente día laborable.',
      params: { bitrix24Connection: sharedTexts.es.bitrix24Connection, hookPath: sharedTexts.es.hookPath('Ruta del webhook «factura creada»') },
      names: {
        'Payment dates on working days': 'Fechas de pago en días laborables',
        'Invoice created': 'Factura creada',
        'Has a payment date?': '¿Tiene fecha de pago?',
        'Next working day': 'Siguiente día laborable',
        'Was it a day off?': '¿Era un día no laborable?',
        'Move the payment date': 'Mover la fecha de pago',
      },
    },
  },
  flows(p, unique) {
    const connection = p.bitrix24Connection;
    return [{
      name: 'Payment dates on working days',
      graph: {
        schema: 1,
        settings: RU_CALENDAR,
        nodes: [
          { id: 'created', type: 'bitrix24.invoiceCreated', name: 'Invoice created', position: { x: 0, y: 0 }, params: { connection, path: hookPath(p, 'hookPath', unique, 'invoice-created-date') } },
          { id: 'dated', type: 'core.if', name: 'Has a payment date?', position: { x: 280, y: 0 }, params: { condition: '{{ !!$trigger.invoice.fields.closedate }}' } },
          { id: 'shift', type: 'core.shiftToWorkday', name: 'Next working day', position: { x: 560, y: 0 }, params: { date: '{{ $trigger.invoice.fields.closedate }}', direction: 'next' } },
          { id: 'moved', type: 'core.if', name: 'Was it a day off?', position: { x: 840, y: 0 }, params: { condition: '{{ $steps.shift.shifted }}' } },
          { id: 'update', type: 'bitrix24.updateInvoice', name: 'Move the payment date', position: { x: 1120, y: 0 }, params: { connection, invoiceId: '{{ $trigger.invoice.id }}', closedate: '{{ $steps.shift.date }}' } },
        ],
        edges: [
          { from: 'created', to: 'dated' },
          { from: 'dated', port: 'true', to: 'shift' },
          { from: 'shift', to: 'moved' },
          { from: 'moved', port: 'true', to: 'update' },
        ],
      },
    }];
  },
};
