import type { FlowTemplate } from '../../flow-template';
import { bitrix24Connection, emailConnection, phrasesIn, RU_CALENDAR, sharedTexts, type Phrases } from './shared';

const payBy = "{{ $item.closedate ? $formatDate($item.closedate, 'dd.MM.yyyy') : '—' }}";
// What a reminder needs of an invoice: a loop's list must fit in one step's payload, whole invoices with all their fields may not.
const slim = '{{ $steps.invoices.invoices.map((i) => ({ id: i.id, dealId: i.dealId, contactId: i.contactId, opportunity: i.opportunity, currency: i.currency, closedate: i.fields.closedate })) }}';
const say: Phrases<{ subject: string; text: string }> = {
  en: {
    subject: 'Reminder: invoice #{{ $item.id }} is awaiting payment',
    text: `Hello, {{ $steps.contact.contact.name }}!\n\nA reminder that invoice #{{ $item.id }} for {{ $item.opportunity }} {{ $item.currency }} ("{{ $steps.deal.deal.title }}") is not paid yet. Payment due: ${payBy}.\n\nIf you have already paid, please ignore this message.`,
  },
  ru: {
    subject: 'Напоминание: счёт №{{ $item.id }} ожидает оплаты',
    text: `Здравствуйте, {{ $steps.contact.contact.name }}!\n\nНапоминаем, что счёт №{{ $item.id }} на {{ $item.opportunity }} {{ $item.currency }} по сделке «{{ $steps.deal.deal.title }}» ещё не оплачен. Срок оплаты: ${payBy}.\n\nЕсли вы уже оплатили счёт, просто не обращайте внимания на это письмо.`,
  },
  es: {
    subject: 'Recordatorio: la factura n.º {{ $item.id }} está pendiente de pago',
    text: `Hola, {{ $steps.contact.contact.name }}:\n\nLe recordamos que la factura n.º {{ $item.id }} por {{ $item.opportunity }} {{ $item.currency }} («{{ $steps.deal.deal.title }}») aún no está pagada. Fecha límite de pago: ${payBy}.\n\nSi ya la ha pagado, ignore este mensaje.`,
  },
};

/** Seed 003: clients of invoices still "sent to client" get a reminder on a schedule, on working days only. */
export const unpaidRemindersTemplate: FlowTemplate = {
  id: 'bitrix24-unpaid-invoice-reminders',
  title: 'Remind clients of unpaid invoices on working days (Bitrix24)',
  description: 'On a schedule (by default 10:00 Moscow time, Monday to Friday, skipping holidays of the RU production calendar), e-mail a reminder to the deal contact of every smart invoice still at "Sent to client".',
  connectors: ['bitrix24'],
  params: {
    bitrix24Connection,
    emailConnection: emailConnection(true),
    sentStageId: { label: 'Stage "Sent to client"', kind: 'text', required: true, description: 'Invoices at this stage are unpaid and get a reminder, e.g. DT31_1:S' },
    cron: { label: 'When (cron, Moscow time)', kind: 'text', default: '0 10 * * 1-5', description: 'Minute hour day month weekday; days off of the RU calendar are skipped' },
  },
  texts: {
    ru: {
      title: 'Напоминать клиентам о неоплаченных счетах по рабочим дням (Битрикс24)',
      description: 'По расписанию (по умолчанию в 10:00 по Москве с понедельника по пятницу, кроме праздников производственного календаря РФ) отправляет напоминание на e-mail контакта сделки по каждому смарт-счёту, который всё ещё в статусе «Отправлен клиенту».',
      params: {
        bitrix24Connection: sharedTexts.ru.bitrix24Connection,
        emailConnection: sharedTexts.ru.emailConnection,
        sentStageId: { label: 'Стадия «Отправлен клиенту»', description: 'Счета на этой стадии не оплачены и получают напоминание, например DT31_1:S' },
        cron: { label: 'Когда (cron, время московское)', description: 'Минута час день месяц день недели; выходные и праздники календаря РФ пропускаются' },
      },
      names: {
        'Remind clients of unpaid invoices': 'Напоминания клиентам о неоплаченных счетах',
        'Working days at 10:00': 'По рабочим дням в 10:00',
        'Invoices sent to clients': 'Счета, отправленные клиентам',
        'For each unpaid invoice': 'Для каждого неоплаченного счёта',
        'Deal of the invoice': 'Сделка счёта',
        'Contact of the deal': 'Контакт сделки',
        'E-mail the reminder': 'Отправить напоминание',
      },
    },
    es: {
      title: 'Recordar a los clientes las facturas sin pagar en días laborables (Bitrix24)',
      description: 'Según un horario (por defecto a las 10:00 hora de Moscú, de lunes a viernes, salvo festivos del calendario laboral ruso), envía un recordatorio al correo del contacto del negocio de cada factura inteligente que sigue en «Enviada al cliente».',
      params: {
        bitrix24Connection: sharedTexts.es.bitrix24Connection,
        emailConnection: sharedTexts.es.emailConnection,
        sentStageId: { label: 'Etapa «Enviada al cliente»', description: 'Las facturas en esta etapa no están pagadas y reciben un recordatorio, p. ej. DT31_1:S' },
        cron: { label: 'Cuándo (cron, hora de Moscú)', description: 'Minuto hora día mes día de la semana; se omiten los días no laborables del calendario ruso' },
      },
      names: {
        'Remind clients of unpaid invoices': 'Recordatorios de facturas sin pagar',
        'Working days at 10:00': 'Días laborables a las 10:00',
        'Invoices sent to clients': 'Facturas enviadas a los clientes',
        'For each unpaid invoice': 'Para cada factura sin pagar',
        'Deal of the invoice': 'Negocio de la factura',
        'Contact of the deal': 'Contacto del negocio',
        'E-mail the reminder': 'Enviar el recordatorio',
      },
    },
  },
  flows(p, _unique, lang) {
    const connection = p.bitrix24Connection;
    const text = phrasesIn(say, lang);
    return [{
      name: 'Remind clients of unpaid invoices',
      graph: {
        schema: 1,
        settings: RU_CALENDAR,
        nodes: [
          { id: 'schedule', type: 'core.schedule', name: 'Working days at 10:00', position: { x: 0, y: 0 }, params: { cron: String(p.cron ?? '0 10 * * 1-5'), workingDaysOnly: true, missed: 'skip' } },
          { id: 'invoices', type: 'bitrix24.listInvoices', name: 'Invoices sent to clients', position: { x: 280, y: 0 }, params: { connection, stageId: p.sentStageId, maxItems: 250 } },
          // One client without a contact or an e-mail must not keep the others from their reminder.
          { id: 'each', type: 'core.forEach', name: 'For each unpaid invoice', position: { x: 560, y: 0 }, params: { items: slim, onItemError: 'continue' } },
          { id: 'deal', type: 'bitrix24.getDeal', name: 'Deal of the invoice', position: { x: 840, y: 0 }, params: { connection, dealId: '{{ $item.dealId }}' } },
          { id: 'contact', type: 'bitrix24.getContact', name: 'Contact of the deal', position: { x: 1120, y: 0 }, params: { connection, contactId: '{{ $steps.deal.deal.contactId ?? $item.contactId }}' } },
          {
            id: 'mail', type: 'core.notify', name: 'E-mail the reminder', position: { x: 1400, y: 0 },
            params: { channel: 'email', emailConnection: p.emailConnection, to: '{{ $steps.contact.contact.email }}', subject: text.subject, text: text.text },
          },
        ],
        edges: [
          { from: 'schedule', to: 'invoices' },
          { from: 'invoices', to: 'each' },
          { from: 'each', port: 'item', to: 'deal' },
          { from: 'deal', to: 'contact' },
          { from: 'contact', to: 'mail' },
        ],
      },
    }];
  },
};
